import {
  GetBucketCorsCommand,
  GetObjectCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { defineScenario, type Scenario, type ScenarioContext } from '../define.js'

/** Bucket CORS (issue #16 item 2): rules stored, preflights answered from them. */

const ORIGIN = 'https://app.example.com'

/** The object's URL as the target's client addresses it (a presigned GET without its query). */
async function objectUrl(t: ScenarioContext, Key: string): Promise<string> {
  const signed = new URL(
    await getSignedUrl(t.s3, new GetObjectCommand({ Bucket: t.bucket, Key }), { expiresIn: 60 }),
  )
  signed.search = ''
  return signed.toString()
}

const preflight = defineScenario({
  name: 'cors-preflight',
  description:
    'A preflight to a bucket without CORS is 403; with a rule for the origin it is 200 with the Access-Control-* headers S3 sends.',
  requires: ['create-bucket', 'presign'],
  async run(t) {
    const Key = t.key('cors.txt')
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: 'x' }))
    const url = await objectUrl(t, Key)
    const ask = () =>
      t.fetch(url, {
        method: 'OPTIONS',
        headers: {
          Origin: ORIGIN,
          'Access-Control-Request-Method': 'PUT',
          'Access-Control-Request-Headers': 'content-type',
        },
      })
    const refused = await ask()
    t.check('without CORS: status', refused.status, 403)
    await t.s3.send(
      new PutBucketCorsCommand({
        Bucket: t.bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: [ORIGIN],
              AllowedMethods: ['GET', 'PUT'],
              AllowedHeaders: ['*'],
              ExposeHeaders: ['ETag'],
              MaxAgeSeconds: 600,
            },
          ],
        },
      }),
    )
    const rules = await t.s3.send(new GetBucketCorsCommand({ Bucket: t.bucket }))
    t.check('rules read back', rules.CORSRules?.[0]?.AllowedMethods, ['GET', 'PUT'])
    const allowed = await ask()
    t.check('with CORS: status', allowed.status, 200)
    t.check('allow-origin', allowed.headers.get('access-control-allow-origin'), ORIGIN)
    t.check('allow-methods', allowed.headers.get('access-control-allow-methods'), 'GET, PUT')
    t.check('allow-headers', allowed.headers.get('access-control-allow-headers'), 'content-type')
    t.check('expose-headers', allowed.headers.get('access-control-expose-headers'), 'ETag')
    t.check('max-age', allowed.headers.get('access-control-max-age'), '600')
  },
})

const invalidRules = defineScenario({
  name: 'cors-invalid-rules',
  description:
    'PutBucketCors refuses a method S3 does not support and an origin with two wildcards (400 InvalidRequest).',
  requires: ['create-bucket'],
  async run(t) {
    await t.expectError(
      'OPTIONS as a method',
      t.s3.send(
        new PutBucketCorsCommand({
          Bucket: t.bucket,
          CORSConfiguration: {
            CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['OPTIONS'] }],
          },
        }),
      ),
      {
        status: 400,
        code: 'InvalidRequest',
        message: 'Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS',
      },
    )
    await t.expectError(
      'two wildcards',
      t.s3.send(
        new PutBucketCorsCommand({
          Bucket: t.bucket,
          CORSConfiguration: {
            CORSRules: [{ AllowedOrigins: ['https://*.*.example.com'], AllowedMethods: ['GET'] }],
          },
        }),
      ),
      {
        status: 400,
        code: 'InvalidRequest',
        message: 'AllowedOrigin "https://*.*.example.com" can not have more than one wildcard.',
      },
    )
  },
})

export const corsScenarios: readonly Scenario[] = [preflight, invalidRules]
