import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { laneRequestHandler, testCredentials } from './kms.js'

/** An S3 client exactly as an application would build one (default checksums, virtual-hosted, https). */
export function s3Client(region = 'us-east-1', extra: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    region,
    credentials: testCredentials,
    maxAttempts: 1,
    ...laneRequestHandler(() => new S3Client({ region }).config.requestHandler),
    ...extra,
  })
}

/** Reads an SDK body to a Buffer. */
export async function bodyBytes(
  body: { transformToByteArray(): Promise<Uint8Array> } | undefined,
): Promise<Buffer> {
  if (body === undefined) throw new Error('no body')
  return Buffer.from(await body.transformToByteArray())
}
