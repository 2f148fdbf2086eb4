import { createHash } from 'node:crypto'
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/index.js'
import { setupMockAws } from '../../../src/node.js'
import { stateSnapshot } from '../../support/state-snapshot.js'
import { testCredentials } from '../../support/kms.js'

/**
 * Deterministic mode for S3 (SPEC §5.4): a scenario run in two worlds with the same seed (and the
 * same clock) leaves byte-identical state — key ids and material, data keys, IVs, version ids,
 * upload ids, ETags and the bytes at rest — and answers with the same ids.
 */
const s3 = new S3Client({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })
const kms = new KMSClient({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })
const MiB = 1024 * 1024
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

async function scenario(): Promise<Record<string, unknown>> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  await s3.send(new CreateBucketCommand({ Bucket: 'seeded' }))
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: 'seeded',
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  )
  const kmsPut = await s3.send(
    new PutObjectCommand({
      Bucket: 'seeded',
      Key: 'kms.txt',
      Body: 'under KMS',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KeyMetadata!.KeyId!,
    }),
  )
  const s3Put = await s3.send(
    new PutObjectCommand({ Bucket: 'seeded', Key: 's3.txt', Body: 'under S3' }),
  )
  const upload = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: 'seeded',
      Key: 'big.bin',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KeyMetadata!.KeyId!,
    }),
  )
  const parts = []
  for (const [i, body] of [Buffer.alloc(5 * MiB, 1), Buffer.from('tail')].entries()) {
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: 'seeded',
        Key: 'big.bin',
        UploadId: upload.UploadId!,
        PartNumber: i + 1,
        Body: body,
      }),
    )
    parts.push({ PartNumber: i + 1, ETag: part.ETag!, ChecksumCRC32: part.ChecksumCRC32! })
  }
  const completed = await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: 'seeded',
      Key: 'big.bin',
      UploadId: upload.UploadId!,
      MultipartUpload: { Parts: parts },
    }),
  )
  const copied = await s3.send(
    new CopyObjectCommand({ Bucket: 'seeded', Key: 'copy.txt', CopySource: 'seeded/kms.txt' }),
  )
  const read = await s3.send(new GetObjectCommand({ Bucket: 'seeded', Key: 'kms.txt' }))
  await read.Body!.transformToString()
  return {
    keyId: KeyMetadata!.KeyId,
    ids: [kmsPut, s3Put, upload, completed, copied, read].map((r) => r.$metadata.requestId),
    hostIds: [kmsPut, s3Put, completed, read].map((r) => r.$metadata.extendedRequestId),
    versionIds: [kmsPut.VersionId, s3Put.VersionId, completed.VersionId, copied.VersionId],
    eTags: [kmsPut.ETag, s3Put.ETag, completed.ETag, copied.CopyObjectResult?.ETag, read.ETag],
    uploadId: upload.UploadId,
  }
}

async function runInWorld(seed: string): Promise<Record<string, unknown>> {
  const world = setupMockAws({ seed, clock: new ManualClock('2026-05-01T10:00:00Z') })
  world.listen({ onUnhandledRequest: 'error' })
  try {
    const outputs = await scenario()
    const stored = Object.fromEntries(
      world.s3.keys('seeded').map((key) => {
        const d = world.s3.object('seeded', key).describe()!
        const raw = world.s3.rawObject('seeded', key)
        return [
          key,
          { versionId: d.versionId, eTag: d.eTag, encryption: d.encryption, raw: sha256(raw) },
        ]
      }),
    )
    return { outputs, stored, snapshot: stateSnapshot(world), audit: world.audit.events() }
  } finally {
    world.close()
  }
}

describe('seeded worlds and S3 (SPEC §5.4)', () => {
  it('the same seed gives byte-identical ids, ETags, state and bytes at rest', async () => {
    const first = await runInWorld('s3-seed')
    const second = await runInWorld('s3-seed')
    expect(second.outputs).toEqual(first.outputs)
    expect(second.stored).toEqual(first.stored)
    expect(second.snapshot).toBe(first.snapshot)
    expect(second.audit).toEqual(first.audit)
  }, 60_000)

  it('another seed gives other version ids, upload ids and ciphertexts', async () => {
    const x = (await runInWorld('x')).stored as Record<string, { versionId: string; raw: string }>
    const y = (await runInWorld('y')).stored as Record<string, { versionId: string; raw: string }>
    for (const key of Object.keys(x)) {
      expect(y[key]?.versionId, key).not.toBe(x[key]?.versionId)
      expect(y[key]?.raw, key).not.toBe(x[key]?.raw)
    }
  }, 60_000)
})
