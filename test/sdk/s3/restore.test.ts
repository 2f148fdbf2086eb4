import {
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  RestoreObjectCommand,
  type RestoreRequest,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/index.js'
import { errorOf, useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const clock = new ManualClock('2026-05-10T09:30:00.000Z')
const aws = useMockAws({ clock })
const s3 = s3Client()
const Bucket = 'archive'
const hours = (n: number) => n * 3_600_000

beforeEach(async () => {
  clock.set('2026-05-10T09:30:00.000Z')
  await s3.send(new CreateBucketCommand({ Bucket }))
  await s3.send(
    new PutObjectCommand({ Bucket, Key: 'cold', Body: 'frozen', StorageClass: 'GLACIER' }),
  )
  await s3.send(
    new PutObjectCommand({ Bucket, Key: 'deep', Body: 'deeper', StorageClass: 'DEEP_ARCHIVE' }),
  )
  await s3.send(new PutObjectCommand({ Bucket, Key: 'warm', Body: 'here' }))
})

const restore = (Key: string, RestoreRequest: RestoreRequest) =>
  s3.send(new RestoreObjectCommand({ Bucket, Key, RestoreRequest }))
const head = (Key: string) => s3.send(new HeadObjectCommand({ Bucket, Key }))
const read = async (Key: string) =>
  (await bodyBytes((await s3.send(new GetObjectCommand({ Bucket, Key }))).Body)).toString()

async function refused(call: () => Promise<unknown>) {
  const error = await expectUnchanged(aws, () => errorOf(call()))
  return {
    code: error.name,
    message: error.message,
    status: error.$metadata.httpStatusCode,
    StorageClass: (error as unknown as { StorageClass?: string }).StorageClass,
  }
}

describe('archived objects and RestoreObject', () => {
  it('refuses to GET an archived object until restored; HEAD answers', async () => {
    expect(await refused(() => read('cold'))).toEqual({
      code: 'InvalidObjectState',
      message: "The operation is not valid for the object's storage class",
      status: 403,
      StorageClass: 'GLACIER',
    })
    const cold = await head('cold')
    expect([cold.StorageClass, cold.Restore]).toEqual(['GLACIER', undefined])
  })

  it('restores on the world clock: 202, ongoing, readable, then expired', async () => {
    const started = await restore('cold', { Days: 2, GlacierJobParameters: { Tier: 'Standard' } })
    expect(started.$metadata.httpStatusCode).toBe(202)
    expect((await head('cold')).Restore).toBe('ongoing-request="true"')
    expect(await refused(() => restore('cold', { Days: 2 }))).toEqual({
      code: 'RestoreAlreadyInProgress',
      message: 'Object restore is already in progress',
      status: 409,
      StorageClass: undefined,
    })
    expect((await refused(() => read('cold'))).code).toBe('InvalidObjectState')

    clock.advance(hours(5)) // Standard Flexible Retrieval: done within 5 hours (14:30)
    // Two days after completion, rounded up to midnight UTC.
    expect((await head('cold')).Restore).toBe(
      'ongoing-request="false", expiry-date="Wed, 13 May 2026 00:00:00 GMT"',
    )
    expect(await read('cold')).toBe('frozen')

    // A restore of a restored copy extends it: 200.
    const extended = await restore('cold', { Days: 5 })
    expect(extended.$metadata.httpStatusCode).toBe(200)
    expect((await head('cold')).Restore).toBe(
      'ongoing-request="false", expiry-date="Sat, 16 May 2026 00:00:00 GMT"',
    )
    clock.set('2026-05-16T00:00:00.000Z')
    expect((await head('cold')).Restore).toBeUndefined()
    expect((await refused(() => read('cold'))).code).toBe('InvalidObjectState')
  })

  it('takes each tier’s time: Expedited minutes for GLACIER, Bulk 48 hours for DEEP_ARCHIVE', async () => {
    await restore('cold', { Days: 1, GlacierJobParameters: { Tier: 'Expedited' } })
    clock.advance(5 * 60_000)
    expect(await read('cold')).toBe('frozen')
    await restore('deep', { Days: 1, GlacierJobParameters: { Tier: 'Bulk' } })
    clock.advance(hours(47))
    expect((await head('deep')).Restore).toBe('ongoing-request="true"')
    clock.advance(hours(1))
    expect(await read('deep')).toBe('deeper')
  })

  it('refuses an archived copy source until restored, for CopyObject and UploadPartCopy', async () => {
    const copy = (Key: string) =>
      s3.send(new CopyObjectCommand({ Bucket, Key: 'copy', CopySource: `${Bucket}/${Key}` }))
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'parts' }))
    const partCopy = (Key: string) =>
      s3.send(
        new UploadPartCopyCommand({
          Bucket,
          Key: 'parts',
          UploadId,
          PartNumber: 1,
          CopySource: `${Bucket}/${Key}`,
        }),
      )
    const archivedSource = (StorageClass: string) => ({
      code: 'InvalidObjectState',
      message: "Operation is not valid for the source object's storage class",
      status: 403,
      StorageClass,
    })
    expect(await refused(() => copy('cold'))).toEqual(archivedSource('GLACIER'))
    expect(await refused(() => copy('deep'))).toEqual(archivedSource('DEEP_ARCHIVE'))
    expect(await refused(() => partCopy('cold'))).toEqual(archivedSource('GLACIER'))

    // Still refused while the restore runs; copied once it has completed.
    await restore('cold', { Days: 1, GlacierJobParameters: { Tier: 'Expedited' } })
    expect(await refused(() => copy('cold'))).toEqual(archivedSource('GLACIER'))
    clock.advance(5 * 60_000)
    await copy('cold')
    expect(await read('copy')).toBe('frozen')
    expect((await head('copy')).StorageClass).toBeUndefined() // STANDARD: the copy is not archived
    expect((await partCopy('cold')).CopyPartResult?.ETag).toBeDefined()
    // The restored copy expires (one day, rounded up to midnight UTC): refused again.
    clock.set('2026-05-12T00:00:00.000Z')
    expect(await refused(() => partCopy('cold'))).toEqual(archivedSource('GLACIER'))
  })

  it('answers 403 InvalidObjectState for an object that is not archived', async () => {
    expect(await refused(() => restore('warm', { Days: 1 }))).toEqual({
      code: 'InvalidObjectState',
      message: "Restore is not allowed for the object's current storage class",
      status: 403,
      StorageClass: undefined,
    })
  })

  it('refuses a restore without Days, and a SELECT restore is not emulated', async () => {
    expect((await refused(() => restore('cold', {}))).code).toBe('MalformedXML')
    const select = await refused(() =>
      restore('cold', {
        Type: 'SELECT',
        SelectParameters: {
          InputSerialization: { CSV: {} },
          ExpressionType: 'SQL',
          Expression: 'select * from object',
          OutputSerialization: { CSV: {} },
        },
        OutputLocation: { S3: { BucketName: Bucket, Prefix: 'out' } },
      }),
    )
    expect([select.code, select.status]).toEqual(['NotImplemented', 501])
  })
})
