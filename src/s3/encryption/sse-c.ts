import type { AwsError } from '../../core/aws-error.js'
import type { Random } from '../../core/random.js'
import { Secret } from '../../core/secret.js'
import { AES_GCM_IV_BYTES, AES_GCM_TAG_BYTES, open, seal } from '../../crypto/aead.js'
import { createHasher, toBase64 } from '../../crypto/checksums.js'
import { fingerprint, fingerprintMatches } from '../../crypto/fingerprint.js'
import { strictBase64 } from '../base64.js'
import {
  AccessDenied,
  InternalError,
  InvalidArgument,
  InvalidEncryptionAlgorithmError,
  InvalidRequest,
} from '../errors.js'
import type { EncryptionDescriptor, SseCDescriptor } from '../object-version.js'

/**
 * SSE-C (SPEC §4.2, reference §1): the customer key arrives with every request and is never
 * stored. Each object gets a random data key (as for SSE-S3 and SSE-KMS, `blob-store.ts`), wrapped
 * with AES-256-GCM under the customer key; a randomly salted HMAC-SHA256 of the customer key is
 * what later requests are recognised by, in constant time (docs/decisions/0006-sse-c-keys.md).
 *
 * The key travels as a `Secret` from the protocol on (the header's base64 text), so it cannot
 * reach an error, an audit event or a log line by accident.
 */
export interface CustomerKeyMembers {
  SSECustomerAlgorithm?: string
  /** The `…-customer-key` header as sent (base64 text, UTF-8), decoded here. */
  SSECustomerKey?: Secret
  SSECustomerKeyMD5?: string
}

/** A validated customer key: the raw key bytes and the MD5 responses echo. */
export interface CustomerKey {
  readonly key: Secret
  readonly keyMd5: string
}

/** Every `ArgumentName` of the SSE-C errors is this header, as AWS reports it (reference §1.1). */
const ARGUMENT = 'x-amz-server-side-encryption'
const KEY_BYTES = 32
const SALT_BYTES = 16
const AAD = new TextEncoder().encode('s3-kms-mock/sse-c/data-key/v1')

/** AWS's texts (reference §1.1), one place. */
export const SSE_C_MESSAGES = {
  insecure:
    'Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.',
  noAlgorithm:
    'Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.',
  noKey:
    'Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.',
  badKey: 'The secret key was invalid for the specified algorithm.',
  noMd5:
    'Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.',
  badMd5: 'The calculated MD5 hash of the key did not match the hash that was provided.',
  incompatible:
    'Server Side Encryption with Customer provided key is incompatible with the encryption method specified',
  keyRequired:
    'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.',
  notApplicable: 'The encryption parameters are not applicable to this object.',
  partNeedsKey:
    'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.',
  partKeyMismatch: 'The provided encryption parameters did not match the ones used originally.',
} as const

/** Any SSE-C member present, empty values included (AWS treats `""` as sent). */
export function customerKeyRequested(members: CustomerKeyMembers): boolean {
  return (
    members.SSECustomerAlgorithm !== undefined ||
    members.SSECustomerKey !== undefined ||
    members.SSECustomerKeyMD5 !== undefined
  )
}

/** The copy-source trio seen as a customer key request. */
export function copySourceMembers(members: {
  CopySourceSSECustomerAlgorithm?: string
  CopySourceSSECustomerKey?: Secret
  CopySourceSSECustomerKeyMD5?: string
}): CustomerKeyMembers {
  const out: CustomerKeyMembers = {}
  if (members.CopySourceSSECustomerAlgorithm !== undefined)
    out.SSECustomerAlgorithm = members.CopySourceSSECustomerAlgorithm
  if (members.CopySourceSSECustomerKey !== undefined)
    out.SSECustomerKey = members.CopySourceSSECustomerKey
  if (members.CopySourceSSECustomerKeyMD5 !== undefined)
    out.SSECustomerKeyMD5 = members.CopySourceSSECustomerKeyMD5
  return out
}

/**
 * The customer key a request names, validated in AWS's order (reference §1.1): https, algorithm
 * named, key named, algorithm `AES256`, key length (writes only), key MD5 named and right.
 * Undefined when the request names no SSE-C member at all.
 *
 * On reads the key is not length-checked: a key of another length simply is not the object's
 * key, and AWS answers that with 403 (`get-obj-sse-c-no-md5`, reference §1.1); so is a key that is
 * not base64 at all.
 */
export function customerKeyOf(
  members: CustomerKeyMembers,
  purpose: 'write' | 'read',
  secure: boolean,
): CustomerKey | undefined {
  if (!customerKeyRequested(members)) return undefined
  if (!secure) throw new InvalidRequest(SSE_C_MESSAGES.insecure)
  const algorithm = members.SSECustomerAlgorithm
  if (algorithm === undefined) throw new InvalidArgument(SSE_C_MESSAGES.noAlgorithm, ARGUMENT)
  const sent = members.SSECustomerKey
  if (sent === undefined) throw new InvalidArgument(SSE_C_MESSAGES.noKey, ARGUMENT)
  if (algorithm !== 'AES256') throw new InvalidEncryptionAlgorithmError(algorithm)
  const bytes = strictBase64(Buffer.from(sent.reveal()).toString('utf8'))
  if (purpose === 'write' && bytes?.length !== KEY_BYTES) {
    throw new InvalidArgument(SSE_C_MESSAGES.badKey, ARGUMENT)
  }
  const md5 = members.SSECustomerKeyMD5
  if (md5 === undefined) throw new InvalidArgument(SSE_C_MESSAGES.noMd5)
  if (bytes === undefined) throw AccessDenied.wrongCustomerKey()
  const hasher = createHasher('MD5')
  hasher.update(bytes)
  if (toBase64(hasher.digest()) !== md5) {
    throw new InvalidArgument(SSE_C_MESSAGES.badMd5, ARGUMENT)
  }
  return { key: new Secret(bytes), keyMd5: md5 }
}

/** A fresh data key wrapped under the customer key, and the descriptor that keeps only that. */
export function newSseCDataKey(
  customer: CustomerKey,
  random: Random,
): { dataKey: Secret; descriptor: SseCDescriptor } {
  const dataKey = random.bytes(32)
  const salt = random.bytes(SALT_BYTES)
  const iv = random.bytes(AES_GCM_IV_BYTES)
  const { ciphertext, tag } = seal(customer.key.reveal(), iv, dataKey, AAD)
  return {
    dataKey: new Secret(dataKey),
    descriptor: {
      kind: 'SSE-C',
      algorithm: 'AES256',
      keyMd5: customer.keyMd5,
      salt,
      fingerprint: fingerprint(salt, customer.key.reveal()),
      wrappedDataKey: Buffer.concat([iv, tag, ciphertext]),
    },
  }
}

/** True when `customer` is the key the descriptor was made with (constant-time HMAC compare). */
export function isCustomerKeyOf(descriptor: SseCDescriptor, customer: CustomerKey): boolean {
  return fingerprintMatches(descriptor.salt, customer.key.reveal(), descriptor.fingerprint)
}

/**
 * The data key of an SSE-C object or upload. The key is recognised by its fingerprint first, so a
 * wrong key fails with `mismatch` (its error depends on the operation) and never reaches AES-GCM;
 * a GCM failure after a match means corrupted state: a 500.
 */
export function sseCDataKey(
  descriptor: SseCDescriptor,
  customer: CustomerKey,
  mismatch: () => AwsError = () => AccessDenied.wrongCustomerKey(),
): Secret {
  if (!isCustomerKeyOf(descriptor, customer)) throw mismatch()
  const wrapped = descriptor.wrappedDataKey
  const iv = wrapped.subarray(0, AES_GCM_IV_BYTES)
  const tag = wrapped.subarray(AES_GCM_IV_BYTES, AES_GCM_IV_BYTES + AES_GCM_TAG_BYTES)
  const key = open(
    customer.key.reveal(),
    iv,
    wrapped.subarray(AES_GCM_IV_BYTES + AES_GCM_TAG_BYTES),
    tag,
    AAD,
  )
  if (key === undefined) throw new InternalError()
  return new Secret(new Uint8Array(key))
}

/**
 * The customer key a read of `stored` needs (GET, HEAD, GetObjectAttributes, copy sources):
 * none for other objects (and SSE-C members there are refused), the right one for SSE-C objects.
 * `wrongKey` is the operation's answer to another key (reference §1.1).
 */
export function customerKeyForRead(
  stored: EncryptionDescriptor,
  members: CustomerKeyMembers,
  secure: boolean,
  wrongKey: () => AwsError = () => AccessDenied.wrongCustomerKey(),
): CustomerKey | undefined {
  const customer = customerKeyOf(members, 'read', secure)
  if (stored.kind !== 'SSE-C') {
    if (customer !== undefined) throw new InvalidRequest(SSE_C_MESSAGES.notApplicable)
    return undefined
  }
  if (customer === undefined) throw new InvalidRequest(SSE_C_MESSAGES.keyRequired)
  if (!isCustomerKeyOf(stored, customer)) throw wrongKey()
  return customer
}

/**
 * The customer key of a part write (UploadPart, UploadPartCopy's destination): parts name SSE-C
 * exactly when the create did, with the create's key (reference §1.1, AWS-captured
 * `mpu-sse-c-upload-part-*`).
 */
export function customerKeyForPart(
  upload: EncryptionDescriptor,
  members: CustomerKeyMembers,
  secure: boolean,
): CustomerKey | undefined {
  if (customerKeyRequested(members) !== (upload.kind === 'SSE-C')) {
    throw new InvalidRequest(SSE_C_MESSAGES.partNeedsKey)
  }
  if (upload.kind !== 'SSE-C') return undefined
  const customer = customerKeyOf(members, 'write', secure)
  if (customer === undefined || !isCustomerKeyOf(upload, customer)) {
    throw new InvalidRequest(SSE_C_MESSAGES.partKeyMismatch)
  }
  return customer
}
