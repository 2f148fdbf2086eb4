import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../support/kms.js'
import { s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws({ endpoints: ['http://localhost:4566'] })

describe('buckets through the real S3 client', () => {
  it('creates, lists, heads and deletes a bucket', async () => {
    const s3 = s3Client()
    await s3.send(new CreateBucketCommand({ Bucket: 'photos' }))
    const { Buckets } = await s3.send(new ListBucketsCommand({}))
    expect(Buckets?.map((b) => b.Name)).toEqual(['photos'])
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'photos' }))
    expect(head.BucketRegion).toBe('us-east-1')
    await s3.send(new DeleteBucketCommand({ Bucket: 'photos' }))
    const missing = await errorOf(s3.send(new HeadBucketCommand({ Bucket: 'photos' })))
    expect(missing.name).toBe('NotFound')
    expect(missing.$metadata.httpStatusCode).toBe(404)
  })

  it('creates a bucket in the region of a regional endpoint', async () => {
    const s3 = s3Client('eu-west-1')
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'eu-data',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    )
    const { LocationConstraint } = await s3.send(
      new GetBucketLocationCommand({ Bucket: 'eu-data' }),
    )
    expect(LocationConstraint).toBe('eu-west-1')
  })

  it('answers path-style and custom endpoints', async () => {
    const pathStyle = s3Client('us-east-1', { forcePathStyle: true })
    await pathStyle.send(new CreateBucketCommand({ Bucket: 'path-style' }))
    const local = s3Client('us-east-1', { endpoint: 'http://localhost:4566' })
    const { Buckets } = await local.send(new ListBucketsCommand({}))
    expect(Buckets?.map((b) => b.Name)).toEqual(['path-style'])
  })

  it('answers dualstack and FIPS hosts from the same store', async () => {
    await s3Client('us-east-2', { useDualstackEndpoint: true }).send(
      new CreateBucketCommand({
        Bucket: 'dual',
        CreateBucketConfiguration: { LocationConstraint: 'us-east-2' },
      }),
    )
    const fips = s3Client('us-east-2', { useFipsEndpoint: true })
    const { BucketRegion } = await fips.send(new HeadBucketCommand({ Bucket: 'dual' }))
    expect(BucketRegion).toBe('us-east-2')
    expect(aws.owns('https://dual.s3.dualstack.us-east-2.amazonaws.com/')).toBe(true)
    expect(aws.owns('https://dual.s3-fips.us-east-2.amazonaws.com/')).toBe(true)
  })

  it('turns versioning on and reports it', async () => {
    const s3 = s3Client()
    await s3.send(new CreateBucketCommand({ Bucket: 'versioned' }))
    expect(
      (await s3.send(new GetBucketVersioningCommand({ Bucket: 'versioned' }))).Status,
    ).toBeUndefined()
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'versioned',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'versioned' }))).Status).toBe(
      'Enabled',
    )
  })

  it('refuses bad names and missing buckets with AWS errors, changing nothing', async () => {
    const s3 = s3Client('us-east-1', { forcePathStyle: true })
    const bad = await expectUnchanged(aws, () =>
      errorOf(s3.send(new CreateBucketCommand({ Bucket: 'Not_Valid' }))),
    )
    expect(bad.name).toBe('InvalidBucketName')
    expect(bad.message).toBe('The specified bucket is not valid.')
    expect(bad.$metadata.httpStatusCode).toBe(400)
    const gone = await errorOf(s3.send(new DeleteBucketCommand({ Bucket: 'nope' })))
    expect(gone.name).toBe('NoSuchBucket')
    expect(gone.message).toBe('The specified bucket does not exist')
  })

  it('answers 501 NotImplemented for operations it does not emulate, naming them', async () => {
    const response = await fetch('https://b.s3.us-east-1.amazonaws.com/k?select&select-type=2', {
      method: 'POST',
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
      },
    })
    expect(response.status).toBe(501)
    const text = await response.text()
    expect(text).toContain('<Code>NotImplemented</Code>')
    expect(text).toContain('POST /{Bucket}/{Key+}?select')
    expect(aws.audit.events({ eventSource: 's3.amazonaws.com' }).at(-1)?.errorCode).toBe(
      'NotImplemented',
    )
  })
})

describe('a method that is no operation on the resource: 405 MethodNotAllowed, as S3 answers', () => {
  /** Sends `command` with its HTTP method replaced, as a hand-written client might. */
  function withMethod<C extends { middlewareStack: GetBucketVersioningCommand['middlewareStack'] }>(
    command: C,
    method: string,
  ): C {
    command.middlewareStack.add(
      (next) => async (args) => {
        ;(args.request as { method: string }).method = method
        return next(args)
      },
      { step: 'build' },
    )
    return command
  }

  it('DELETE /{Bucket}?versioning through the SDK: MethodNotAllowed 405, nothing changed', async () => {
    const s3 = s3Client()
    await s3.send(new CreateBucketCommand({ Bucket: 'versioned' }))
    const err = await expectUnchanged(aws, () =>
      errorOf(
        s3.send(withMethod(new GetBucketVersioningCommand({ Bucket: 'versioned' }), 'DELETE')),
      ),
    )
    expect(err.name).toBe('MethodNotAllowed')
    expect(err.message).toBe('The specified method is not allowed against this resource.')
    expect(err.$metadata.httpStatusCode).toBe(405)
    expect(err.$fault).toBe('client')
    expect(aws.audit.events({ eventSource: 's3.amazonaws.com' }).at(-1)?.errorCode).toBe(
      'MethodNotAllowed',
    )
  })

  it('names the method and resource type in the body and lists the allowed methods', async () => {
    const cases = [
      [
        'DELETE',
        'https://b.s3.us-east-1.amazonaws.com/?versioning',
        'BUCKETVERSIONING',
        'GET, PUT',
      ],
      ['PUT', 'https://b.s3.us-east-1.amazonaws.com/?uploads', 'BUCKETUPLOADS', 'GET'],
      ['POST', 'https://b.s3.us-east-1.amazonaws.com/k?delete', 'OBJECT', 'GET, PUT, HEAD, DELETE'],
      ['POST', 'https://b.s3.us-east-1.amazonaws.com/k', 'OBJECT', 'GET, PUT, HEAD, DELETE'],
      ['POST', 'https://s3.us-east-1.amazonaws.com/', 'SERVICE', 'GET'],
      ['POST', 'https://b.s3.us-east-1.amazonaws.com/?policy', 'BUCKETPOLICY', 'GET, PUT, DELETE'],
    ] as const
    for (const [method, url, resourceType, allow] of cases) {
      const response = await fetch(url, { method, headers: { authorization: SIGV4 } })
      expect(response.status, `${method} ${url}`).toBe(405)
      expect(response.headers.get('allow')).toBe(allow)
      const text = await response.text()
      expect(text).toContain(
        `<Code>MethodNotAllowed</Code><Message>The specified method is not allowed against this resource.</Message><Method>${method}</Method><ResourceType>${resourceType}</ResourceType><RequestId>`,
      )
    }
  })

  it('a real S3 operation the mock does not implement stays 501, naming it', async () => {
    for (const [method, url, named] of [
      [
        'POST',
        'https://b.s3.us-east-1.amazonaws.com/k?select&select-type=2',
        'POST /{Bucket}/{Key+}?select',
      ],
    ] as const) {
      const response = await fetch(url, { method, headers: { authorization: SIGV4 } })
      expect(response.status, `${method} ${url}`).toBe(501)
      expect(await response.text()).toContain(named)
    }
  })
})

const SIGV4 =
  'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00'
