import {
  constants,
  createHash,
  type KeyObject,
  privateDecrypt,
  privateEncrypt,
  publicDecrypt,
  publicEncrypt,
  timingSafeEqual,
} from 'node:crypto'

/**
 * The RSA schemes KMS uses (PKCS #1 v2.2, RFC 8017), with the padding built here and only the raw
 * RSA operation left to OpenSSL. That keeps the randomness (OAEP seed, PSS salt) on the injected
 * Random, so a seeded world gives byte-identical ciphertexts and signatures (SPEC §5.4), and it
 * lets Sign/Verify take a precomputed digest, which node:crypto's sign/verify cannot.
 * Keys come as KeyObjects (a KeyPair's), never as DER to parse on each use (see KeyPair).
 */
export type RsaHash = 'sha1' | 'sha256' | 'sha384' | 'sha512'

const HASH_BYTES: Record<RsaHash, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 }

export const hashLength = (hash: RsaHash): number => HASH_BYTES[hash]

export const digest = (hash: RsaHash, data: Uint8Array): Uint8Array =>
  new Uint8Array(createHash(hash).update(data).digest())

/** DER `DigestInfo` prefixes of RFC 8017 §9.2 note 1 (the hash follows). */
const DIGEST_INFO: Partial<Record<RsaHash, Uint8Array>> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
}

/** Modulus length in bits, of either half of the pair. */
const modulusBits = (key: KeyObject): number => key.asymmetricKeyDetails?.modulusLength ?? 0

/** Modulus length in bytes. */
export const modulusBytes = (key: KeyObject): number => Math.ceil(modulusBits(key) / 8)

/** The longest message RSAES-OAEP can carry: k − 2·hLen − 2 (RFC 8017 §7.1.1). */
export const oaepMaxPlaintext = (modulusBits: number, hash: RsaHash): number =>
  modulusBits / 8 - 2 * HASH_BYTES[hash] - 2

function mgf1(hash: RsaHash, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length)
  const counter = new Uint8Array(4)
  for (let offset = 0, i = 0; offset < length; i++) {
    new DataView(counter.buffer).setUint32(0, i)
    const block = createHash(hash).update(seed).update(counter).digest()
    out.set(block.subarray(0, Math.min(block.length, length - offset)), offset)
    offset += block.length
  }
  return out
}

function xorInto(target: Uint8Array, mask: Uint8Array): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) ^ (mask[i] ?? 0)
}

/** RSAES-OAEP encryption with the label empty and MGF1 over the same hash (what KMS and OpenSSL use). */
export function oaepEncrypt(
  publicKey: KeyObject,
  hash: RsaHash,
  message: Uint8Array,
  seed: Uint8Array,
): Uint8Array {
  const k = modulusBytes(publicKey)
  const hLen = HASH_BYTES[hash]
  const db = new Uint8Array(k - hLen - 1)
  db.set(digest(hash, new Uint8Array(0)), 0)
  db[db.length - message.length - 1] = 0x01
  db.set(message, db.length - message.length)
  xorInto(db, mgf1(hash, seed, db.length))
  const maskedSeed = Uint8Array.from(seed)
  xorInto(maskedSeed, mgf1(hash, db, hLen))
  const em = new Uint8Array(k)
  em.set(maskedSeed, 1)
  em.set(db, 1 + hLen)
  return new Uint8Array(publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, em))
}

/** `undefined` when the ciphertext does not decrypt (wrong key, wrong hash, tampering). */
export function oaepDecrypt(
  privateKey: KeyObject,
  hash: RsaHash,
  ciphertext: Uint8Array,
): Uint8Array | undefined {
  try {
    return new Uint8Array(
      privateDecrypt(
        { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash },
        ciphertext,
      ),
    )
  } catch {
    return undefined
  }
}

/** RSASSA-PKCS1-v1_5 over a digest (deterministic by construction). */
export function pkcs1Sign(
  privateKey: KeyObject,
  hash: RsaHash,
  messageDigest: Uint8Array,
): Uint8Array {
  const prefix = DIGEST_INFO[hash] ?? new Uint8Array(0)
  return new Uint8Array(
    privateEncrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.concat([prefix, messageDigest]),
    ),
  )
}

export function pkcs1Verify(
  publicKey: KeyObject,
  hash: RsaHash,
  messageDigest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const expected = Buffer.concat([DIGEST_INFO[hash] ?? new Uint8Array(0), messageDigest])
  let recovered: Buffer
  try {
    if (signature.length !== modulusBytes(publicKey)) return false
    recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature)
  } catch {
    return false
  }
  return recovered.length === expected.length && timingSafeEqual(recovered, expected)
}

/**
 * RSASSA-PSS over a digest with MGF1 over the same hash and a salt as long as the hash, which is
 * what KMS documents for its RSASSA_PSS_* algorithms.
 */
export function pssSign(
  privateKey: KeyObject,
  hash: RsaHash,
  messageDigest: Uint8Array,
  salt: Uint8Array,
): Uint8Array {
  const k = modulusBytes(privateKey)
  const emBits = modulusBits(privateKey) - 1
  const emLen = Math.ceil(emBits / 8)
  const hLen = HASH_BYTES[hash]
  const h = createHash(hash).update(new Uint8Array(8)).update(messageDigest).update(salt).digest()
  const db = new Uint8Array(emLen - hLen - 1)
  db[db.length - salt.length - 1] = 0x01
  db.set(salt, db.length - salt.length)
  xorInto(db, mgf1(hash, h, db.length))
  db[0] = (db[0] ?? 0) & (0xff >> (8 * emLen - emBits))
  const em = new Uint8Array(k)
  em.set(db, k - emLen)
  em.set(h, k - emLen + db.length)
  em[k - 1] = 0xbc
  return new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, em))
}

export function pssVerify(
  publicKey: KeyObject,
  hash: RsaHash,
  messageDigest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const k = modulusBytes(publicKey)
  if (signature.length !== k) return false
  let raw: Uint8Array
  try {
    raw = publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature)
  } catch {
    // The signature is not smaller than the modulus.
    return false
  }
  const emBits = modulusBits(publicKey) - 1
  const emLen = Math.ceil(emBits / 8)
  const hLen = HASH_BYTES[hash]
  if (raw.subarray(0, k - emLen).some((b) => b !== 0)) return false
  const em = raw.subarray(k - emLen)
  if (em[emLen - 1] !== 0xbc) return false
  const topMask = 0xff >> (8 * emLen - emBits)
  if (((em[0] ?? 0) & ~topMask & 0xff) !== 0) return false
  const db = Uint8Array.from(em.subarray(0, emLen - hLen - 1))
  const h = em.subarray(emLen - hLen - 1, emLen - 1)
  xorInto(db, mgf1(hash, h, db.length))
  db[0] = (db[0] ?? 0) & topMask
  const separator = db.length - hLen - 1
  if (db.subarray(0, separator).some((b) => b !== 0) || db[separator] !== 0x01) return false
  const salt = db.subarray(separator + 1)
  const expected = createHash(hash)
    .update(new Uint8Array(8))
    .update(messageDigest)
    .update(salt)
    .digest()
  return timingSafeEqual(expected, h)
}
