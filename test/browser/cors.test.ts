import { PutBucketCorsCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { describe } from 'vitest'
import { expect, test } from '../../src/vitest-browser.js'
import { adminS3, bucketFor, formOf, pageRule, presignedPost } from './support.js'

const NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec."

describe('CORS as a page meets it against S3', () => {
  test('a preflight is refused with 403 and S3 message, then allowed after PutBucketCors', async ({
    aws,
  }) => {
    await bucketFor(aws, 'site')
    const url = await getSignedUrl(
      adminS3(aws),
      new PutObjectCommand({ Bucket: 'site', Key: 'doc.json' }),
    )
    // JSON is not a CORS-safelisted content type: the browser must preflight the PUT.
    const put = () =>
      fetch(url, {
        method: 'PUT',
        body: '{"a":1}',
        headers: { 'content-type': 'application/json' },
      })

    // No CORS configuration: the preflight fails, the page sees a network error.
    await expect(put()).rejects.toThrow(TypeError)
    expect(aws.corsRefusals()).toEqual([
      expect.objectContaining({
        method: 'PUT',
        origin: location.origin,
        preflight: {
          status: 403,
          code: 'AccessForbidden',
          message: 'CORSResponse: CORS is not enabled for this bucket.',
        },
      }),
    ])
    expect(await aws.s3.object('site', 'doc.json').exists()).toBe(false)
    expect(await aws.audit.events({ eventName: 'PutObject' })).toEqual([])

    // A rule for another origin, or without the header: refused with S3's other text.
    const s3 = adminS3(aws)
    const cors = (rules: Parameters<typeof pageRule>[0][], origin = location.origin) =>
      s3.send(
        new PutBucketCorsCommand({
          Bucket: 'site',
          CORSConfiguration: { CORSRules: rules.map((r) => ({ ...r, AllowedOrigins: [origin] })) },
        }),
      )
    await cors([{ AllowedMethods: ['PUT'], AllowedHeaders: ['*'] }], 'https://elsewhere.example')
    await expect(put()).rejects.toThrow(TypeError)
    await cors([{ AllowedMethods: ['PUT'] }])
    await expect(put()).rejects.toThrow(TypeError)
    expect(
      aws
        .corsRefusals()
        .slice(1)
        .map((r) => r.preflight),
    ).toEqual([
      { status: 403, code: 'AccessForbidden', message: NOT_ALLOWED },
      { status: 403, code: 'AccessForbidden', message: NOT_ALLOWED },
    ])
    expect(await aws.s3.object('site', 'doc.json').exists()).toBe(false)

    // Allowed: the PUT goes through and the object is stored.
    await cors([{ AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'] }])
    const response = await put()
    expect(response.status).toBe(200)
    // Nothing exposed: the page reads safelisted headers only, not ETag or S3's ids.
    expect(response.headers.get('etag')).toBeNull()
    expect(response.headers.get('x-amz-request-id')).toBeNull()
    expect(await aws.s3.object('site', 'doc.json').describe()).toMatchObject({
      contentType: 'application/json',
      size: 7,
    })
    await expect(aws.s3.object('site', 'doc.json')).toBeEncryptedWithS3Managed()
    expect(aws.corsRefusals()).toHaveLength(3)
  })

  test('a simple POST without a matching rule is stored by S3, but the page cannot read the answer', async ({
    aws,
  }) => {
    await bucketFor(aws, 'drop', [pageRule({ AllowedMethods: ['GET'] })])
    const { url, fields } = await presignedPost(aws, { Bucket: 'drop', Key: 'note.txt' })

    // No preflight for a form POST: S3 runs it; only the response's CORS check fails.
    await expect(
      fetch(url, { method: 'POST', body: formOf(fields, new Blob(['hello'])) }),
    ).rejects.toThrow(TypeError)

    expect(aws.corsRefusals()).toEqual([
      expect.objectContaining({
        method: 'POST',
        reason: "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
      }),
    ])
    expect(aws.corsRefusals()[0]?.preflight).toBeUndefined()
    expect(await aws.s3.object('drop', 'note.txt').exists()).toBe(true)
  })
})
