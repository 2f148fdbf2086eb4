import { createHmac, timingSafeEqual } from 'node:crypto'
import type { KmsContext } from '../context.js'
import { InvalidKeyUsageException, KMSInvalidMacException } from '../errors.js'
import { assertUsableFor, type KmsKey, macAlgorithmsFor } from '../key.js'
import { resolveKey } from '../key-id.js'
import type { MacAlgorithmSpec } from '../shapes.js'
import { noteKey } from './common.js'
import { unlessDryRun } from './table.js'

const HMAC_HASH: Record<MacAlgorithmSpec, string> = {
  HMAC_SHA_224: 'sha224',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
}

/**
 * The HMAC of a message under an HMAC key's current material. The algorithm must be the one the
 * key spec fixes: `Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.` ([AWS-cap]
 * test_invalid_generate_mac); the wrong kind of key fails on usage with the captured pattern.
 */
function macOf(
  ctx: KmsContext,
  keyId: string,
  algorithm: MacAlgorithmSpec,
  message: Uint8Array,
  operation: string,
): { key: KmsKey; mac: Uint8Array } {
  const key = resolveKey(ctx, keyId)
  noteKey(ctx, key)
  assertUsableFor(key, operation, 'GENERATE_VERIFY_MAC')
  if (!(macAlgorithmsFor(key.keySpec) ?? []).includes(algorithm)) {
    throw new InvalidKeyUsageException(
      `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`,
    )
  }
  const material = key.materials.find((m) => m.id === key.currentMaterialId)
  // An Enabled HMAC key always has material (EXTERNAL keys stay PendingImport until imported).
  if (material?.secret === undefined) throw new Error(`key ${key.id} has no current material`)
  const mac = createHmac(HMAC_HASH[algorithm], material.secret.reveal()).update(message).digest()
  return { key, mac: new Uint8Array(mac) }
}

export interface GenerateMacRequest {
  Message: Uint8Array
  KeyId: string
  MacAlgorithm: MacAlgorithmSpec
  GrantTokens?: string[]
  DryRun?: boolean
}
export interface GenerateMacResponse {
  Mac: Uint8Array
  MacAlgorithm: MacAlgorithmSpec
  KeyId: string
}

export function generateMac(input: GenerateMacRequest, ctx: KmsContext): GenerateMacResponse {
  const { key, mac } = macOf(ctx, input.KeyId, input.MacAlgorithm, input.Message, 'GenerateMac')
  return unlessDryRun(input, { Mac: mac, MacAlgorithm: input.MacAlgorithm, KeyId: key.arn })
}

export interface VerifyMacRequest {
  Message: Uint8Array
  KeyId: string
  MacAlgorithm: MacAlgorithmSpec
  Mac: Uint8Array
  GrantTokens?: string[]
  DryRun?: boolean
}
export interface VerifyMacResponse {
  KeyId: string
  MacValid: true
  MacAlgorithm: MacAlgorithmSpec
}

/**
 * A wrong MAC is an error, not `MacValid: false`: AWS answers KMSInvalidMacException with an
 * empty message ([AWS-cap] test_invalid_verify_mac). The comparison is constant-time.
 */
export function verifyMac(input: VerifyMacRequest, ctx: KmsContext): VerifyMacResponse {
  const { key, mac } = macOf(ctx, input.KeyId, input.MacAlgorithm, input.Message, 'VerifyMac')
  const valid = mac.length === input.Mac.length && timingSafeEqual(mac, input.Mac)
  if (!valid) throw new KMSInvalidMacException()
  return unlessDryRun(input, { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm })
}
