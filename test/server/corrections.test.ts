import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketVersioningCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { afterEach, describe, expect, it } from 'vitest'
import { errorOf } from '../support/kms.js'
import { s3For, useServer } from './support.js'

/** Issue 13's corrections against `serve` (plain http; the same handlers as in-process). */
describe('server mode answers as S3 where the mock used to differ', () => {
  const server = useServer()
  afterEach(() => {
    server().world.reset()
  })

  it('AbortMultipartUpload of a completed upload answers 204', async () => {
    const s3 = s3For(server())
    await s3.send(new CreateBucketCommand({ Bucket: 'corrections' }))
    const key = { Bucket: 'corrections', Key: 'big.bin' }
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand(key))
    const part = await s3.send(
      new UploadPartCommand({ ...key, UploadId, PartNumber: 1, Body: 'only part' }),
    )
    await s3.send(
      new CompleteMultipartUploadCommand({
        ...key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] },
      }),
    )
    for (let i = 0; i < 2; i++) {
      const aborted = await s3.send(new AbortMultipartUploadCommand({ ...key, UploadId }))
      expect(aborted.$metadata.httpStatusCode).toBe(204)
    }
  })

  it('Expires comes back as sent; a presigned PUT from a default client stores its body', async () => {
    const s3 = s3For(server())
    await s3.send(new CreateBucketCommand({ Bucket: 'corrections' }))
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'corrections', Key: 'p' }), {
      expiresIn: 60,
    })
    const put = await fetch(url, {
      method: 'PUT',
      body: 'via url',
      headers: { expires: 'Wed, 02 Jan 2030 03:04:05 +0000' },
    })
    expect(put.status).toBe(200)
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'corrections', Key: 'p' }))
    expect(head.ContentLength).toBe(7)
    expect(head.ExpiresString).toBe('Wed, 02 Jan 2030 03:04:05 +0000')
  })

  it('DELETE /{Bucket}?versioning is 405 MethodNotAllowed', async () => {
    const s3 = s3For(server())
    await s3.send(new CreateBucketCommand({ Bucket: 'corrections' }))
    const command = new GetBucketVersioningCommand({ Bucket: 'corrections' })
    command.middlewareStack.add(
      (next) => async (args) => {
        ;(args.request as { method: string }).method = 'DELETE'
        return next(args)
      },
      { step: 'build' },
    )
    const err = await errorOf(s3.send(command))
    expect(err.name).toBe('MethodNotAllowed')
    expect(err.$metadata.httpStatusCode).toBe(405)
  })
})
