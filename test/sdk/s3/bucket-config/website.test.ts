import {
  CreateBucketCommand,
  DeleteBucketWebsiteCommand,
  GetBucketWebsiteCommand,
  PutBucketWebsiteCommand,
  type WebsiteConfiguration,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../../support/kms.js'
import { s3Client } from '../../../support/s3.js'
import { expectUnchanged } from '../../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const Bucket = 'site-bucket'

const site: WebsiteConfiguration = {
  IndexDocument: { Suffix: 'index.html' },
  ErrorDocument: { Key: 'error.html' },
  RoutingRules: [
    {
      Condition: { KeyPrefixEquals: 'docs/' },
      Redirect: { ReplaceKeyPrefixWith: 'documents/', HttpRedirectCode: '301' },
    },
    { Redirect: { HostName: 'example.com', Protocol: 'https' } },
  ],
}

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }))
})

const put = (WebsiteConfiguration: WebsiteConfiguration) =>
  s3.send(new PutBucketWebsiteCommand({ Bucket, WebsiteConfiguration }))

describe('Put/Get/DeleteBucketWebsite', () => {
  it('stores the configuration, returns it as put, deletes it (204)', async () => {
    expect((await put(site)).$metadata.httpStatusCode).toBe(200)
    const got = await s3.send(new GetBucketWebsiteCommand({ Bucket }))
    expect({
      IndexDocument: got.IndexDocument,
      ErrorDocument: got.ErrorDocument,
      RoutingRules: got.RoutingRules,
    }).toEqual(site)
    const deleted = await s3.send(new DeleteBucketWebsiteCommand({ Bucket }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const missing = await errorOf(s3.send(new GetBucketWebsiteCommand({ Bucket })))
    expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual([
      'NoSuchWebsiteConfiguration',
      'The specified bucket does not have a website configuration',
      404,
    ])
    // Deleting again is still 204.
    const again = await s3.send(new DeleteBucketWebsiteCommand({ Bucket }))
    expect(again.$metadata.httpStatusCode).toBe(204)
  })

  it('stores a redirect of every request on its own', async () => {
    await put({ RedirectAllRequestsTo: { HostName: 'www.example.com', Protocol: 'https' } })
    const got = await s3.send(new GetBucketWebsiteCommand({ Bucket }))
    expect(got.RedirectAllRequestsTo).toEqual({ HostName: 'www.example.com', Protocol: 'https' })
    expect(got.IndexDocument).toBeUndefined()
  })

  it.each<[string, WebsiteConfiguration, string, string]>([
    [
      'no index document',
      { ErrorDocument: { Key: 'e.html' } },
      'InvalidArgument',
      'A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty',
    ],
    [
      'a suffix with a slash',
      { IndexDocument: { Suffix: 'a/index.html' } },
      'InvalidArgument',
      'The IndexDocument Suffix is not well formed',
    ],
    [
      'a redirect of every request with an index document',
      { RedirectAllRequestsTo: { HostName: 'x.com' }, IndexDocument: { Suffix: 'i.html' } },
      'InvalidArgument',
      'RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.',
    ],
    [
      'a protocol other than http(s)',
      { RedirectAllRequestsTo: { HostName: 'x.com', Protocol: 'ftp' as 'http' } },
      'InvalidRequest',
      'Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.',
    ],
    [
      'both key replacements',
      {
        IndexDocument: { Suffix: 'i.html' },
        RoutingRules: [{ Redirect: { ReplaceKeyWith: 'a', ReplaceKeyPrefixWith: 'b' } }],
      },
      'InvalidRequest',
      'You can only define ReplaceKeyPrefix or ReplaceKey but not both.',
    ],
    [
      'an empty condition',
      {
        IndexDocument: { Suffix: 'i.html' },
        RoutingRules: [{ Condition: {}, Redirect: { HostName: 'x.com' } }],
      },
      'InvalidRequest',
      "Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn't be present.",
    ],
    [
      'an error document without a key',
      { IndexDocument: { Suffix: 'i.html' }, ErrorDocument: { Key: '' } },
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    ],
  ])('refuses %s (400) and keeps the stored configuration', async (_, config, code, message) => {
    await put(site)
    const error = await expectUnchanged(aws, () => errorOf(put(config)))
    expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual([
      code,
      message,
      400,
    ])
  })

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    const error = await errorOf(s3.send(new GetBucketWebsiteCommand({ Bucket: 'nope-bucket' })))
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['NoSuchBucket', 404])
  })
})
