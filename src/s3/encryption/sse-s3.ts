import type { Random } from '../../core/random.js'
import { Secret } from '../../core/secret.js'
import { AES_GCM_IV_BYTES, AES_GCM_TAG_BYTES, open, seal } from '../../crypto/aead.js'
import { InternalError } from '../errors.js'
import type { SseS3Descriptor } from '../object-version.js'

/**
 * SSE-S3 envelope: a fresh 256-bit data key per object, wrapped with AES-256-GCM under the
 * world's S3-managed root key (`S3State.rootKey`). The AAD names the scheme so a wrapped SSE-S3
 * key can never be mistaken for another kind of blob.
 */
const AAD = new TextEncoder().encode('s3-kms-mock/sse-s3/data-key/v1')

/** A new data key and its SSE-S3 descriptor. */
export function newSseS3DataKey(
  rootKey: Secret,
  random: Random,
): { dataKey: Secret; descriptor: SseS3Descriptor } {
  const dataKey = random.bytes(32)
  const iv = random.bytes(AES_GCM_IV_BYTES)
  const { ciphertext, tag } = seal(rootKey.reveal(), iv, dataKey, AAD)
  return {
    dataKey: new Secret(dataKey),
    descriptor: { kind: 'SSE-S3', wrappedDataKey: Buffer.concat([iv, tag, ciphertext]) },
  }
}

/** Unwraps an SSE-S3 data key. A failure means corrupted state: a 500, never a client error. */
export function sseS3DataKey(rootKey: Secret, descriptor: SseS3Descriptor): Secret {
  const wrapped = descriptor.wrappedDataKey
  const iv = wrapped.subarray(0, AES_GCM_IV_BYTES)
  const tag = wrapped.subarray(AES_GCM_IV_BYTES, AES_GCM_IV_BYTES + AES_GCM_TAG_BYTES)
  const ciphertext = wrapped.subarray(AES_GCM_IV_BYTES + AES_GCM_TAG_BYTES)
  const key = open(rootKey.reveal(), iv, ciphertext, tag, AAD)
  if (key === undefined) throw new InternalError()
  return new Secret(new Uint8Array(key))
}
