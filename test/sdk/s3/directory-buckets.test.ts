import {
  CreateBucketCommand,
  CreateSessionCommand,
  DeleteBucketCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListDirectoryBucketsCommand,
  PutObjectCommand,
  RenameObjectCommand,
  WriteGetObjectResponseCommand,
  paginateListDirectoryBuckets,
  type S3Client,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, testCredentials, useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

// Strict mode: every signature is verified, so the `s3express` and `s3-object-lambda` scopes the
// SDK signs these requests with must be checked as such (a wrong service would be refused).
const aws = useMockAws({ region: 'eu-west-1', credentials: [testCredentials] })
const s3 = s3Client('eu-west-1')
const Bucket = 'general-purpose'
// A directory bucket's name: the SDK sends it to S3 Express hosts (`s3express-control`, zonal).
const Directory = 'scratch--euw1-az1--x-s3'

beforeEach(async () => {
  await s3.send(
    new CreateBucketCommand({
      Bucket,
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  )
  await s3.send(new PutObjectCommand({ Bucket, Key: 'draft.txt', Body: 'first draft' }))
})

async function refused(call: () => Promise<unknown>) {
  const error = await expectUnchanged(aws, () => errorOf(call()))
  return { code: error.name, message: error.message, status: error.$metadata.httpStatusCode }
}

const NOT_IMPLEMENTED = {
  code: 'NotImplemented',
  message: 'A header you provided implies functionality that is not implemented',
  status: 501,
}

describe("S3 Express and Object Lambda hosts are the world's (no request leaves the process)", () => {
  it.each([
    'https://s3express-control.eu-west-1.amazonaws.com/?x-id=ListDirectoryBuckets',
    'https://s3express-fips-control.us-east-1.amazonaws.com/',
    `https://${Directory}.s3express-euw1-az1.eu-west-1.amazonaws.com/?session`,
    'https://io-route.s3-object-lambda.eu-west-1.amazonaws.com/WriteGetObjectResponse',
    'https://io-route.s3-object-lambda-fips.us-gov-west-1.amazonaws.com/WriteGetObjectResponse',
  ])('%s', (url) => {
    expect(aws.owns(url)).toBe(true)
  })

  it('leaves other amazonaws.com hosts alone', () => {
    expect(aws.owns('https://s3express.example.com/')).toBe(false)
    expect(aws.owns('https://sts.eu-west-1.amazonaws.com/')).toBe(false)
  })
})

describe('ListDirectoryBuckets (s3express-control host)', () => {
  it('answers in-process an empty list: the mock emulates no directory bucket', async () => {
    const out = await s3.send(new ListDirectoryBucketsCommand({ MaxDirectoryBuckets: 10 }))
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect(out.Buckets).toEqual([])
    expect(out.ContinuationToken).toBeUndefined()
    // General-purpose buckets are not directory buckets; ListBuckets still lists them.
    const all = await s3.send(new ListBucketsCommand({}))
    expect(all.Buckets?.map((b) => b.Name)).toEqual([Bucket])
  })

  it('pages once through the paginator and is audited as its own operation', async () => {
    const pages = []
    for await (const page of paginateListDirectoryBuckets({ client: s3 }, {})) pages.push(page)
    expect(pages.map((p) => p.Buckets)).toEqual([[]])
    expect(aws.audit.events().at(-1)).toMatchObject({
      eventName: 'ListDirectoryBuckets',
      eventSource: 's3.amazonaws.com',
    })
  })

  it('refuses a page size out of range', async () => {
    expect(
      await refused(() => s3.send(new ListDirectoryBucketsCommand({ MaxDirectoryBuckets: 1001 }))),
    ).toEqual({
      code: 'InvalidArgument',
      message: 'Argument max-directory-buckets must be an integer between 0 and 1000',
      status: 400,
    })
  })

  it('is verified as an s3express signature: a wrong secret is refused', async () => {
    const stranger = s3Client('eu-west-1', {
      credentials: { ...testCredentials, secretAccessKey: `${testCredentials.secretAccessKey}x` },
    })
    expect((await refused(() => stranger.send(new ListDirectoryBucketsCommand({})))).code).toBe(
      'SignatureDoesNotMatch',
    )
  })
})

describe('S3 Express One Zone operations on general-purpose buckets', () => {
  it('CreateSession of a general-purpose bucket: 501 NotImplemented', async () => {
    expect(await refused(() => s3.send(new CreateSessionCommand({ Bucket })))).toEqual(
      NOT_IMPLEMENTED,
    )
    expect(
      await refused(() => s3.send(new CreateSessionCommand({ Bucket: 'no-such-bucket' }))),
    ).toMatchObject({ code: 'NoSuchBucket', status: 404 })
  })

  it('RenameObject: 501 NotImplemented, nothing renamed', async () => {
    const rename = (RenameSource: string) =>
      s3.send(new RenameObjectCommand({ Bucket, Key: 'final.txt', RenameSource }))
    expect(await refused(() => rename('draft.txt'))).toEqual(NOT_IMPLEMENTED)
    expect(await refused(() => rename('missing.txt'))).toEqual(NOT_IMPLEMENTED)
    const draft = await s3.send(new GetObjectCommand({ Bucket, Key: 'draft.txt' }))
    expect((await bodyBytes(draft.Body)).toString()).toBe('first draft')
    expect(
      (await errorOf(s3.send(new HeadObjectCommand({ Bucket, Key: 'final.txt' })))).$metadata
        .httpStatusCode,
    ).toBe(404)
  })

  it.each<[string, (c: S3Client) => Promise<unknown>]>([
    ['CreateSession', (c) => c.send(new CreateSessionCommand({ Bucket: Directory }))],
    ['CreateBucket', (c) => c.send(new CreateBucketCommand({ Bucket: Directory }))],
    ['DeleteBucket', (c) => c.send(new DeleteBucketCommand({ Bucket: Directory }))],
    ['GetBucketPolicy', (c) => c.send(new GetBucketPolicyCommand({ Bucket: Directory }))],
    ['PutObject', (c) => c.send(new PutObjectCommand({ Bucket: Directory, Key: 'k', Body: 'x' }))],
  ])(
    '%s of a directory bucket stays in the process: 501 naming what is not emulated',
    async (_name, call) => {
      const error = await refused(() => call(s3))
      expect(error).toMatchObject({ code: 'NotImplemented', status: 501 })
      expect(error.message).toContain('directory buckets (S3 Express One Zone)')
    },
  )
})

describe('WriteGetObjectResponse (s3-object-lambda host)', () => {
  it('answers InvalidToken in-process: no Object Lambda access point issued the route', async () => {
    const send = () =>
      s3.send(
        new WriteGetObjectResponseCommand({
          RequestRoute: 'io-example-route',
          RequestToken: 'token-from-a-lambda-event',
          Body: 'transformed',
          StatusCode: 200,
        }),
      )
    expect(await refused(send)).toEqual({
      code: 'InvalidToken',
      message: 'The provided token is malformed or otherwise invalid.',
      status: 400,
    })
    expect(aws.audit.events().at(-1)).toMatchObject({ eventName: 'WriteGetObjectResponse' })
  })
})
