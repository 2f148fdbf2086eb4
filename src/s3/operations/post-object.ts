import { getBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { InvalidArgument } from '../errors.js'
import { checkPostPolicy, parsePostPolicy } from '../post-policy.js'
import { authorizePostObject } from '../policy/authorize.js'
import { putObject, type PutObjectOutput, type PutObjectRequest } from './objects.js'

/**
 * POST Object (browser-based upload): the form fields that precede the file, the file, and the
 * policy that authorises them. Field names are lower-case, as S3 matches them case-insensitively;
 * the protocol has checked the policy's signature when credentials are configured.
 */
export interface PostObjectRequest {
  Bucket: string
  Fields: ReadonlyMap<string, string>
  /** The policy document's JSON text, base64 removed; undefined when the form has none. */
  Policy: string | undefined
  /** How the form is signed: SigV4 (`x-amz-algorithm` …), SigV2 (`AWSAccessKeyId`), or not. */
  Signature: 'sigv4' | 'sigv2' | 'anonymous'
  File: { Body: ReadableStream<Uint8Array>; Size: number; FileName?: string }
  /**
   * The write the fields describe, as PutObject takes it (the protocol reads them: their names are
   * the header names S3 reads on a PUT). Bucket, key and body are decided here.
   */
  Write: PostObjectWrite
}

export type PostObjectWrite = Omit<PutObjectRequest, 'Bucket' | 'Key' | 'Body' | 'ContentLength'>

export interface PostObjectOutput extends PutObjectOutput {
  Bucket: string
  Key: string
  /** `success_action_status` / `success_action_redirect` as sent; the protocol shapes the answer. */
  SuccessActionStatus?: string
  SuccessActionRedirect?: string
}

/**
 * POST Object: the policy decides (expiry against the injected clock, every condition, no
 * unnamed field, the file size), then the file is stored exactly as PutObject stores a body,
 * encryption from the `x-amz-server-side-encryption*` fields or the bucket default. A SigV4-signed
 * form counts as SigV4 for the SSE-KMS rule, as its signature authenticates the request.
 */
export async function postObject(
  input: PostObjectRequest,
  ctx: S3Context,
): Promise<PostObjectOutput> {
  try {
    // Never the input itself: its fields may hold an SSE-C key (SPEC §5.6).
    ctx.notes.requestParameters = { bucketName: input.Bucket }
    const rawKey = input.Fields.get('key')
    if (rawKey === undefined) {
      throw new InvalidArgument(
        "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
        'key',
        '',
      )
    }
    ctx.notes.requestParameters = { bucketName: input.Bucket, key: rawKey }
    const bucket = getBucket(ctx, input.Bucket)
    // `${filename}` stands for the name of the uploaded file (POST Object API reference, "key").
    const key = rawKey.replaceAll('${filename}', input.File.FileName ?? '')
    // A form without a signed policy is an anonymous upload: the bucket policy must allow it.
    const signature = input.Policy === undefined ? 'anonymous' : input.Signature
    authorizePostObject(ctx, bucket, key, input.Fields, signature)
    if (input.Policy !== undefined) {
      const policy = parsePostPolicy(input.Policy)
      checkPostPolicy(
        policy,
        { bucket: bucket.name, fields: input.Fields, fileSize: input.File.Size },
        ctx.clock.now(),
      )
    }
    const write: PutObjectRequest = {
      ...input.Write,
      Bucket: input.Bucket,
      Key: key,
      Body: input.File.Body,
      ContentLength: input.File.Size,
    }
    const events = ctx.events
    const written = await putObject(write, {
      ...ctx,
      caller: { ...ctx.caller, signature: input.Signature },
      // The write is announced as the POST it is (s3:ObjectCreated:Post).
      ...(events === undefined
        ? {}
        : {
            events: (event) => {
              events({ ...event, name: 'ObjectCreated:Post' })
            },
          }),
    })
    const status = input.Fields.get('success_action_status')
    const redirect = input.Fields.get('success_action_redirect') ?? input.Fields.get('redirect')
    return {
      ...written,
      Bucket: bucket.name,
      Key: key,
      ...(status === undefined ? {} : { SuccessActionStatus: status }),
      ...(redirect === undefined ? {} : { SuccessActionRedirect: redirect }),
    }
  } catch (error) {
    if (!input.File.Body.locked) await input.File.Body.cancel(error).catch(() => undefined)
    throw error
  }
}
