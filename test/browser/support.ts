import { KMSClient, CreateAliasCommand, CreateKeyCommand } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  PutBucketCorsCommand,
  S3Client,
  type CORSRule,
} from '@aws-sdk/client-s3'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import type { BrowserMockAws } from '../../src/browser.js'

/**
 * The page's set-up, as a back end would do it: the browser build of the AWS SDK with the world's
 * `requestHandler` (no service worker, no CORS). The code under test uses fetch or a page client.
 */
export const credentials = { accessKeyId: 'AKIAPAGEEXAMPLE', secretAccessKey: 'page-secret' }

export function adminS3(aws: BrowserMockAws): S3Client {
  return new S3Client({ region: 'us-east-1', credentials, requestHandler: aws.requestHandler })
}

export function adminKms(aws: BrowserMockAws): KMSClient {
  return new KMSClient({ region: 'us-east-1', credentials, requestHandler: aws.requestHandler })
}

/** The page's own client: the SDK's browser fetch handler, so MSW's worker and CORS apply. */
export function pageS3(options: { endpoint?: string; forcePathStyle?: boolean } = {}): S3Client {
  return new S3Client({ region: 'us-east-1', credentials, ...options })
}

/** A bucket whose CORS lets this page in with `rules` (none: no configuration at all). */
export async function bucketFor(
  aws: BrowserMockAws,
  bucket: string,
  rules?: CORSRule[],
): Promise<void> {
  const s3 = adminS3(aws)
  await s3.send(new CreateBucketCommand({ Bucket: bucket }))
  if (rules !== undefined) {
    await s3.send(
      new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } }),
    )
  }
}

/** A rule for this page's origin. */
export const pageRule = (rule: Omit<CORSRule, 'AllowedOrigins'>): CORSRule => ({
  AllowedOrigins: [location.origin],
  ...rule,
})

/** A KMS key with an alias; its ARN. */
export async function keyWithAlias(aws: BrowserMockAws, alias: string): Promise<string> {
  const kms = adminKms(aws)
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: KeyMetadata!.KeyId }))
  return KeyMetadata!.Arn!
}

/** True when `needle` occurs in `haystack` (plaintext must never be found at rest). */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

/** A presigned POST form signed by the back end. */
export function presignedPost(
  aws: BrowserMockAws,
  options: Parameters<typeof createPresignedPost>[1],
): ReturnType<typeof createPresignedPost> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- s3-presigned-post bundles its own copy of client-s3; only the config it reads matters
  return createPresignedPost(adminS3(aws), options)
}

/** The form a page posts: the presigned fields, then the file (S3 reads fields before it). */
export function formOf(fields: Record<string, string>, file: Blob, name?: string): FormData {
  const form = new FormData()
  for (const [field, value] of Object.entries(fields)) form.append(field, value)
  form.append('file', file, name)
  return form
}
