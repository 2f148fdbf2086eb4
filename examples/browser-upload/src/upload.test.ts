import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { http, HttpResponse } from 'msw'
import { setupMockAwsWorker } from 's3-kms-mock/browser'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { page, userEvent } from 'vitest/browser'
import { mountUploader } from './upload.js'

// The page's S3 is a world on the Node side (s3KmsMockBrowser() in vitest.config.ts).
const aws = setupMockAwsWorker()
beforeAll(() => aws.start())
afterEach(() => aws.reset())
afterAll(() => aws.stop())

test('uploads the chosen file through a presigned POST, encrypted with KMS', async () => {
  // The back end's part: a bucket whose CORS lets this page POST, and the presign endpoint.
  const s3 = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' },
    requestHandler: aws.requestHandler,
  })
  await s3.send(new CreateBucketCommand({ Bucket: 'uploads' }))
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: 'uploads',
      CORSConfiguration: {
        CORSRules: [{ AllowedOrigins: [location.origin], AllowedMethods: ['POST'] }],
      },
    }),
  )
  aws.worker.use(
    http.get('/api/presign', async ({ request }) => {
      const name = new URL(request.url).searchParams.get('name') ?? 'unnamed'
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- s3-presigned-post bundles its own copy of client-s3
      const form = await createPresignedPost(s3, {
        Bucket: 'uploads',
        Key: `incoming/${name}`,
        Fields: { 'x-amz-server-side-encryption': 'aws:kms' },
        Conditions: [{ 'x-amz-server-side-encryption': 'aws:kms' }],
      })
      return HttpResponse.json(form)
    }),
  )

  mountUploader(document.body)
  const text = 'hello from the page'
  await userEvent.upload(
    page.getByLabelText('File to upload'),
    new File([text], 'hello.txt', { type: 'text/plain' }),
  )
  await expect.element(page.getByRole('status')).toHaveTextContent('Uploaded hello.txt')

  // The world: stored under the key, encrypted with the account's aws/s3 KMS key.
  const object = aws.s3.object('uploads', 'incoming/hello.txt')
  expect(await object.describe()).toMatchObject({
    size: text.length,
    encryption: { type: 'SSE-KMS', algorithm: 'aws:kms' },
  })
  expect(new TextDecoder().decode(await object.raw())).not.toContain(text)
  const [post] = await aws.audit.events({ eventName: 'PostObject' })
  expect(post?.errorCode).toBeUndefined()
})
