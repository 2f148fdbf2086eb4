import { constants, createPrivateKey, createPublicKey, publicEncrypt } from 'node:crypto'
import tls from 'node:tls'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { seededRandom } from '../core/random.js'
import { generateKeyPairFor } from './asymmetric-keys.js'
import type { KmsContext } from './context.js'
import { signMessage, verifySignature } from './operations/asymmetric.js'
import { getParametersForImport, importKeyMaterial } from './operations/import.js'
import { createKey as createKeyOperation, describeKey } from './operations/keys.js'
import { decrypt, encrypt } from './operations/symmetric.js'
import type { KeySpec, KeyUsage, SigningAlgorithmSpec } from './shapes.js'
import { KmsRegionState } from './state.js'

const kms = {
  CreateKey: createKeyOperation,
  DescribeKey: describeKey,
  Sign: signMessage,
  Verify: verifySignature,
  Encrypt: encrypt,
  Decrypt: decrypt,
  GetParametersForImport: getParametersForImport,
  ImportKeyMaterial: importKeyMaterial,
}

/**
 * Leaves an ASN.1 error on OpenSSL's per-thread error queue, as MSW 3 does before every request
 * but the first: its emulated TLS handshake reports the session ticket `mocked session`, the
 * https.Agent caches it and offers it on the next connection, and Node's `TLSWrap::SetSession`
 * returns without a word (or clearing the queue) when `d2i_SSL_SESSION` cannot parse it. Node's
 * PKCS#8 DER parse then peeks at the queue and reports that stale error as its own
 * (`error:0680009B:asn1 encoding routines::too long`). Node 24 wraps the sessions it hands out
 * in a header naming the server and strips it before OpenSSL sees them; Node 20 passes them as
 * they are. Both forms are offered, so the queue is poisoned on either.
 */
function poisonOpenSslErrorQueue(): void {
  const servername = 'kms.us-east-1.amazonaws.com'
  const ticket = Buffer.from('mocked session')
  const name = Buffer.from(servername)
  const length = Buffer.alloc(2)
  length.writeUInt16BE(name.length)
  const wrapped = Buffer.concat([Buffer.from('\0nodejs:tls:session:1\0'), length, name, ticket])
  for (const session of [ticket, wrapped]) {
    const socket = tls.connect({ host: '127.0.0.1', port: 9, servername, session })
    socket.on('error', () => undefined)
    socket.destroy()
  }
}

const poisoned = (pkcs8: Uint8Array): boolean => {
  poisonOpenSslErrorQueue()
  try {
    createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' })
    return false
  } catch {
    return true
  }
}

function context(): KmsContext {
  const accountId = '111122223333'
  return {
    clock: new ManualClock('2025-01-01T00:00:00Z'),
    random: seededRandom('openssl-error-queue'),
    region: 'us-east-1',
    accountId,
    caller: {
      accountId,
      secure: true,
      sourceIp: '127.0.0.1',
      userAgent: 'vitest',
      signature: 'sigv4',
    },
    requestId: 'request',
    notes: { resources: [] },
    kms: new KmsRegionState(),
  }
}

const message = new TextEncoder().encode('signed after a stale OpenSSL error')

function createKey(ctx: KmsContext, KeySpec: KeySpec, KeyUsage: KeyUsage): string {
  return kms.CreateKey({ KeySpec, KeyUsage }, ctx).KeyMetadata.KeyId
}

describe('KMS crypto with a stale error on OpenSSL’s queue (MSW 3 on Node 24)', () => {
  it('the poison takes: a valid PKCS#8 DER fails to parse right after it', (t) => {
    const pair = generateKeyPairFor('ECC_NIST_P256', seededRandom('canary'))
    // Without the Node bug the tests below still pass, but prove nothing.
    if (!poisoned(pair.privateKeyPkcs8.reveal())) t.skip()
  })

  it.each([
    ['ECC_NIST_P256', 'ECDSA_SHA_256'],
    ['ECC_NIST_P384', 'ECDSA_SHA_384'],
    ['RSA_2048', 'RSASSA_PSS_SHA_256'],
    ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256'],
  ] as const satisfies readonly (readonly [KeySpec, SigningAlgorithmSpec])[])(
    '%s signs and verifies with %s',
    (spec, SigningAlgorithm) => {
      const ctx = context()
      const KeyId = createKey(ctx, spec, 'SIGN_VERIFY')
      poisonOpenSslErrorQueue()
      const { Signature } = kms.Sign({ KeyId, Message: message, SigningAlgorithm }, ctx)
      poisonOpenSslErrorQueue()
      expect(
        kms.Verify({ KeyId, Message: message, Signature, SigningAlgorithm }, ctx).SignatureValid,
      ).toBe(true)
    },
  )

  it('RSA_2048 decrypts RSAES_OAEP_SHA_256', () => {
    const ctx = context()
    const KeyId = createKey(ctx, 'RSA_2048', 'ENCRYPT_DECRYPT')
    const EncryptionAlgorithm = 'RSAES_OAEP_SHA_256'
    poisonOpenSslErrorQueue()
    const { CiphertextBlob } = kms.Encrypt({ KeyId, Plaintext: message, EncryptionAlgorithm }, ctx)
    poisonOpenSslErrorQueue()
    const { Plaintext } = kms.Decrypt({ KeyId, CiphertextBlob, EncryptionAlgorithm }, ctx)
    expect(Buffer.from(Plaintext).equals(Buffer.from(message))).toBe(true)
  })

  it('ImportKeyMaterial unwraps with the wrapping key', () => {
    const ctx = context()
    const KeyId = kms.CreateKey({ Origin: 'EXTERNAL' }, ctx).KeyMetadata.KeyId
    const { ImportToken, PublicKey } = kms.GetParametersForImport(
      { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' },
      ctx,
    )
    const EncryptedKeyMaterial = publicEncrypt(
      {
        key: createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' }),
        padding: constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: 'sha256',
      },
      new Uint8Array(32).fill(7),
    )
    poisonOpenSslErrorQueue()
    kms.ImportKeyMaterial(
      {
        KeyId,
        ImportToken,
        EncryptedKeyMaterial,
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      },
      ctx,
    )
    expect(kms.DescribeKey({ KeyId }, ctx).KeyMetadata.KeyState).toBe('Enabled')
  })
})
