import {
  type ChecksumAlgorithm,
  combineFullObjectCrc,
  compositeChecksum,
  createHasher,
  type CrcAlgorithm,
  toBase64,
} from '../crypto/checksums.js'
import {
  BadDigest,
  EntityTooSmall,
  InvalidArgument,
  InvalidPart,
  InvalidPartOrder,
  InvalidRequest,
  MalformedXML,
} from './errors.js'
import type { PartLayout, StoredChecksum } from './object-version.js'
import {
  checksumsIn,
  checksumTypeMismatch,
  decodeDigest,
  MIN_PART_SIZE,
  unquote,
} from './uploads.js'
import { type MultipartUpload, type UploadedPart } from './upload.js'

/** `ChecksumCRC32`, `ChecksumSHA256`, … as CompleteMultipartUpload names them. */
export type ChecksumMembers = Partial<Record<`Checksum${ChecksumAlgorithm}`, string>>

export interface CompletedPart extends ChecksumMembers {
  PartNumber: number
  ETag: string
}

/** What Complete asks for: the parts, the checksum mode, and optionally the whole checksum. */
export interface CompletionRequest extends ChecksumMembers {
  UploadId: string
  MultipartUpload: { Parts: CompletedPart[] }
  ChecksumType?: string
}

/** The object a valid Complete makes, computed without touching state. */
export interface AssembledObject {
  readonly parts: readonly UploadedPart[]
  readonly layouts: readonly PartLayout[]
  readonly size: number
  readonly eTag: string
  readonly checksum: StoredChecksum
}

type Claim = readonly [ChecksumAlgorithm, string] | undefined

/**
 * Validates a CompleteMultipartUpload against the upload and computes the object (CompleteMPU API
 * reference; texts as pinned against AWS by openstack/swift's s3api checksum tests):
 * no parts → MalformedXML; numbers not ascending → InvalidPartOrder; unknown part or other ETag →
 * InvalidPart; COMPOSITE upload without a part checksum → InvalidRequest; a non-last part under
 * 5 MiB → EntityTooSmall; a part checksum that is not the stored one → InvalidPart; a whole-object
 * checksum that does not match → BadDigest. COMPOSITE checks the whole value (computed from the
 * part checksums the request lists) before the parts' values, FULL_OBJECT after, as AWS does.
 */
export function assembleUpload(
  upload: MultipartUpload,
  request: CompletionRequest,
): AssembledObject {
  const requested = request.MultipartUpload.Parts
  if (requested.length === 0) throw new MalformedXML()
  let previous = 0
  for (const { PartNumber } of requested) {
    if (PartNumber <= previous) throw new InvalidPartOrder(upload.uploadId)
    previous = PartNumber
  }
  const mode = upload.checksum
  if (
    mode !== undefined &&
    request.ChecksumType !== undefined &&
    request.ChecksumType !== mode.type
  ) {
    throw new InvalidRequest(
      `The upload was created using the ${mode.type} checksum mode. The complete request must use the same checksum mode.`,
    )
  }
  const whole = wholeClaim(upload, request)

  const parts: UploadedPart[] = []
  const claims: Claim[] = []
  for (const asked of requested) {
    const stored = upload.parts.get(asked.PartNumber)
    if (stored === undefined || unquote(stored.eTag) !== unquote(asked.ETag)) {
      throw new InvalidPart(upload.uploadId, asked.PartNumber, unquote(asked.ETag))
    }
    const claim = partClaim(asked)
    if (mode?.type === 'COMPOSITE' && claim === undefined) {
      throw new InvalidRequest(
        `The upload was created using a ${mode.algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${asked.PartNumber} in the request.`,
      )
    }
    parts.push(stored)
    claims.push(claim)
  }
  parts.forEach((part, i) => {
    if (i < parts.length - 1 && part.size < MIN_PART_SIZE) {
      throw new EntityTooSmall(part.size, MIN_PART_SIZE, part.partNumber, unquote(part.eTag))
    }
  })

  const checkClaims = (): void => {
    parts.forEach((part, i) => {
      const claim = claims[i]
      if (claim !== undefined && part.checksums[claim[0]] !== claim[1]) {
        throw new InvalidPart(upload.uploadId, part.partNumber, unquote(part.eTag))
      }
    })
  }
  const checksum = objectChecksum(upload, parts)
  if (mode?.type === 'COMPOSITE') {
    if (whole !== undefined) checkComposite(mode.algorithm, whole, claims, parts.length)
    checkClaims()
  } else {
    checkClaims()
    if (whole !== undefined && whole.value !== checksum.value) {
      throw BadDigest.checksum(checksum.algorithm.toLowerCase())
    }
  }

  const md5 = createHasher('MD5')
  for (const part of parts) md5.update(Buffer.from(unquote(part.eTag), 'hex'))
  return {
    parts,
    layouts: parts.map((part) => {
      const value = part.checksums[checksum.algorithm]
      return {
        partNumber: part.partNumber,
        size: part.size,
        eTag: part.eTag,
        ...(value === undefined
          ? {}
          : { checksum: { algorithm: checksum.algorithm, value, type: checksum.type } }),
      }
    }),
    size: parts.reduce((sum, p) => sum + p.size, 0),
    // The multipart ETag: MD5 of the parts' binary ETags, then the part count (S3 user guide,
    // "Checking object integrity"); no copy or re-read of the data.
    eTag: `"${Buffer.from(md5.digest()).toString('hex')}-${parts.length}"`,
    checksum,
  }
}

/** One checksum per part at most, well-formed base64 of the algorithm's size. */
function partClaim(part: CompletedPart): Claim {
  const given = checksumsIn(part)
  const first = given[0]
  if (first === undefined) return undefined
  if (given.length > 1 || decodeDigest(first[1], first[0]) === undefined) {
    throw new InvalidArgument(
      'Invalid Base64 or multiple checksums present in request',
      'Checksum',
      given.map(([a, v]) => `${a}:${v};`).join(''),
    )
  }
  return first
}

/**
 * The whole-object checksum header of Complete. Uploads created without an algorithm ignore it
 * (S3 keeps its CRC64NVME default); otherwise it must be of the create's algorithm, and only a
 * COMPOSITE value may carry the `-N` part count.
 */
function wholeClaim(
  upload: MultipartUpload,
  request: CompletionRequest,
): { value: string; parts: number | undefined } | undefined {
  const mode = upload.checksum
  const claim = checksumsIn(request)[0]
  if (mode === undefined || claim === undefined) return undefined
  const [algorithm, raw] = claim
  if (algorithm !== mode.algorithm) throw checksumTypeMismatch(mode.algorithm, algorithm)
  const match = /^([^-]*)(?:-(\d+))?$/.exec(raw)
  const value = match?.[1]
  const count = match?.[2]
  if (
    value === undefined ||
    decodeDigest(value, algorithm) === undefined ||
    (count !== undefined && mode.type !== 'COMPOSITE')
  ) {
    throw new InvalidRequest(
      `Value for x-amz-checksum-${algorithm.toLowerCase()} header is invalid.`,
    )
  }
  return { value, parts: count === undefined ? undefined : Number(count) }
}

function checkComposite(
  algorithm: ChecksumAlgorithm,
  whole: { value: string; parts: number | undefined },
  claims: readonly Claim[],
  count: number,
): void {
  const digests: Uint8Array[] = []
  for (const claim of claims) {
    // A part checksum of another algorithm fails as InvalidPart in checkClaims.
    if (claim?.[0] !== algorithm) return
    digests.push(Buffer.from(claim[1], 'base64'))
  }
  const expected = compositeChecksum(algorithm, digests)
  if (`${whole.value}-${whole.parts ?? count}` !== expected) {
    throw BadDigest.checksum(algorithm.toLowerCase())
  }
}

/**
 * The object's checksum: COMPOSITE `base64(hash(part digests))-N`, FULL_OBJECT the CRC of the
 * whole object combined from the parts' CRCs and lengths, and CRC64NVME FULL_OBJECT when the
 * create named no algorithm (S3's default since 2025, "Checking object integrity").
 */
function objectChecksum(upload: MultipartUpload, parts: readonly UploadedPart[]): StoredChecksum {
  const mode = upload.checksum ?? { algorithm: 'CRC64NVME' as const, type: 'FULL_OBJECT' as const }
  const digests = parts.map((part) => Buffer.from(part.checksums[mode.algorithm] ?? '', 'base64'))
  if (mode.type === 'COMPOSITE') {
    return { ...mode, value: compositeChecksum(mode.algorithm, digests) }
  }
  const combined = combineFullObjectCrc(
    mode.algorithm as CrcAlgorithm,
    parts.map((part, i) => ({ digest: digests[i] ?? new Uint8Array(), length: part.size })),
  )
  return { ...mode, value: toBase64(combined) }
}
