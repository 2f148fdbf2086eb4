import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../support/kms.js'
import { s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const Bucket = 'cors-bucket'
const ORIGIN = 'https://app.example.com'
const url = `https://${Bucket}.s3.us-east-1.amazonaws.com/photo.jpg`

const rules = [
  {
    ID: 'uploads',
    AllowedOrigins: [ORIGIN],
    AllowedMethods: ['PUT', 'POST'],
    AllowedHeaders: ['content-type', 'x-amz-*'],
    ExposeHeaders: ['ETag'],
    MaxAgeSeconds: 3000,
  },
  { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
]

const preflight = (headers: Record<string, string>) => fetch(url, { method: 'OPTIONS', headers })

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }))
})

describe('Put/Get/DeleteBucketCors', () => {
  it('stores the rules as given, returns them, deletes them (204)', async () => {
    const put = await s3.send(
      new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: rules } }),
    )
    expect(put.$metadata.httpStatusCode).toBe(200)
    const got = await s3.send(new GetBucketCorsCommand({ Bucket }))
    expect(got.CORSRules).toEqual(rules)
    const deleted = await s3.send(new DeleteBucketCorsCommand({ Bucket }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const missing = await errorOf(s3.send(new GetBucketCorsCommand({ Bucket })))
    expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual([
      'NoSuchCORSConfiguration',
      'The CORS configuration does not exist',
      404,
    ])
  })

  it.each([
    ['an unknown method', [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }], 'InvalidRequest'],
    ['no origin', [{ AllowedOrigins: [], AllowedMethods: ['GET'] }], 'MalformedXML'],
    ['two wildcards', [{ AllowedOrigins: ['*.*'], AllowedMethods: ['GET'] }], 'InvalidRequest'],
  ])('refuses %s and keeps the old rules', async (_name, CORSRules, code) => {
    await s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: rules } }))
    const error = await expectUnchanged(aws, () =>
      errorOf(s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules } }))),
    )
    expect([error.name, error.$metadata.httpStatusCode]).toEqual([code, 400])
  })
})

describe('preflight and actual requests', () => {
  it('answers a preflight from the first matching rule', async () => {
    await s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: rules } }))
    const response = await preflight({
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers': 'Content-Type, X-Amz-Date',
    })
    expect(response.status).toBe(200)
    const cors: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      if (name.startsWith('access-control') || name === 'vary') cors[name] = value
    })
    expect(cors).toEqual({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-methods': 'PUT, POST',
      'access-control-allow-headers': 'content-type, x-amz-date',
      'access-control-expose-headers': 'ETag',
      'access-control-max-age': '3000',
      'access-control-allow-credentials': 'true',
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    })
  })

  it('refuses preflights with 403 AccessForbidden, S3 texts', async () => {
    const disabled = await preflight({ Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' })
    expect(disabled.status).toBe(403)
    expect(await disabled.text()).toContain('CORSResponse: CORS is not enabled for this bucket.')
    await s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: rules } }))
    const denied = await preflight({ Origin: ORIGIN, 'Access-Control-Request-Method': 'DELETE' })
    expect(denied.status).toBe(403)
    const text = await denied.text()
    expect(text).toContain('<Code>AccessForbidden</Code>')
    expect(text).toContain('<Method>DELETE</Method>')
    const noOrigin = await preflight({ 'Access-Control-Request-Method': 'GET' })
    expect(noOrigin.status).toBe(400)
  })

  it('adds CORS headers to an actual request whose origin a rule allows', async () => {
    await s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: rules } }))
    await s3.send(new PutObjectCommand({ Bucket, Key: 'photo.jpg', Body: 'jpeg' }))
    const allowed = await fetch(url, { headers: { Origin: 'https://any.example' } })
    // GET of a private object without credentials: refused, but the CORS headers are there.
    expect(allowed.headers.get('access-control-allow-origin')).toBe('*')
    const other = await s3.send(new GetBucketCorsCommand({ Bucket }))
    expect(other.CORSRules).toHaveLength(2)
  })
})
