import {
  CreateKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateRandomCommand,
  GetPublicKeyCommand,
  SignCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { setupMockAws } from '../../../src/node.js'
import { kmsClient } from '../../support/kms.js'

const kms = kmsClient()
const b64 = (b: Uint8Array | undefined): string => Buffer.from(b ?? []).toString('base64')
const message = new TextEncoder().encode('same input, same output')

/** One call sequence touching every use of randomness in KMS; returns what it produced. */
async function sequence(): Promise<Record<string, string>> {
  const symmetric = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
  const dataKey = await kms.send(
    new GenerateDataKeyCommand({ KeyId: symmetric.KeyId, KeySpec: 'AES_256' }),
  )
  const encrypted = await kms.send(
    new EncryptCommand({
      KeyId: symmetric.KeyId,
      Plaintext: message,
      EncryptionContext: { a: 'b' },
    }),
  )
  const rsa = (
    await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }))
  ).KeyMetadata!
  const rsaPublic = await kms.send(new GetPublicKeyCommand({ KeyId: rsa.KeyId }))
  const oaep = await kms.send(
    new EncryptCommand({
      KeyId: rsa.KeyId,
      Plaintext: message,
      EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
    }),
  )
  const ecc = (
    await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))
  ).KeyMetadata!
  const eccPublic = await kms.send(new GetPublicKeyCommand({ KeyId: ecc.KeyId }))
  const ecdsa = await kms.send(
    new SignCommand({ KeyId: ecc.KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }),
  )
  const pair = await kms.send(
    new GenerateDataKeyPairCommand({ KeyId: symmetric.KeyId, KeyPairSpec: 'ECC_NIST_P384' }),
  )
  const random = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }))
  return {
    symmetricKeyId: symmetric.KeyId!,
    materialId: symmetric.CurrentKeyMaterialId!,
    dataKey: b64(dataKey.Plaintext),
    dataKeyBlob: b64(dataKey.CiphertextBlob),
    ciphertext: b64(encrypted.CiphertextBlob),
    rsaKeyId: rsa.KeyId!,
    rsaPublicKey: b64(rsaPublic.PublicKey),
    oaep: b64(oaep.CiphertextBlob),
    eccPublicKey: b64(eccPublic.PublicKey),
    ecdsa: b64(ecdsa.Signature),
    pairPublic: b64(pair.PublicKey),
    pairPrivateBlob: b64(pair.PrivateKeyCiphertextBlob),
    random: b64(random.Plaintext),
  }
}

/** Runs the sequence in a fresh world of its own, intercepting only while it runs. */
async function inWorld(seed: string): Promise<Record<string, string>> {
  const world = setupMockAws({ seed })
  world.listen({ onUnhandledRequest: 'error' })
  try {
    return await sequence()
  } finally {
    world.close()
  }
}

describe('seeded worlds (SPEC §5.4)', () => {
  it('two worlds with the same seed produce identical ids, keys, ciphertexts and signatures', async () => {
    const first = await inWorld('x')
    const second = await inWorld('x')
    expect(second).toEqual(first)
  })

  it('another seed produces different values everywhere', async () => {
    const x = await inWorld('x')
    const y = await inWorld('y')
    for (const [name, value] of Object.entries(x)) expect(y[name], name).not.toBe(value)
  })
})
