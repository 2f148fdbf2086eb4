import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type CreateMultipartUploadCommandOutput,
  GetObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { defineScenario, type Scenario, type ScenarioContext } from '../define.js'
import { allowSseC, encryptionOf, newCustomerKey, SSE_C, sseC, sseCOutput } from './s3-sse-c.js'

/**
 * SSE-C multipart uploads (SPEC §4.2, reference §1.1–§1.2): CreateMultipartUpload names the key,
 * every UploadPart repeats it, CompleteMultipartUpload needs none.
 */

const MIB = 1024 * 1024

/** Deterministic bytes (content checks need no randomness). */
function pattern(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(size)
  let x = seed >>> 0 || 1
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/** Starts an upload and registers its abort (a no-op once completed). */
async function createUpload(
  t: ScenarioContext,
  Key: string,
  encryption: Record<string, string> = {},
): Promise<{ UploadId: string; out: CreateMultipartUploadCommandOutput }> {
  const out = await t.s3.send(
    new CreateMultipartUploadCommand({ Bucket: t.bucket, Key, ...encryption }),
  )
  const UploadId = out.UploadId ?? ''
  t.defer(() =>
    t.s3
      .send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key, UploadId }))
      .catch(() => undefined),
  )
  return { UploadId, out }
}

const REQUIRES = ['sse-c', 'https', 'create-bucket'] as const

const roundTrip = defineScenario({
  name: 'sse-c-multipart-round-trip',
  description:
    'A multipart upload created with a customer key takes parts with the same key, completes without it, and reads back whole with it.',
  requires: REQUIRES,
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    const Key = t.key('big.bin')
    const { UploadId, out: created } = await createUpload(t, Key, sseC(key))
    t.check('CreateMultipartUpload: encryption reported', encryptionOf(created), sseCOutput(key))

    const parts = [pattern(5 * MIB, 1), pattern(1024, 2)]
    const etags: string[] = []
    for (const [index, Body] of parts.entries()) {
      const PartNumber = index + 1
      const part = await t.s3.send(
        new UploadPartCommand({ Bucket: t.bucket, Key, UploadId, PartNumber, Body, ...sseC(key) }),
      )
      t.check(`UploadPart ${PartNumber}: encryption reported`, encryptionOf(part), sseCOutput(key))
      etags.push(part.ETag ?? '')
    }

    const completed = await t.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: t.bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    )
    t.check(
      'CompleteMultipartUpload (no SSE-C headers): encryption reported',
      encryptionOf(completed),
      {
        ServerSideEncryption: undefined,
        SSECustomerAlgorithm: undefined,
        SSECustomerKeyMD5: undefined,
      },
    )
    t.check('CompleteMultipartUpload: ETag names 2 parts', completed.ETag?.endsWith('-2"'), true)

    const got = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(key) }))
    t.check('GET with the key: encryption reported', encryptionOf(got), sseCOutput(key))
    const bytes = (await got.Body?.transformToByteArray()) ?? new Uint8Array()
    t.check('GET with the key: length', bytes.length, 5 * MIB + 1024)
    t.check('GET with the key: body SHA-256', sha256(bytes), sha256(Buffer.concat(parts)))

    await t.expectError(
      'GET without the key',
      t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key })),
      { status: 400, code: 'InvalidRequest', message: SSE_C.keyRequired },
    )
  },
})

const partWithoutKey = defineScenario({
  name: 'sse-c-multipart-part-without-key',
  description:
    'UploadPart without SSE-C headers on an upload created with a customer key is refused with 400 InvalidRequest.',
  requires: REQUIRES,
  async run(t) {
    await allowSseC(t)
    const Key = t.key('parts.bin')
    const { UploadId } = await createUpload(t, Key, sseC(newCustomerKey()))
    await t.expectError(
      'UploadPart without the key',
      t.s3.send(
        new UploadPartCommand({ Bucket: t.bucket, Key, UploadId, PartNumber: 1, Body: 'part' }),
      ),
      { status: 400, code: 'InvalidRequest', message: SSE_C.partNeedsKey },
    )
  },
})

const partAnotherKey = defineScenario({
  name: 'sse-c-multipart-part-another-key',
  description:
    'UploadPart with a different customer key than CreateMultipartUpload is refused with 400 InvalidRequest.',
  requires: REQUIRES,
  async run(t) {
    await allowSseC(t)
    const Key = t.key('parts.bin')
    const { UploadId } = await createUpload(t, Key, sseC(newCustomerKey()))
    await t.expectError(
      'UploadPart with another key',
      t.s3.send(
        new UploadPartCommand({
          Bucket: t.bucket,
          Key,
          UploadId,
          PartNumber: 1,
          Body: 'part',
          ...sseC(newCustomerKey()),
        }),
      ),
      { status: 400, code: 'InvalidRequest', message: SSE_C.partKeyMismatch },
    )
  },
})

const keyOnPlainUpload = defineScenario({
  name: 'sse-c-multipart-part-key-on-plain-upload',
  description:
    'UploadPart with SSE-C headers on an upload created without them is refused with 400 InvalidRequest.',
  requires: REQUIRES,
  async run(t) {
    await allowSseC(t)
    const Key = t.key('plain-parts.bin')
    const { UploadId } = await createUpload(t, Key)
    await t.expectError(
      'UploadPart with a key on a plain upload',
      t.s3.send(
        new UploadPartCommand({
          Bucket: t.bucket,
          Key,
          UploadId,
          PartNumber: 1,
          Body: 'part',
          ...sseC(newCustomerKey()),
        }),
      ),
      { status: 400, code: 'InvalidRequest', message: SSE_C.partNeedsKey },
    )
  },
})

export const sseCMultipartScenarios: readonly Scenario[] = [
  roundTrip,
  partWithoutKey,
  partAnotherKey,
  keyOnPlainUpload,
]
