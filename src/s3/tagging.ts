import { InvalidArgument } from './errors.js'
import { BadRequest, InvalidTag } from './errors-config.js'

/** One tag, named as S3's `Tag` shape. */
export interface Tag {
  readonly Key: string
  readonly Value: string
}

/** "You can associate up to 10 tags with an object" (S3 user guide, object tagging). */
export const MAX_OBJECT_TAGS = 10
/** "A tag set can contain as many as 50 tags" (S3 user guide, bucket tagging). */
export const MAX_BUCKET_TAGS = 50
/**
 * "A tag key can be up to 128 Unicode characters in length, and tag values can be up to 256 …
 * object tags are internally represented in UTF-16": lengths count UTF-16 code units, which is
 * what a JavaScript string's length is.
 */
const MAX_KEY_LENGTH = 128
const MAX_VALUE_LENGTH = 256
/** "Unicode letters or numbers, white space, and the following symbols: _ . : / = + @ -". */
const ALLOWED = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u

const HEADER_ERROR =
  "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates."

function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    throw new InvalidArgument(HEADER_ERROR, 'x-amz-tagging', text)
  }
}

/**
 * The tags of an `x-amz-tagging` header (or POST form field): URL query parameters, form-decoded.
 * A key without `=` holds the empty value (ceph s3-tests `test_put_obj_with_tags`); a pair with a
 * second `=` or a repeated key is S3's InvalidArgument (observed, aws-cli#2841).
 */
export function parseTaggingHeader(header: string): Tag[] {
  const tags: Tag[] = []
  const seen = new Set<string>()
  for (const pair of header.split('&')) {
    if (pair === '') continue
    const at = pair.indexOf('=')
    if (at !== -1 && pair.includes('=', at + 1)) {
      throw new InvalidArgument(HEADER_ERROR, 'x-amz-tagging', header)
    }
    const key = formDecode(at === -1 ? pair : pair.slice(0, at))
    const value = at === -1 ? '' : formDecode(pair.slice(at + 1))
    if (seen.has(key)) throw new InvalidArgument(HEADER_ERROR, 'x-amz-tagging', header)
    seen.add(key)
    tags.push({ Key: key, Value: value })
  }
  return tags
}

/**
 * Checks each tag as S3 does: key 1–128 and value 0–256 UTF-16 units of the allowed characters,
 * no `aws:` key, no repeated key. The texts for characters and duplicates are S3's (observed);
 * the length texts are _uncaptured_ and share the character texts, as S3's one code does.
 */
function assertTags(tags: readonly Tag[]): void {
  const seen = new Set<string>()
  for (const { Key, Value } of tags) {
    if (Key.length === 0 || Key.length > MAX_KEY_LENGTH || !ALLOWED.test(Key)) {
      throw new InvalidTag('The TagKey you have provided is invalid')
    }
    if (Value.length > MAX_VALUE_LENGTH || !ALLOWED.test(Value)) {
      throw new InvalidTag('The TagValue you have provided is invalid')
    }
    // _uncaptured_: moto's text; AWS reserves the prefix ("you can't assign" it).
    if (Key.toLowerCase().startsWith('aws:')) {
      throw new InvalidTag('Your TagKey cannot be prefixed with aws:')
    }
    if (seen.has(Key)) throw new InvalidTag('Cannot provide multiple Tags with the same key')
    seen.add(Key)
  }
}

/** An object's tag set, validated: at most 10 ("Object tags cannot be greater than 10", observed). */
export function validObjectTags(tags: readonly Tag[]): readonly Tag[] {
  if (tags.length > MAX_OBJECT_TAGS) {
    throw new BadRequest('Object tags cannot be greater than 10')
  }
  assertTags(tags)
  return tags.map(({ Key, Value }) => ({ Key, Value }))
}

/** A bucket's tag set, validated: at most 50 (the count text is _uncaptured_). */
export function validBucketTags(tags: readonly Tag[]): readonly Tag[] {
  if (tags.length > MAX_BUCKET_TAGS) {
    throw new BadRequest('Bucket tag count cannot be greater than 50')
  }
  assertTags(tags)
  return tags.map(({ Key, Value }) => ({ Key, Value }))
}

/** `x-amz-tagging-count` on GET and HEAD: only when the version has tags. */
export function taggingCount(tags: readonly Tag[] | undefined): { TagCount?: number } {
  return tags === undefined || tags.length === 0 ? {} : { TagCount: tags.length }
}
