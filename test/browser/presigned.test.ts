import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { describe } from 'vitest'
import { expect, test } from '../../src/vitest-browser.js'
import {
  adminS3,
  bucketFor,
  containsBytes,
  formOf,
  keyWithAlias,
  pageRule,
  presignedPost,
  utf8,
} from './support.js'

describe('presigned uploads from the page', () => {
  test('a presigned PUT with SSE-KMS headers stores KMS ciphertext under the named key', async ({
    aws,
  }) => {
    const keyArn = await keyWithAlias(aws, 'alias/uploads')
    await bucketFor(aws, 'uploads', [
      pageRule({ AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'] }),
    ])
    const sse = {
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'alias/uploads',
    }
    // The SSE headers stay headers the page must send (and sign), as browser uploads do.
    const url = await getSignedUrl(
      adminS3(aws),
      new PutObjectCommand({
        Bucket: 'uploads',
        Key: 'report.txt',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'alias/uploads',
      }),
      { expiresIn: 300, unhoistableHeaders: new Set(Object.keys(sse)) },
    )
    const text = 'quarterly figures, confidential'
    const response = await fetch(url, { method: 'PUT', body: text, headers: sse })

    expect(response.status).toBe(200)
    // ExposeHeaders named ETag, so the page reads it; the SSE headers were not exposed.
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/)
    expect(response.headers.get('x-amz-server-side-encryption')).toBeNull()
    const object = aws.s3.object('uploads', 'report.txt')
    await expect(object).toBeEncryptedWithKms({ keyId: 'alias/uploads' })
    await expect(object).toHaveKmsCall('GenerateDataKey', { keyId: keyArn })
    const raw = await object.raw()
    expect(raw.length).toBeGreaterThan(text.length)
    expect(containsBytes(raw, utf8(text))).toBe(false)
    const [put] = await aws.audit.events({ eventName: 'PutObject' })
    expect(put?.errorCode).toBeUndefined()
    expect(put?.requestParameters).toMatchObject({ bucketName: 'uploads', key: 'report.txt' })

    const get = await getSignedUrl(
      adminS3(aws),
      new GetObjectCommand({ Bucket: 'uploads', Key: 'report.txt' }),
    )
    expect(await (await fetch(get)).text()).toBe(text)
    await expect(object).toHaveBeenDecryptedBy('alias/uploads')
  })

  test('a presigned POST form with aws:kms fields stores KMS ciphertext', async ({ aws }) => {
    const keyArn = await keyWithAlias(aws, 'alias/forms')
    await bucketFor(aws, 'forms', [pageRule({ AllowedMethods: ['POST'] })])
    const { url, fields } = await presignedPost(aws, {
      Bucket: 'forms',
      Key: 'avatars/${filename}',
      Fields: {
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id': keyArn,
      },
      Conditions: [
        ['starts-with', '$key', 'avatars/'],
        { 'x-amz-server-side-encryption': 'aws:kms' },
        { 'x-amz-server-side-encryption-aws-kms-key-id': keyArn },
        ['content-length-range', 1, 1024],
      ],
      Expires: 300,
    })
    const bytes = utf8('an avatar, pretend it is a PNG')
    const form = formOf(fields, new Blob([bytes as Uint8Array<ArrayBuffer>]), 'me.png')

    // multipart/form-data is a simple request: no preflight, but the answer needs the rule.
    const response = await fetch(url, { method: 'POST', body: form })

    expect(response.status).toBe(204)
    const object = aws.s3.object('forms', 'avatars/me.png')
    await expect(object).toBeEncryptedWithKms({ keyId: keyArn })
    expect(containsBytes(await object.raw(), bytes)).toBe(false)
    expect(await object.describe()).toMatchObject({ size: bytes.length })
    const [post] = await aws.audit.events({ eventName: 'PostObject' })
    expect(post?.errorCode).toBeUndefined()
    expect(await aws.audit.events({ eventName: 'GenerateDataKey' })).toHaveLength(1)
  })

  test('a POST form over its policy is refused with S3 error, and nothing is stored', async ({
    aws,
  }) => {
    await keyWithAlias(aws, 'alias/forms')
    await bucketFor(aws, 'forms', [pageRule({ AllowedMethods: ['POST'] })])
    const { url, fields } = await presignedPost(aws, {
      Bucket: 'forms',
      Key: 'small.bin',
      Fields: { 'x-amz-server-side-encryption': 'aws:kms' },
      Conditions: [{ 'x-amz-server-side-encryption': 'aws:kms' }, ['content-length-range', 1, 4]],
    })
    const form = formOf(fields, new Blob(['far too long for the policy']))

    const response = await fetch(url, { method: 'POST', body: form })

    expect(response.status).toBe(400)
    expect(await response.text()).toContain('<Code>EntityTooLarge</Code>')
    expect(await aws.s3.object('forms', 'small.bin').exists()).toBe(false)
    expect(await aws.audit.events({ eventName: 'GenerateDataKey' })).toEqual([])
  })
})
