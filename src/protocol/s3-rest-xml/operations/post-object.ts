import { Secret } from '../../../core/secret.js'
import type { LockRequest } from '../../../s3/object-lock.js'
import { CHECKSUM_ALGORITHMS } from '../../../crypto/checksums.js'
import {
  postObject,
  type PostObjectOutput,
  type PostObjectWrite,
} from '../../../s3/operations/post-object.js'
import type { ContentHeaders, EncryptionRequest } from '../../../s3/shapes.js'
import { defineS3Operation } from '../define.js'
import { IncorrectNumberOfFilesInPostRequest } from '../../../s3/errors.js'
import { postSignatureOf, verifyPostSignature } from '../../auth/post-policy.js'
import * as H from '../headers.js'
import {
  bucketOf,
  definedHeaders,
  emptyResponse,
  type Headerish,
  type S3HttpRequest,
} from '../http.js'
import { buildXml, parseXml } from '../xml.js'
import { decodeTagSet } from './tagging.js'
import { encryptionHeaders } from '../codecs/common.js'
import { readPostForm } from '../codecs/post-form.js'

/**
 * The form's fields before the file and the file itself. S3 ignores fields after the file
 * (POST Object API reference: "file … must be the last field in the form"); names are
 * case-insensitive, the first of a repeated name counts.
 */
async function readForm(request: Request): Promise<{ fields: Map<string, string>; file: Blob }> {
  const form = await readPostForm(request)
  const fields = new Map<string, string>()
  let file: Blob | undefined
  let files = 0
  form.forEach((value, rawName) => {
    const name = rawName.toLowerCase()
    if (name === 'file') {
      files++
      file ??= typeof value === 'string' ? new Blob([value]) : value
    } else if (file === undefined && typeof value === 'string' && !fields.has(name)) {
      fields.set(name, value)
    }
  })
  if (file === undefined || files !== 1) throw new IncorrectNumberOfFilesInPostRequest()
  return { fields, file }
}

/** Where the new object lives, as S3 answers it: `/key` on a virtual host, `/bucket/key` on a path. */
function locationOf(req: S3HttpRequest, out: PostObjectOutput): string {
  const virtual = req.url.pathname.replace(/\/+$/, '') === ''
  const key = encodeURIComponent(out.Key)
  return `${req.url.origin}/${virtual ? '' : `${encodeURIComponent(out.Bucket)}/`}${key}`
}

/** `success_action_redirect` when it is an http(s) URL; anything else is ignored, as S3 does. */
function redirectOf(out: PostObjectOutput): URL | undefined {
  if (out.SuccessActionRedirect === undefined) return undefined
  try {
    const url = new URL(out.SuccessActionRedirect)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}

/** The write's members a form field gives as text. */
type TextMember =
  | Exclude<keyof ContentHeaders, 'Expires'>
  | Exclude<keyof EncryptionRequest, 'BucketKeyEnabled' | 'SSECustomerKey'>

const FIELD_TO_CONTENT: readonly (readonly [string, TextMember])[] = [
  ['cache-control', 'CacheControl'],
  ['content-disposition', 'ContentDisposition'],
  ['content-encoding', 'ContentEncoding'],
  ['content-language', 'ContentLanguage'],
  ['content-type', 'ContentType'],
]

const FIELD_TO_SSE: readonly (readonly [string, TextMember])[] = [
  ['x-amz-server-side-encryption', 'ServerSideEncryption'],
  ['x-amz-server-side-encryption-aws-kms-key-id', 'SSEKMSKeyId'],
  ['x-amz-server-side-encryption-context', 'SSEKMSEncryptionContext'],
  ['x-amz-server-side-encryption-customer-algorithm', 'SSECustomerAlgorithm'],
  ['x-amz-server-side-encryption-customer-key-md5', 'SSECustomerKeyMD5'],
]
const CUSTOMER_KEY_FIELD = 'x-amz-server-side-encryption-customer-key'
/** Object Lock fields, named as the PutObject headers (POST Object API reference). */
const FIELD_TO_LOCK: readonly (readonly [string, keyof LockRequest])[] = [
  ['x-amz-object-lock-mode', 'ObjectLockMode'],
  ['x-amz-object-lock-retain-until-date', 'ObjectLockRetainUntilDate'],
  ['x-amz-object-lock-legal-hold', 'ObjectLockLegalHoldStatus'],
]

/**
 * The write the form describes, as PutObject takes it. Form field names are the header names S3
 * reads on a PUT (POST Object API reference, "Request body"), so the same encryption plan, checksum
 * and metadata rules apply.
 */
function writeOf(fields: ReadonlyMap<string, string>): PostObjectWrite {
  const request: PostObjectWrite = { Metadata: {} }
  for (const [field, member] of [...FIELD_TO_CONTENT, ...FIELD_TO_SSE]) {
    const value = fields.get(field)
    if (value !== undefined) request[member] = value
  }
  // The SSE-C key becomes a Secret at once, as the header does (codecs/common.ts).
  const customerKey = fields.get(CUSTOMER_KEY_FIELD)
  if (customerKey !== undefined) {
    request.SSECustomerKey = new Secret(new TextEncoder().encode(customerKey))
  }
  const expires = fields.get('expires')
  // Stored as given, as the Expires header is (codecs/common.ts).
  if (expires !== undefined) request.Expires = expires
  const bucketKey = fields.get('x-amz-server-side-encryption-bucket-key-enabled')
  if (bucketKey !== undefined) request.BucketKeyEnabled = bucketKey.toLowerCase() === 'true'
  const storageClass = fields.get('x-amz-storage-class')
  if (storageClass !== undefined) request.StorageClass = storageClass
  for (const [field, member] of FIELD_TO_LOCK) {
    const value = fields.get(field)
    if (value !== undefined) request[member] = value
  }
  // The `tagging` field is a `<Tagging>` document (POST Object API reference), not a query.
  const tagging = fields.get('tagging')
  if (tagging !== undefined) {
    request.TagSet = decodeTagSet(parseXml(tagging, { root: 'Tagging', arrays: ['Tag'] }))
  }
  for (const [name, value] of fields) {
    if (name.startsWith('x-amz-meta-')) {
      ;(request.Metadata ??= {})[name.slice('x-amz-meta-'.length)] = value
    }
  }
  const algorithm = CHECKSUM_ALGORITHMS.find((a) => fields.has(`x-amz-checksum-${a.toLowerCase()}`))
  if (algorithm !== undefined) {
    const expected = fields.get(`x-amz-checksum-${algorithm.toLowerCase()}`)
    request.checksum = { algorithm, expected: () => expected }
  }
  return request
}

export const postObjectOperations = {
  PostObject: defineS3Operation({
    name: 'PostObject',
    resource: 'bucket',
    routes: [{ method: 'POST', contentType: 'multipart/form-data' }],
    actions: [],
    readOnly: false,
    run: postObject,
    async decode(req) {
      const { fields, file } = await readForm(req.request)
      const signature = postSignatureOf(fields)
      const policy = fields.get('policy')
      if (policy !== undefined) verifyPostSignature(policy, signature, req.credentials ?? [])
      return {
        Bucket: bucketOf(req),
        Fields: fields,
        Policy: policy,
        Signature: signature.kind,
        File: {
          Body: file.stream(),
          Size: file.size,
          ...(file instanceof File && file.name !== '' ? { FileName: file.name } : {}),
        },
        Write: writeOf(fields),
      }
    },
    encode(out, req) {
      const location = locationOf(req, out)
      const headers: Headerish = {
        [H.ETAG]: out.ETag,
        location,
        [H.VERSION_ID]: out.VersionId,
        ...encryptionHeaders(out),
      }
      const redirect = redirectOf(out)
      if (redirect !== undefined) {
        // 303 to the redirect with bucket, key and etag appended (POST Object API reference).
        redirect.searchParams.set('bucket', out.Bucket)
        redirect.searchParams.set('key', out.Key)
        redirect.searchParams.set('etag', out.ETag)
        return emptyResponse({ ...headers, location: redirect.toString() }, 303)
      }
      // 200 and 204 are empty; 201 returns the PostResponse document; anything else is 204.
      switch (out.SuccessActionStatus) {
        case '200':
          return emptyResponse(headers, 200)
        case '201':
          // Without S3's namespace, unlike other documents (AWS's PostResponse samples).
          return new Response(
            buildXml(
              'PostResponse',
              { Location: location, Bucket: out.Bucket, Key: out.Key, ETag: out.ETag },
              { xmlns: false },
            ),
            {
              status: 201,
              headers: { 'content-type': 'application/xml', ...definedHeaders(headers) },
            },
          )
        default:
          return emptyResponse(headers, 204)
      }
    },
  }),
}
