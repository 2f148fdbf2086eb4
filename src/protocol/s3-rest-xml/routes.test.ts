import { describe, expect, it } from 'vitest'
import * as s3 from '@aws-sdk/client-s3'
import { resolveS3Address } from './addressing.js'
import {
  S3_ROUTES,
  SUBRESOURCES,
  matchRoute,
  routeInput,
  type Route,
  type RouteTarget,
} from './routes.js'

function route(
  method: string,
  target: RouteTarget,
  query = '',
  headers: Record<string, string> = {},
) {
  return matchRoute({
    method,
    target,
    query: new URLSearchParams(query),
    headers: new Headers(headers),
  })
}

const COPY = { 'x-amz-copy-source': 'b/k' }
const FORM = { 'content-type': 'multipart/form-data; boundary=xyz' }

describe('matchRoute: every route', () => {
  it.each([
    ['GET', 'service', '', {}, 'ListBuckets'],
    ['PUT', 'bucket', '', {}, 'CreateBucket'],
    ['DELETE', 'bucket', '', {}, 'DeleteBucket'],
    ['HEAD', 'bucket', '', {}, 'HeadBucket'],
    ['GET', 'bucket', 'location', {}, 'GetBucketLocation'],
    ['PUT', 'bucket', 'versioning', {}, 'PutBucketVersioning'],
    ['GET', 'bucket', 'versioning', {}, 'GetBucketVersioning'],
    ['PUT', 'bucket', 'encryption', {}, 'PutBucketEncryption'],
    ['GET', 'bucket', 'encryption', {}, 'GetBucketEncryption'],
    ['DELETE', 'bucket', 'encryption', {}, 'DeleteBucketEncryption'],
    ['PUT', 'bucket', 'policy', {}, 'PutBucketPolicy'],
    ['GET', 'bucket', 'policy', {}, 'GetBucketPolicy'],
    ['DELETE', 'bucket', 'policy', {}, 'DeleteBucketPolicy'],
    ['GET', 'bucket', '', {}, 'ListObjects'],
    ['GET', 'bucket', 'prefix=a&marker=b', {}, 'ListObjects'],
    ['GET', 'bucket', 'list-type=2&prefix=a', {}, 'ListObjectsV2'],
    ['GET', 'bucket', 'versions', {}, 'ListObjectVersions'],
    ['GET', 'bucket', 'uploads', {}, 'ListMultipartUploads'],
    ['POST', 'bucket', 'delete', {}, 'DeleteObjects'],
    ['POST', 'bucket', '', FORM, 'PostObject'],
    ['PUT', 'object', '', {}, 'PutObject'],
    ['PUT', 'object', '', COPY, 'CopyObject'],
    ['GET', 'object', '', {}, 'GetObject'],
    ['GET', 'object', 'versionId=v1&partNumber=2&response-content-type=x', {}, 'GetObject'],
    ['HEAD', 'object', '', {}, 'HeadObject'],
    ['DELETE', 'object', 'versionId=v1', {}, 'DeleteObject'],
    ['GET', 'object', 'attributes', {}, 'GetObjectAttributes'],
    ['PUT', 'object', 'encryption', {}, 'UpdateObjectEncryption'],
    ['POST', 'object', 'uploads', {}, 'CreateMultipartUpload'],
    ['POST', 'object', 'uploads=', {}, 'CreateMultipartUpload'],
    ['PUT', 'object', 'partNumber=1&uploadId=u', {}, 'UploadPart'],
    ['PUT', 'object', 'partNumber=1&uploadId=u', COPY, 'UploadPartCopy'],
    ['POST', 'object', 'uploadId=u', {}, 'CompleteMultipartUpload'],
    ['DELETE', 'object', 'uploadId=u', {}, 'AbortMultipartUpload'],
    ['GET', 'object', 'uploadId=u&max-parts=2', {}, 'ListParts'],
  ] as const)('%s %s ?%s %j → %s', (method, target, query, headers, operation) => {
    expect(route(method, target, query, headers).operation).toBe(operation)
  })

  it('covers every route in the table', () => {
    expect(new Set(S3_ROUTES.map((r) => r.operation)).size).toBe(S3_ROUTES.length)
  })

  it('method case does not matter', () => {
    expect(route('get', 'object').operation).toBe('GetObject')
  })
})

describe('matchRoute: x-id', () => {
  it('never decides the route', () => {
    expect(route('GET', 'object', 'x-id=PutObject').operation).toBe('GetObject')
    expect(route('PUT', 'object', 'x-id=UploadPart').operation).toBe('PutObject')
  })

  it('is reported as a cross-check', () => {
    expect(route('PUT', 'object', 'partNumber=1&uploadId=u&x-id=UploadPart')).toMatchObject({
      operation: 'UploadPart',
      xIdAgrees: true,
    })
    expect(route('GET', 'object', 'x-id=PutObject')).toMatchObject({ xIdAgrees: false })
    expect(route('HEAD', 'object')).toMatchObject({ xIdAgrees: undefined })
  })
})

describe('matchRoute: not implemented', () => {
  it.each([
    ['POST', 'object', 'select&select-type=2', 'POST /{Bucket}/{Key+}?select'],
    ['GET', 'bucket', 'list-type=1', 'GET /{Bucket}?list-type'],
    ['POST', 'bucket', '', 'POST /{Bucket}'],
    ['POST', 'object', '', 'POST /{Bucket}/{Key+}'],
    ['HEAD', 'service', '', 'HEAD /'],
    ['PATCH', 'object', '', 'PATCH /{Bucket}/{Key+}'],
    [
      'POST',
      'object',
      'select&select-type=2&x-id=SelectObjectContent',
      'SelectObjectContent (POST /{Bucket}/{Key+}?select)',
    ],
  ] as const)('%s %s ?%s', (method, target, query, description) => {
    expect(route(method, target, query)).toEqual({ operation: undefined, description })
  })
})

describe('the table', () => {
  // An earlier row whose conditions are a subset of a later row's (same method and target) would
  // hide it.
  const conditions = (r: Route) => [
    ...(r.query ?? []).map((q) => `q:${q}`),
    ...Object.entries(r.queryValues ?? {}).map(([k, v]) => `v:${k}=${v}`),
    ...(r.headers ?? []).map((h) => `h:${h}`),
    ...(r.contentType === undefined ? [] : [`c:${r.contentType}`]),
    // Endpoint families never share a request: each row holds its own.
    `s:${r.signingService ?? 's3'}`,
  ]
  it('no row shadows a later one', () => {
    S3_ROUTES.forEach((later, j) => {
      for (const earlier of S3_ROUTES.slice(0, j)) {
        if (earlier.method !== later.method || earlier.target !== later.target) continue
        const mine = new Set(conditions(later))
        const shadowed = conditions(earlier).every((c) => mine.has(c))
        expect(shadowed, `${earlier.operation} shadows ${later.operation}`).toBe(false)
      }
    })
  })

  it('every required query key that selects is a known subresource', () => {
    const PARAMETERS = new Set(['partNumber', 'id', 'annotationName'])
    for (const r of S3_ROUTES) {
      for (const key of [...(r.query ?? []), ...Object.keys(r.queryValues ?? {})]) {
        // `partNumber`, `id` and `annotationName` are parameters, not subresources: `id` tells an
        // analytics, inventory, metrics or tiering Get (and Put, Delete) from its List, and
        // `annotationName` GetObjectAnnotation from ListObjectAnnotations.
        if (!PARAMETERS.has(key)) expect(SUBRESOURCES.has(key), key).toBe(true)
      }
    }
  })
})

describe('routing what @aws-sdk/client-s3 sends', () => {
  const captured: Request[] = []
  const client = new s3.S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      handle: (request: {
        method: string
        protocol: string
        hostname: string
        port?: number
        path: string
        query: Record<string, string | string[] | null>
        headers: Record<string, string>
      }) => {
        const search = Object.entries(request.query)
          .flatMap(([k, v]) =>
            v === null
              ? [k]
              : (Array.isArray(v) ? v : [v]).map((x) => `${k}=${encodeURIComponent(x)}`),
          )
          .join('&')
        const port = request.port === undefined ? '' : `:${request.port}`
        const url = `${request.protocol}//${request.hostname}${port}${request.path}${search ? `?${search}` : ''}`
        captured.push(new Request(url, { method: request.method, headers: request.headers }))
        return Promise.reject(new Error('captured'))
      },
    },
  })
  const Bucket = 'bucket1'
  const Key = 'dir/a b+c.txt'
  const UploadId = 'upload-1'
  const commands: [string, object][] = [
    ['ListBuckets', new s3.ListBucketsCommand({})],
    ['CreateBucket', new s3.CreateBucketCommand({ Bucket })],
    ['DeleteBucket', new s3.DeleteBucketCommand({ Bucket })],
    ['HeadBucket', new s3.HeadBucketCommand({ Bucket })],
    ['GetBucketLocation', new s3.GetBucketLocationCommand({ Bucket })],
    [
      'PutBucketVersioning',
      new s3.PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    ],
    ['GetBucketVersioning', new s3.GetBucketVersioningCommand({ Bucket })],
    [
      'PutBucketEncryption',
      new s3.PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    ],
    ['GetBucketEncryption', new s3.GetBucketEncryptionCommand({ Bucket })],
    ['DeleteBucketEncryption', new s3.DeleteBucketEncryptionCommand({ Bucket })],
    ['PutBucketPolicy', new s3.PutBucketPolicyCommand({ Bucket, Policy: '{}' })],
    ['GetBucketPolicy', new s3.GetBucketPolicyCommand({ Bucket })],
    ['DeleteBucketPolicy', new s3.DeleteBucketPolicyCommand({ Bucket })],
    ['ListObjects', new s3.ListObjectsCommand({ Bucket })],
    ['ListObjectsV2', new s3.ListObjectsV2Command({ Bucket, Prefix: 'dir/' })],
    ['ListObjectVersions', new s3.ListObjectVersionsCommand({ Bucket })],
    ['ListMultipartUploads', new s3.ListMultipartUploadsCommand({ Bucket })],
    ['DeleteObjects', new s3.DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key }] } })],
    ['PutObject', new s3.PutObjectCommand({ Bucket, Key, Body: 'hello' })],
    ['CopyObject', new s3.CopyObjectCommand({ Bucket, Key, CopySource: `${Bucket}/${Key}` })],
    ['GetObject', new s3.GetObjectCommand({ Bucket, Key })],
    ['HeadObject', new s3.HeadObjectCommand({ Bucket, Key })],
    ['DeleteObject', new s3.DeleteObjectCommand({ Bucket, Key })],
    [
      'GetObjectAttributes',
      new s3.GetObjectAttributesCommand({ Bucket, Key, ObjectAttributes: ['ETag'] }),
    ],
    [
      'UpdateObjectEncryption',
      new s3.UpdateObjectEncryptionCommand({
        Bucket,
        Key,
        ObjectEncryption: { SSEKMS: { KMSKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k' } },
      }),
    ],
    ['CreateMultipartUpload', new s3.CreateMultipartUploadCommand({ Bucket, Key })],
    ['UploadPart', new s3.UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'x' })],
    [
      'UploadPartCopy',
      new s3.UploadPartCopyCommand({ Bucket, Key, UploadId, PartNumber: 1, CopySource: 'b/k' }),
    ],
    [
      'CompleteMultipartUpload',
      new s3.CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"e"' }] },
      }),
    ],
    ['AbortMultipartUpload', new s3.AbortMultipartUploadCommand({ Bucket, Key, UploadId })],
    ['ListParts', new s3.ListPartsCommand({ Bucket, Key, UploadId })],
    [
      'PutObjectAnnotation',
      new s3.PutObjectAnnotationCommand({
        Bucket,
        Key,
        AnnotationName: 'a',
        AnnotationPayload: 'x',
      }),
    ],
    [
      'GetObjectAnnotation',
      new s3.GetObjectAnnotationCommand({ Bucket, Key, AnnotationName: 'a' }),
    ],
    [
      'DeleteObjectAnnotation',
      new s3.DeleteObjectAnnotationCommand({ Bucket, Key, AnnotationName: 'a' }),
    ],
    ['ListObjectAnnotations', new s3.ListObjectAnnotationsCommand({ Bucket, Key })],
  ]

  it.each(commands)('%s', async (operation, command) => {
    captured.length = 0
    await expect(client.send(command as s3.GetObjectCommand)).rejects.toThrow('captured')
    const request = captured[0]
    if (request === undefined) throw new Error('nothing captured')
    const address = resolveS3Address(new URL(request.url))
    if (operation !== 'ListBuckets') expect(address.bucket).toBe(Bucket)
    const match = matchRoute(routeInput(request, address))
    expect(match.operation).toBe(operation)
    if (match.operation !== undefined && match.xIdAgrees !== undefined) {
      expect(match.xIdAgrees).toBe(true)
    }
    if (['PutObject', 'GetObject', 'HeadObject'].includes(operation)) expect(address.key).toBe(Key)
  })
})

describe('endpoint families (the SigV4 service a request is signed for)', () => {
  const signed = (
    signingService: 's3' | 's3express' | 's3-object-lambda',
    method: string,
    target: RouteTarget,
    query = '',
  ) =>
    matchRoute({
      method,
      target,
      query: new URLSearchParams(query),
      headers: new Headers(),
      signingService,
    })

  it('tells ListDirectoryBuckets from ListBuckets by the s3express scope alone', () => {
    expect(signed('s3express', 'GET', 'service').operation).toBe('ListDirectoryBuckets')
    expect(signed('s3', 'GET', 'service', 'x-id=ListDirectoryBuckets').operation).toBe(
      'ListBuckets',
    )
  })

  it('routes no general-purpose operation for another family', () => {
    expect(signed('s3express', 'GET', 'bucket', 'session').operation).toBeUndefined()
    expect(signed('s3express', 'PUT', 'bucket').operation).toBeUndefined()
    expect(signed('s3-object-lambda', 'POST', 'object').operation).toBe('WriteGetObjectResponse')
    expect(signed('s3', 'POST', 'object').operation).toBeUndefined()
  })
})
