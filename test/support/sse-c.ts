import {
  PutBucketEncryptionCommand,
  type S3Client,
  type ServerSideEncryptionConfiguration,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { expect } from 'vitest'
import { s3Client } from './s3.js'

/** SSE-C test helpers: customer keys, the SDK members that carry them, and AWS's texts. */
export interface CustomerKey {
  readonly raw: Buffer
  readonly b64: string
  readonly md5: string
}

/** A deterministic 256-bit customer key. */
export function customerKey(fill: number): CustomerKey {
  const raw = Buffer.alloc(32, fill)
  for (let i = 0; i < raw.length; i++) raw[i] = (fill * 37 + i * 11) & 0xff
  return { raw, b64: raw.toString('base64'), md5: createHash('md5').update(raw).digest('base64') }
}

/** The SDK members of an SSE-C request (the SDK recomputes the MD5 anyway). */
export const sseC = (key: CustomerKey) => ({
  SSECustomerAlgorithm: 'AES256',
  SSECustomerKey: key.b64,
  SSECustomerKeyMD5: key.md5,
})

export const copySourceSseC = (key: CustomerKey) => ({
  CopySourceSSECustomerAlgorithm: 'AES256',
  CopySourceSSECustomerKey: key.b64,
  CopySourceSSECustomerKeyMD5: key.md5,
})

/** The raw headers of an SSE-C request. */
export const sseCHeaders = (key: CustomerKey): Record<string, string> => ({
  'x-amz-server-side-encryption-customer-algorithm': 'AES256',
  'x-amz-server-side-encryption-customer-key': key.b64,
  'x-amz-server-side-encryption-customer-key-md5': key.md5,
})

/** Reference §1.1, exact. */
export const SSE_C = {
  insecure:
    'Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.',
  badAlgorithm: 'The Encryption request you specified is not valid. Supported value: AES256.',
  noAlgorithm:
    'Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.',
  noKey:
    'Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.',
  badKey: 'The secret key was invalid for the specified algorithm.',
  badMd5: 'The calculated MD5 hash of the key did not match the hash that was provided.',
  noMd5:
    'Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.',
  incompatible:
    'Server Side Encryption with Customer provided key is incompatible with the encryption method specified',
  keyRequired:
    'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.',
  wrongKey:
    'Requests specifying Server Side Encryption with Customer provided keys must provide the correct secret key.',
  partNeedsKey:
    'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.',
  partKeyMismatch: 'The provided encryption parameters did not match the ones used originally.',
  notApplicable: 'The encryption parameters are not applicable to this object.',
} as const

const UNBLOCKED: ServerSideEncryptionConfiguration = {
  Rules: [
    {
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
      BlockedEncryptionTypes: { EncryptionType: ['NONE'] },
    },
  ],
}

/** Unblocks SSE-C writes on a bucket, as AWS documents it (blocking-unblocking-s3-c-encryption-gpb). */
export async function unblockSseC(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: UNBLOCKED,
    }),
  )
}

/**
 * An SDK client whose requests get `headers` set (or removed, for `undefined`) after the SDK's own
 * middleware ran: the SDK always recomputes the key MD5 (reference §1.4), so this is how a test
 * sends a wrong or missing one through the real client.
 */
export function tamperingClient(headers: Record<string, string | undefined>): S3Client {
  const client = s3Client()
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string> }
      const kept = Object.entries(request.headers).filter(
        ([name]) => !(name.toLowerCase() in headers),
      )
      const added = Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined)
      request.headers = Object.fromEntries([...kept, ...added])
      return next(args)
    },
    { step: 'build', name: 'sseCTamper', priority: 'low' },
  )
  return client
}

/** The fields of an S3 error the SDK surfaced: code, status, message, and extra members. */
export function expectS3Error(
  err: Error & { $metadata: { httpStatusCode?: number } },
  code: string,
  status: number,
  message: string,
  fields: Record<string, string | undefined> = {},
): void {
  expect({
    name: err.name,
    status: err.$metadata.httpStatusCode,
    message: err.message,
    ...Object.fromEntries(Object.keys(fields).map((k) => [k, (err as never)[k]])),
  }).toEqual({ name: code, status, message, ...fields })
}
