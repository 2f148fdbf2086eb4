import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { expect, test } from '../../src/vitest-browser.js'
import { adminS3, bucketFor, containsBytes, keyWithAlias, pageRule } from './support.js'

const MiB = 1024 * 1024

test('a multipart upload with presigned parts PUT from the page', async ({ aws }) => {
  await keyWithAlias(aws, 'alias/videos')
  // The page must read each part's ETag: S3 exposes it only when the rule says so.
  await bucketFor(aws, 'videos', [pageRule({ AllowedMethods: ['PUT'], ExposeHeaders: ['ETag'] })])
  const s3 = adminS3(aws)
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: 'videos',
      Key: 'clip.mp4',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/videos',
    }),
  )
  const sizes = [5 * MiB, 1234]
  const parts = sizes.map((size, i) => new Uint8Array(size).fill(0x41 + i))

  const etags: string[] = []
  for (const [i, body] of parts.entries()) {
    const url = await getSignedUrl(
      s3,
      new UploadPartCommand({ Bucket: 'videos', Key: 'clip.mp4', UploadId, PartNumber: i + 1 }),
    )
    const response = await fetch(url, { method: 'PUT', body: body })
    expect(response.status).toBe(200)
    etags.push(response.headers.get('etag') ?? 'not exposed')
  }
  await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: 'videos',
      Key: 'clip.mp4',
      UploadId,
      MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
    }),
  )

  const object = aws.s3.object('videos', 'clip.mp4')
  expect(await object.describe()).toMatchObject({ parts: 2, size: 5 * MiB + 1234 })
  expect((await object.describe())?.eTag).toMatch(/-2"$/)
  await expect(object).toBeEncryptedWithKms({ keyId: 'alias/videos' })
  const raw = await object.raw()
  expect(containsBytes(raw, parts[1]!.subarray(0, 64))).toBe(false)
  const uploads = await aws.audit.events({ eventName: 'UploadPart' })
  expect(uploads.map((e) => e.errorCode ?? 'ok')).toEqual(['ok', 'ok'])
})
