import {
  CreateBucketCommand,
  CreateSessionCommand,
  ListBucketsCommand,
  ListDirectoryBucketsCommand,
  RenameObjectCommand,
} from '@aws-sdk/client-s3'
import { afterEach, describe, expect, it } from 'vitest'
import { errorOf } from '../support/kms.js'
import { s3For, useServer } from './support.js'

// On a custom endpoint the SDK sends ListDirectoryBuckets as `GET /?x-id=ListDirectoryBuckets`
// signed for `s3express`: the credential scope, not the host, tells it from ListBuckets.
describe('server mode: S3 Express One Zone operations', () => {
  const server = useServer()
  afterEach(() => {
    server().world.reset()
  })

  it.each(['path', 'virtual'] as const)(
    'ListDirectoryBuckets (%s addressing) answers an empty list; ListBuckets still lists',
    async (addressing) => {
      const s3 = s3For(server(), { addressing })
      await s3.send(new CreateBucketCommand({ Bucket: 'served' }))
      const out = await s3.send(new ListDirectoryBucketsCommand({}))
      expect([out.$metadata.httpStatusCode, out.Buckets]).toEqual([200, []])
      const all = await s3.send(new ListBucketsCommand({}))
      expect(all.Buckets?.map((b) => b.Name)).toEqual(['served'])
    },
  )

  it('a directory bucket (--x-s3) is refused in the server, naming what is not emulated', async () => {
    const s3 = s3For(server())
    // The SDK first asks the endpoint for an S3 Express session, signed for `s3express`.
    const error = await errorOf(s3.send(new CreateBucketCommand({ Bucket: 'tmp--use1-az4--x-s3' })))
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['NotImplemented', 501])
    expect(error.message).toContain('directory buckets (S3 Express One Zone)')
  })

  it('CreateSession and RenameObject of a general-purpose bucket: 501 NotImplemented', async () => {
    const s3 = s3For(server())
    await s3.send(new CreateBucketCommand({ Bucket: 'served' }))
    for (const call of [
      s3.send(new CreateSessionCommand({ Bucket: 'served' })),
      s3.send(new RenameObjectCommand({ Bucket: 'served', Key: 'b', RenameSource: 'a' })),
    ]) {
      const error = await errorOf(call)
      expect([error.name, error.$metadata.httpStatusCode]).toEqual(['NotImplemented', 501])
    }
  })
})
