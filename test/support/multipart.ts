import type { KMSClient } from '@aws-sdk/client-kms'
import { CreateKeyCommand } from '@aws-sdk/client-kms'
import {
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type CreateMultipartUploadCommandInput,
  type S3Client,
  UploadPartCommand,
  type UploadPartCommandInput,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import type { MockAws } from '../../src/index.js'
import { createHasher } from '../../src/crypto/checksums.js'

/** Multipart test helpers: deterministic bodies, AWS's ETag and checksum formulas, SDK calls. */
export const MiB = 1024 * 1024
export const NO_SUCH_UPLOAD =
  'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.'

/** Deterministic, position-dependent bytes, so a misplaced slice shows. */
export function data(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed * 7 + (i >> 12)) & 0xff
  return out
}
export const md5 = (b: Uint8Array): Buffer => createHash('md5').update(b).digest()
const crc32Bytes = (b: Uint8Array): Buffer => {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(crc32(b))
  return out
}
export const crc32B64 = (b: Uint8Array): string => crc32Bytes(b).toString('base64')
/** S3's multipart ETag: MD5 of the binary part ETags, then the count. */
export const multipartETag = (partETags: readonly string[]): string =>
  `"${md5(Buffer.concat(partETags.map((e) => Buffer.from(e.replace(/"/g, ''), 'hex')))).toString('hex')}-${partETags.length}"`
/** COMPOSITE CRC32: the CRC32 of the parts' big-endian CRC32s, then the count. */
export const compositeCrc32 = (parts: readonly Buffer[]): string =>
  `${crc32B64(Buffer.concat(parts.map(crc32Bytes)))}-${parts.length}`
export const crc64nvme = (b: Uint8Array): string => {
  const hasher = createHasher('CRC64NVME')
  hasher.update(b)
  return Buffer.from(hasher.digest()).toString('base64')
}

/** SDK calls against one bucket, `big.bin` unless a key is given. */
export function multipartClient(s3: S3Client, kms: KMSClient, aws: MockAws, bucket = 'data') {
  async function create(extra: Partial<CreateMultipartUploadCommandInput> = {}, key = 'big.bin') {
    const out = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ...extra }),
    )
    return { ...out, UploadId: out.UploadId! }
  }
  function part(
    uploadId: string,
    partNumber: number,
    body: NonNullable<UploadPartCommandInput['Body']>,
    extra: Partial<UploadPartCommandInput> = {},
    key = 'big.bin',
  ) {
    return s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: partNumber,
        Body: body,
        ...extra,
      }),
    )
  }
  function complete(uploadId: string, parts: CompletedPart[], key = 'big.bin') {
    return s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    )
  }
  /** Uploads `bodies` as parts 1..n and returns what Complete needs. */
  async function uploadAll(uploadId: string, bodies: readonly Buffer[]): Promise<CompletedPart[]> {
    const parts: CompletedPart[] = []
    for (const [i, body] of bodies.entries()) {
      const out = await part(uploadId, i + 1, body)
      parts.push({ PartNumber: i + 1, ETag: out.ETag!, ChecksumCRC32: out.ChecksumCRC32! })
    }
    return parts
  }
  async function newKey(): Promise<{ id: string; arn: string }> {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    return { id: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! }
  }
  /** KMS calls S3 made (invokedBy s3.amazonaws.com). */
  const s3KmsCalls = (eventName: string) =>
    aws.audit.events({
      eventSource: 'kms.amazonaws.com',
      eventName,
      userIdentity: { invokedBy: 's3.amazonaws.com' },
    })
  return { create, part, complete, uploadAll, newKey, s3KmsCalls }
}
