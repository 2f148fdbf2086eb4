import {
  constants,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../core/random.js'
import { generateKeyPairFor } from './asymmetric-keys.js'
import {
  digest,
  hashLength,
  oaepDecrypt,
  oaepEncrypt,
  oaepMaxPlaintext,
  pkcs1Sign,
  pkcs1Verify,
  pssSign,
  pssVerify,
  type RsaHash,
} from './rsa.js'

const random = seededRandom('rsa-tests')
const pair = generateKeyPairFor('RSA_2048', random)
const spki = pair.publicKeySpki
const pkcs8 = pair.privateKeyPkcs8.reveal()
const publicKey = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' })
const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' })
const message = new TextEncoder().encode('sign in KMS, verify offline')

describe('RSAES-OAEP', () => {
  it.each(['sha1', 'sha256'] as const)(
    'with %s interoperates with OpenSSL both ways, up to the size limit',
    (hash) => {
      const max = oaepMaxPlaintext(2048, hash)
      expect(max).toBe(hash === 'sha1' ? 214 : 190)
      const plaintext = random.bytes(max)
      const ours = oaepEncrypt(pair.publicKey, hash, plaintext, random.bytes(hashLength(hash)))
      expect(ours).toHaveLength(256)
      const opened = privateDecrypt(
        { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash },
        ours,
      )
      expect(opened.equals(Buffer.from(plaintext))).toBe(true)
      const theirs = publicEncrypt(
        { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash },
        plaintext,
      )
      expect(
        Buffer.from(oaepDecrypt(pair.privateKey, hash, theirs)!).equals(Buffer.from(plaintext)),
      ).toBe(true)
    },
  )

  it('is deterministic for a given seed, and fails closed on the wrong hash or tampering', () => {
    const seed = new Uint8Array(32).fill(5)
    const a = oaepEncrypt(pair.publicKey, 'sha256', message, seed)
    expect(Buffer.from(oaepEncrypt(pair.publicKey, 'sha256', message, seed))).toEqual(
      Buffer.from(a),
    )
    expect(oaepDecrypt(pair.privateKey, 'sha1', a)).toBeUndefined()
    const tampered = Uint8Array.from(a)
    tampered[100] = (tampered[100] ?? 0) ^ 1
    expect(oaepDecrypt(pair.privateKey, 'sha256', tampered)).toBeUndefined()
    expect(oaepDecrypt(pair.privateKey, 'sha256', a.subarray(1))).toBeUndefined()
  })
})

describe.each(['sha256', 'sha384', 'sha512'] as const satisfies readonly RsaHash[])(
  'RSA signatures with %s',
  (hash) => {
    const messageDigest = digest(hash, message)

    it('PKCS #1 v1.5: ours verify in OpenSSL and OpenSSL’s verify here', () => {
      const ours = pkcs1Sign(pair.privateKey, hash, messageDigest)
      expect(nodeVerify(hash, message, publicKey, ours)).toBe(true)
      const theirs = nodeSign(hash, message, privateKey)
      expect(Buffer.from(ours)).toEqual(theirs)
      expect(pkcs1Verify(pair.publicKey, hash, messageDigest, theirs)).toBe(true)
      expect(pkcs1Verify(pair.publicKey, hash, digest(hash, new Uint8Array([1])), theirs)).toBe(
        false,
      )
      expect(pkcs1Verify(pair.publicKey, hash, messageDigest, theirs.subarray(1))).toBe(false)
    })

    it('PSS (salt as long as the hash): ours verify in OpenSSL and OpenSSL’s verify here', () => {
      const ours = pssSign(pair.privateKey, hash, messageDigest, random.bytes(hashLength(hash)))
      const pss = {
        key: publicKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      }
      expect(nodeVerify(hash, message, pss, ours)).toBe(true)
      const theirs = nodeSign(hash, message, {
        key: privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      })
      expect(pssVerify(pair.publicKey, hash, messageDigest, theirs)).toBe(true)
      expect(pssVerify(pair.publicKey, hash, digest(hash, new Uint8Array([1])), theirs)).toBe(false)
      const tampered = Uint8Array.from(theirs)
      tampered[10] = (tampered[10] ?? 0) ^ 1
      expect(pssVerify(pair.publicKey, hash, messageDigest, tampered)).toBe(false)
      // All ones is larger than the modulus: not a signature, not an exception.
      expect(pssVerify(pair.publicKey, hash, messageDigest, new Uint8Array(256).fill(0xff))).toBe(
        false,
      )
    })
  },
)
