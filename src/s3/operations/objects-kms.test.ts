import { describe, expect, it } from 'vitest'
import { digestOf } from '../../crypto/checksums.js'
import {
  bodyOf,
  errorOf,
  expectFailsUnchanged,
  readText,
  s3TestWorld,
  type S3TestWorld,
} from '../../../test/support/s3-world.js'
import { putBucketEncryption } from './bucket-encryption.js'
import { createBucket } from './buckets.js'
import { getObject, headObject, putObject, type PutObjectRequest } from './objects.js'

function worldWithBucket(): S3TestWorld {
  const world = s3TestWorld()
  createBucket({ Bucket: 'bkt' }, world.ctx())
  return world
}

function put(world: S3TestWorld, key: string, data: string, extra: Partial<PutObjectRequest> = {}) {
  return putObject({ Bucket: 'bkt', Key: key, Body: bodyOf(data), ...extra }, world.ctx())
}

const b64json = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64')

describe('SSE-KMS through the KeyService', () => {
  it('asks KMS for a data key with aws:s3:arn and answers with the key ARN', async () => {
    const world = worldWithBucket()
    const key = world.keys.createKey('us-east-1', { alias: 'alias/app' })
    const out = await put(world, 'doc.txt', 'secret text', {
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/app',
      SSEKMSEncryptionContext: b64json({ tenant: 't1' }),
    })
    expect(world.keys.calls).toEqual([
      {
        operation: 'GenerateDataKey',
        keyId: 'alias/app',
        encryptionContext: { tenant: 't1', 'aws:s3:arn': 'arn:aws:s3:::bkt/doc.txt' },
        region: 'us-east-1',
      },
    ])
    expect(out.ServerSideEncryption).toBe('aws:kms')
    expect(out.SSEKMSKeyId).toBe(key.arn)
    expect(out.BucketKeyEnabled).toBeUndefined()
    expect(JSON.parse(Buffer.from(out.SSEKMSEncryptionContext ?? '', 'base64').toString())).toEqual(
      { tenant: 't1', 'aws:s3:arn': 'arn:aws:s3:::bkt/doc.txt' },
    )
    // Not the MD5, and different for the same body.
    const md5 = Buffer.from(digestOf('MD5', Buffer.from('secret text'))).toString('hex')
    expect(out.ETag).toMatch(/^"[0-9a-f]{32}"$/)
    expect(out.ETag).not.toBe(`"${md5}"`)
    const again = await put(world, 'doc.txt', 'secret text', { ServerSideEncryption: 'aws:kms' })
    expect(again.ETag).not.toBe(out.ETag)
    expect(again.SSEKMSEncryptionContext).toBeUndefined()

    const got = await getObject({ Bucket: 'bkt', Key: 'doc.txt' }, world.ctx())
    expect(await readText(got.Body)).toBe('secret text')
    expect(world.keys.calls.at(-1)).toEqual({
      operation: 'Decrypt',
      encryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::bkt/doc.txt' },
      region: 'us-east-1',
    })
    const raw = Buffer.from(
      (
        world.state.buckets.get('bkt')?.objects.get('doc.txt')?.[0] as {
          body: { rawBytes(): Uint8Array }
        }
      ).body.rawBytes(),
    )
    expect(raw.includes(Buffer.from('secret'))).toBe(false)
  })

  it('uses the AWS managed aws/s3 key, the same for every bucket, when none is named', async () => {
    const world = worldWithBucket()
    createBucket({ Bucket: 'bkt2' }, world.ctx())
    const one = await put(world, 'a', 'x', { ServerSideEncryption: 'aws:kms' })
    const two = await putObject(
      { Bucket: 'bkt2', Key: 'b', Body: bodyOf('y'), ServerSideEncryption: 'aws:kms' },
      world.ctx(),
    )
    expect(one.SSEKMSKeyId).toBe(world.keys.aliasArn('us-east-1', 'alias/aws/s3'))
    expect(two.SSEKMSKeyId).toBe(one.SSEKMSKeyId)
  })

  it('names the bucket in the context with a bucket key, and echoes BucketKeyEnabled', async () => {
    const world = worldWithBucket()
    const out = await put(world, 'k', 'x', {
      ServerSideEncryption: 'aws:kms',
      BucketKeyEnabled: true,
    })
    expect(out.BucketKeyEnabled).toBe(true)
    expect(world.keys.calls[0]?.encryptionContext).toEqual({ 'aws:s3:arn': 'arn:aws:s3:::bkt' })
    const head = await headObject({ Bucket: 'bkt', Key: 'k' }, world.ctx())
    expect([head.ServerSideEncryption, head.BucketKeyEnabled]).toEqual(['aws:kms', true])
  })

  it('follows a KMS bucket default, in the bucket region', async () => {
    const world = s3TestWorld()
    createBucket(
      { Bucket: 'eu-bkt', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } },
      world.ctx({ region: 'eu-west-1' }),
    )
    const key = world.keys.createKey('eu-west-1')
    putBucketEncryption(
      {
        Bucket: 'eu-bkt',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: key.id,
              },
            },
          ],
        },
      },
      world.ctx(),
    )
    const out = await putObject({ Bucket: 'eu-bkt', Key: 'k', Body: bodyOf('x') }, world.ctx())
    expect([out.ServerSideEncryption, out.SSEKMSKeyId]).toEqual(['aws:kms', key.arn])
    expect(world.keys.calls[0]).toMatchObject({ keyId: key.id, region: 'eu-west-1' })
  })

  it('stores DSSE-KMS objects and reports aws:kms:dsse', async () => {
    const world = worldWithBucket()
    await put(world, 'k', 'x', { ServerSideEncryption: 'aws:kms:dsse' })
    const head = await headObject({ Bucket: 'bkt', Key: 'k' }, world.ctx())
    expect(head.ServerSideEncryption).toBe('aws:kms:dsse')
  })

  it('calls Decrypt on HEAD only to return a checksum', async () => {
    const world = worldWithBucket()
    await put(world, 'k', 'x', { ServerSideEncryption: 'aws:kms' })
    const before = world.keys.calls.length
    await headObject({ Bucket: 'bkt', Key: 'k' }, world.ctx())
    expect(world.keys.calls.length).toBe(before)
    const withSum = await headObject(
      { Bucket: 'bkt', Key: 'k', ChecksumMode: 'ENABLED' },
      world.ctx(),
    )
    expect(world.keys.calls.length).toBe(before + 1)
    expect(withSum.ChecksumCRC64NVME).toBeDefined()
  })
})

describe('KMS failures through S3 (reference §2.1)', () => {
  it('maps a disabled key on PUT to KMS.DisabledException with KMS text, storing nothing', async () => {
    const world = worldWithBucket()
    const key = world.keys.createKey('us-east-1')
    world.keys.setState(key.arn, 'Disabled')
    const error = await expectFailsUnchanged(world, () =>
      put(world, 'k', 'x', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.arn }),
    )
    expect([error.code, error.status, error.fault, error.message]).toEqual([
      'KMS.DisabledException',
      400,
      'client',
      `${key.arn} is disabled.`,
    ])
  })

  it('fails reads once the key is disabled or pending deletion', async () => {
    const world = worldWithBucket()
    const key = world.keys.createKey('us-east-1')
    await put(world, 'k', 'x', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.id })
    world.keys.setState(key.arn, 'Disabled')
    const disabled = await errorOf(() => getObject({ Bucket: 'bkt', Key: 'k' }, world.ctx()))
    expect([disabled.code, disabled.message]).toEqual([
      'KMS.DisabledException',
      `${key.arn} is disabled.`,
    ])
    // HEAD without checksum mode needs no key.
    await expect(headObject({ Bucket: 'bkt', Key: 'k' }, world.ctx())).resolves.toMatchObject({
      SSEKMSKeyId: key.arn,
    })
    world.keys.setState(key.arn, 'PendingDeletion')
    const pending = await errorOf(() => getObject({ Bucket: 'bkt', Key: 'k' }, world.ctx()))
    expect([pending.code, pending.status, pending.message]).toEqual([
      'KMS.KMSInvalidStateException',
      400,
      `${key.arn} is pending deletion.`,
    ])
  })

  it('maps missing keys, wrong key usage and throttling', async () => {
    const world = worldWithBucket()
    const notFound = await expectFailsUnchanged(world, () =>
      put(world, 'k', 'x', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'fake-key-id' }),
    )
    expect([notFound.code, notFound.message]).toEqual([
      'KMS.NotFoundException',
      "Invalid keyId 'fake-key-id'",
    ])
    const missing = '11111111-2222-3333-4444-555555555555'
    const noKey = await errorOf(() =>
      put(world, 'k', 'x', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: missing }),
    )
    expect(noKey.message).toBe(
      `Key 'arn:aws:kms:us-east-1:123456789012:key/${missing}' does not exist`,
    )
    const signing = world.keys.createKey('us-east-1', { usage: 'SIGN_VERIFY' })
    const usage = await expectFailsUnchanged(world, () =>
      put(world, 'k', 'x', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: signing.arn }),
    )
    expect([usage.code, usage.message]).toEqual([
      'KMS.InvalidKeyUsageException',
      `${signing.arn} key usage is SIGN_VERIFY which is not valid for GenerateDataKey.`,
    ])
    world.keys.failNext('ThrottlingException', 'Rate exceeded')
    const throttled = await expectFailsUnchanged(world, () =>
      put(world, 'k', 'x', { ServerSideEncryption: 'aws:kms' }),
    )
    expect([throttled.code, throttled.status, throttled.fault, throttled.message]).toEqual([
      'KMS.ThrottlingException',
      503,
      'server',
      'Rate exceeded',
    ])
    world.keys.failNext('IncorrectKeyException', 'odd')
    expect(
      (await errorOf(() => put(world, 'k', 'x', { ServerSideEncryption: 'aws:kms' }))).code,
    ).toBe('InternalError')
  })

  it('refuses SSE-KMS reads not signed with SigV4', async () => {
    const world = worldWithBucket()
    await put(world, 'k', 'x', { ServerSideEncryption: 'aws:kms' })
    await put(world, 'plain', 'x')
    const error = await errorOf(() =>
      getObject({ Bucket: 'bkt', Key: 'k' }, world.ctx({ signature: 'anonymous' })),
    )
    expect([error.code, error.message, error.fields]).toEqual([
      'InvalidArgument',
      'Requests specifying Server Side Encryption with AWS KMS managed keys require AWS Signature Version 4.',
      { ArgumentName: 'Authorization', ArgumentValue: 'null' },
    ])
    const plain = await getObject(
      { Bucket: 'bkt', Key: 'plain' },
      world.ctx({ signature: 'anonymous' }),
    )
    expect(await readText(plain.Body)).toBe('x')
  })
})

describe('determinism', () => {
  it('gives the same ciphertext, ETags and version ids for the same seed', async () => {
    const run = async () => {
      const world = s3TestWorld({ seed: 'same' })
      createBucket({ Bucket: 'bkt' }, world.ctx())
      const kms = await put(world, 'a', 'body', { ServerSideEncryption: 'aws:kms' })
      const s3 = await put(world, 'b', 'body')
      return { kms, s3, snapshot: world.snapshot() }
    }
    const [one, two] = [await run(), await run()]
    expect(two).toEqual(one)
  })
})
