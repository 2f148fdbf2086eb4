import {
  AnnotationNameTooLong,
  InvalidAnnotationName,
  InvalidPrefix,
  UnsupportedMediaType,
} from './errors-annotations.js'
import { InvalidRequest } from './errors.js'

/**
 * S3's rules for object annotations (user guide, "Annotating your objects": limits and naming
 * rules; PutObjectAnnotation API reference).
 */

/** "An annotation name can be up to 512 bytes in length (UTF-8)". */
export const MAX_ANNOTATION_NAME_BYTES = 512
/** "An annotation payload must be between 1 byte and 1 MiB in size". */
export const MAX_ANNOTATION_PAYLOAD_BYTES = 1024 * 1024
/** "Each object version supports up to 1,000 annotations". */
export const MAX_ANNOTATIONS_PER_VERSION = 1000

/** "letters (any language), digits (0-9), underscore (_), period (.), and hyphen (-)". */
const NAME_CHARACTERS = /^[\p{L}0-9_.-]+$/u
/** "Cannot start with aws or s3 (case-insensitive)". */
const RESERVED_PREFIX = /^(aws|s3)/i

/**
 * A name PutObjectAnnotation accepts: too long first (its own code), then the characters and the
 * reserved prefixes (InvalidAnnotationName). The order of the two checks is _uncaptured_.
 */
export function assertAnnotationName(name: string): void {
  if (Buffer.byteLength(name, 'utf8') > MAX_ANNOTATION_NAME_BYTES) {
    throw new AnnotationNameTooLong(name)
  }
  if (!NAME_CHARACTERS.test(name) || RESERVED_PREFIX.test(name)) {
    throw new InvalidAnnotationName(name)
  }
}

/**
 * An `annotation-prefix` some valid name could start with: at most 512 bytes of the name
 * characters. What S3 calls an invalid prefix is _uncaptured_; this is the nearest reading of the
 * naming rules (a reserved prefix is not refused: it simply matches nothing).
 */
export function assertAnnotationPrefix(prefix: string): void {
  if (prefix === '') return
  if (
    Buffer.byteLength(prefix, 'utf8') > MAX_ANNOTATION_NAME_BYTES ||
    !NAME_CHARACTERS.test(prefix)
  ) {
    throw new InvalidPrefix(prefix)
  }
}

/** The size refusal: InvalidRequest, as the API reference lists; the text is _uncaptured_. */
const payloadSizeError = (): InvalidRequest =>
  new InvalidRequest('The annotation payload must be between 1 byte and 1 MiB in size.')

/**
 * Reads a payload whole (at most 1 MiB, so holding it is bounded): refused past the limit without
 * reading further, refused when empty, and 415 when it is not UTF-8 ("If the payload contains
 * invalid UTF-8 bytes, the request fails with HTTP 415").
 */
export async function readAnnotationPayload(
  body: ReadableStream<Uint8Array>,
  declaredLength: number | undefined,
): Promise<Uint8Array> {
  if (declaredLength !== undefined && declaredLength > MAX_ANNOTATION_PAYLOAD_BYTES) {
    throw payloadSizeError()
  }
  const chunks: Uint8Array[] = []
  let length = 0
  const reader = body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    length += value.length
    if (length > MAX_ANNOTATION_PAYLOAD_BYTES) {
      await reader.cancel().catch(() => undefined)
      throw payloadSizeError()
    }
    chunks.push(value)
  }
  if (length === 0) throw payloadSizeError()
  const payload = Buffer.concat(chunks, length)
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(payload)
  } catch {
    throw new UnsupportedMediaType()
  }
  return payload
}
