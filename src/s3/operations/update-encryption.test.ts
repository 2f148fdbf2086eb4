import { describe, expect, it } from 'vitest'
import {
  bodyOf,
  expectFailsUnchanged,
  readText,
  s3TestWorld,
} from '../../../test/support/s3-world.js'
import { createBucket } from './buckets.js'
import { getObject, putObject } from './objects.js'
import { updateObjectEncryption } from './update-encryption.js'

async function worldWithObject() {
  const world = s3TestWorld()
  createBucket({ Bucket: 'bkt' }, world.ctx())
  await putObject({ Bucket: 'bkt', Key: 'k', Body: bodyOf('payload') }, world.ctx())
  const key = world.keys.createKey('us-east-1')
  return { world, key }
}

const request = (arn: string) => ({
  Bucket: 'bkt',
  Key: 'k',
  ObjectEncryption: { SSEKMS: { KMSKeyArn: arn } },
})

describe('updateObjectEncryption (domain)', () => {
  it('keeps the very same body and only swaps the envelope', async () => {
    const { world, key } = await worldWithObject()
    const before = world.state.buckets.get('bkt')!.objects.get('k')![0]!
    await updateObjectEncryption(request(key.arn), world.ctx())
    const after = world.state.buckets.get('bkt')!.objects.get('k')![0]!
    expect(after).not.toBe(before)
    expect(after.kind === 'object' && before.kind === 'object' && after.body === before.body).toBe(
      true,
    )
    expect(world.keys.calls.map((c) => c.operation)).toEqual(['Encrypt'])
    const got = await getObject({ Bucket: 'bkt', Key: 'k' }, world.ctx())
    expect(await readText(got.Body)).toBe('payload')
    expect(got.SSEKMSKeyId).toBe(key.arn)
  })

  it('refuses requests not signed with SigV4', async () => {
    const { world, key } = await worldWithObject()
    const err = await expectFailsUnchanged(world, () =>
      updateObjectEncryption(request(key.arn), world.ctx({ signature: 'sigv2' })),
    )
    expect(err.code).toBe('InvalidRequest')
    expect(err.message).toBe(
      'Requests that modify an object encryption configuration require AWS Signature Version 4. Modify the request to use AWS Signature Version 4, and then try again.',
    )
    expect(world.keys.calls).toEqual([])
  })

  it('passes a KMS throttle on as KMS.ThrottlingException and keeps the object as it was', async () => {
    const { world, key } = await worldWithObject()
    world.keys.failNext('ThrottlingException', 'Rate exceeded')
    const err = await expectFailsUnchanged(world, () =>
      updateObjectEncryption(request(key.arn), world.ctx()),
    )
    expect(err.code).toBe('KMS.ThrottlingException')
    expect(err.status).toBe(503)
  })
})
