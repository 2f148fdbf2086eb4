import {
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  type EncryptionAlgorithmSpec,
  GetPublicKeyCommand,
  type KeySpec,
  type KeyUsageType,
  ReEncryptCommand,
  SignCommand,
  type SigningAlgorithmSpec,
  VerifyCommand,
} from '@aws-sdk/client-kms'
import {
  constants,
  createHash,
  createPublicKey,
  type KeyObject,
  publicEncrypt,
  verify as verifyOffline,
} from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const aws = useMockAws()
const kms = kmsClient()
const text = (s: string): Uint8Array => new TextEncoder().encode(s)

async function newKey(KeySpec: KeySpec, KeyUsage: KeyUsageType) {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec, KeyUsage }))
  return { id: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! }
}

async function publicKeyOf(keyId: string): Promise<KeyObject> {
  const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }))
  return createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' })
}

const hashOf = (algorithm: string): string => `sha${algorithm.slice(-3)}`

/** How an offline verifier (node:crypto) must be configured for each KMS signing algorithm. */
function offlineKey(key: KeyObject, algorithm: SigningAlgorithmSpec) {
  return algorithm.startsWith('RSASSA_PSS')
    ? {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      }
    : key
}

const signingCases: [KeySpec, SigningAlgorithmSpec][] = [
  ['RSA_2048', 'RSASSA_PSS_SHA_256'],
  ['RSA_2048', 'RSASSA_PSS_SHA_384'],
  ['RSA_2048', 'RSASSA_PSS_SHA_512'],
  ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256'],
  ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_384'],
  ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_512'],
  ['ECC_NIST_P256', 'ECDSA_SHA_256'],
  ['ECC_NIST_P384', 'ECDSA_SHA_384'],
  ['ECC_NIST_P521', 'ECDSA_SHA_512'],
  ['ECC_SECG_P256K1', 'ECDSA_SHA_256'],
]

describe.each(signingCases)('Sign and Verify with %s / %s', (spec, algorithm) => {
  it('signs in KMS; the signature verifies offline against GetPublicKey and in KMS', async () => {
    const key = await newKey(spec, 'SIGN_VERIFY')
    const message = text(`release ${spec} ${algorithm}`)
    const signed = await audited(aws, 'Sign', () =>
      kms.send(new SignCommand({ KeyId: key.id, Message: message, SigningAlgorithm: algorithm })),
    )
    expect(signed.KeyId).toBe(key.arn)
    expect(signed.SigningAlgorithm).toBe(algorithm)
    const publicKey = await publicKeyOf(key.id)
    const signature = Buffer.from(signed.Signature!)
    expect(
      verifyOffline(hashOf(algorithm), message, offlineKey(publicKey, algorithm), signature),
    ).toBe(true)
    const verified = await audited(aws, 'Verify', () =>
      kms.send(
        new VerifyCommand({
          KeyId: key.arn,
          Message: message,
          Signature: signature,
          SigningAlgorithm: algorithm,
        }),
      ),
    )
    expect(verified).toMatchObject({
      KeyId: key.arn,
      SignatureValid: true,
      SigningAlgorithm: algorithm,
    })
  })

  it('signs a precomputed DIGEST; a digest of the wrong length is refused', async () => {
    const key = await newKey(spec, 'SIGN_VERIFY')
    const message = text('digest me')
    const digest = createHash(hashOf(algorithm)).update(message).digest()
    const signed = await kms.send(
      new SignCommand({
        KeyId: key.id,
        Message: digest,
        MessageType: 'DIGEST',
        SigningAlgorithm: algorithm,
      }),
    )
    const publicKey = await publicKeyOf(key.id)
    expect(
      verifyOffline(
        hashOf(algorithm),
        message,
        offlineKey(publicKey, algorithm),
        signed.Signature!,
      ),
    ).toBe(true)
    await expectKmsError(
      aws,
      'Sign',
      () =>
        kms.send(
          new SignCommand({
            KeyId: key.id,
            Message: digest.subarray(1),
            MessageType: 'DIGEST',
            SigningAlgorithm: algorithm,
          }),
        ),
      {
        name: 'ValidationException',
        message: `Digest is invalid length for algorithm ${algorithm}.`,
      },
    )
  })

  it('a signature over another message → KMSInvalidSignatureException', async () => {
    const key = await newKey(spec, 'SIGN_VERIFY')
    const signed = await kms.send(
      new SignCommand({ KeyId: key.id, Message: text('one'), SigningAlgorithm: algorithm }),
    )
    await expectKmsError(
      aws,
      'Verify',
      () =>
        kms.send(
          new VerifyCommand({
            KeyId: key.id,
            Message: text('two'),
            Signature: signed.Signature,
            SigningAlgorithm: algorithm,
          }),
        ),
      // AWS's message is empty; the SDK shows UnknownError (reference §3, test_sign_verify).
      { name: 'KMSInvalidSignatureException', message: 'UnknownError' },
    )
  })
})

describe('Sign and Verify refusals', () => {
  it('an algorithm the key does not offer → InvalidKeyUsageException', async () => {
    const key = await newKey('ECC_NIST_P256', 'SIGN_VERIFY')
    await expectKmsError(
      aws,
      'Sign',
      () =>
        kms.send(
          new SignCommand({
            KeyId: key.id,
            Message: text('x'),
            SigningAlgorithm: 'RSASSA_PSS_SHA_256',
          }),
        ),
      {
        name: 'InvalidKeyUsageException',
        message: 'Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.',
      },
    )
  })

  it('a key of another usage → InvalidKeyUsageException with AWS’s pattern', async () => {
    const { KeyMetadata } = await kms.send(
      new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
    )
    await expectKmsError(
      aws,
      'Sign',
      () =>
        kms.send(
          new SignCommand({
            KeyId: KeyMetadata!.KeyId,
            Message: text('x'),
            SigningAlgorithm: 'ECDSA_SHA_256',
          }),
        ),
      {
        name: 'InvalidKeyUsageException',
        message: `${KeyMetadata!.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.`,
      },
    )
  })

  it('a message over 4096 bytes → ValidationException', async () => {
    const key = await newKey('ECC_NIST_P256', 'SIGN_VERIFY')
    await expectKmsError(
      aws,
      'Sign',
      () =>
        kms.send(
          new SignCommand({
            KeyId: key.id,
            Message: new Uint8Array(4097),
            SigningAlgorithm: 'ECDSA_SHA_256',
          }),
        ),
      {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
      },
    )
  })

  it('a disabled key → DisabledException', async () => {
    const key = await newKey('ECC_NIST_P256', 'SIGN_VERIFY')
    await kms.send(new DisableKeyCommand({ KeyId: key.id }))
    await expectKmsError(
      aws,
      'Sign',
      () =>
        kms.send(
          new SignCommand({ KeyId: key.id, Message: text('x'), SigningAlgorithm: 'ECDSA_SHA_256' }),
        ),
      { name: 'DisabledException', message: `${key.arn} is disabled.` },
    )
  })
})

describe('GetPublicKey', () => {
  it('describes an RSA encryption key and an ECC signing key', async () => {
    const rsa = await newKey('RSA_2048', 'ENCRYPT_DECRYPT')
    const out = await audited(aws, 'GetPublicKey', () =>
      kms.send(new GetPublicKeyCommand({ KeyId: rsa.id })),
    )
    expect(out).toMatchObject({
      KeyId: rsa.arn,
      KeySpec: 'RSA_2048',
      CustomerMasterKeySpec: 'RSA_2048',
      KeyUsage: 'ENCRYPT_DECRYPT',
      EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
    })
    expect(out.SigningAlgorithms).toBeUndefined()
    const key = createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' })
    expect(key.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n })

    const ecc = await newKey('ECC_NIST_P384', 'SIGN_VERIFY')
    const eccOut = await kms.send(new GetPublicKeyCommand({ KeyId: ecc.id }))
    expect(eccOut.SigningAlgorithms).toEqual(['ECDSA_SHA_384'])
    expect(eccOut.EncryptionAlgorithms).toBeUndefined()
  })

  it('a symmetric key → UnsupportedOperationException', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    await expectKmsError(
      aws,
      'GetPublicKey',
      () => kms.send(new GetPublicKeyCommand({ KeyId: KeyMetadata!.KeyId })),
      {
        name: 'UnsupportedOperationException',
        message: `${KeyMetadata!.Arn} key spec is SYMMETRIC_DEFAULT which is not valid for this operation.`,
      },
    )
  })
})

describe('RSA encryption', () => {
  const oaep = (algorithm: EncryptionAlgorithmSpec) =>
    algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256'

  it.each(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const)(
    '%s: KMS ciphertext and offline ciphertext both decrypt in KMS',
    async (algorithm) => {
      const key = await newKey('RSA_2048', 'ENCRYPT_DECRYPT')
      const out = await kms.send(
        new EncryptCommand({
          KeyId: key.id,
          Plaintext: text('hi'),
          EncryptionAlgorithm: algorithm,
        }),
      )
      expect(out.CiphertextBlob).toHaveLength(256)
      expect(out.EncryptionAlgorithm).toBe(algorithm)
      const opened = await kms.send(
        new DecryptCommand({
          CiphertextBlob: out.CiphertextBlob,
          KeyId: key.arn,
          EncryptionAlgorithm: algorithm,
        }),
      )
      expect(Buffer.from(opened.Plaintext!).toString()).toBe('hi')
      expect(opened.KeyMaterialId).toBeUndefined()

      const offline = publicEncrypt(
        {
          key: await publicKeyOf(key.id),
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: oaep(algorithm),
        },
        text('from outside'),
      )
      const fromOutside = await kms.send(
        new DecryptCommand({
          CiphertextBlob: offline,
          KeyId: key.id,
          EncryptionAlgorithm: algorithm,
        }),
      )
      expect(Buffer.from(fromOutside.Plaintext!).toString()).toBe('from outside')
    },
  )

  it.each([
    ['RSA_2048', 214, 190],
    ['RSA_3072', 342, 318],
    ['RSA_4096', 470, 446],
  ] as const)('%s: plaintext limits %i (SHA-1) and %i (SHA-256)', async (spec, sha1, sha256) => {
    const key = await newKey(spec, 'ENCRYPT_DECRYPT')
    for (const [algorithm, max] of [
      ['RSAES_OAEP_SHA_1', sha1],
      ['RSAES_OAEP_SHA_256', sha256],
    ] as const) {
      await kms.send(
        new EncryptCommand({
          KeyId: key.id,
          Plaintext: new Uint8Array(max),
          EncryptionAlgorithm: algorithm,
        }),
      )
      await expectKmsError(
        aws,
        'Encrypt',
        () =>
          kms.send(
            new EncryptCommand({
              KeyId: key.id,
              Plaintext: new Uint8Array(max + 1),
              EncryptionAlgorithm: algorithm,
            }),
          ),
        {
          name: 'ValidationException',
          message: `Algorithm ${algorithm} and key spec ${spec} cannot encrypt data larger than ${max} bytes.`,
        },
      )
    }
  })

  it('refuses SYMMETRIC_DEFAULT, an encryption context, and ciphertext without its KeyId', async () => {
    const key = await newKey('RSA_4096', 'ENCRYPT_DECRYPT')
    await expectKmsError(
      aws,
      'Encrypt',
      () => kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: text('x') })),
      {
        name: 'InvalidKeyUsageException',
        message: 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096.',
      },
    )
    await expectKmsError(
      aws,
      'Encrypt',
      () =>
        kms.send(
          new EncryptCommand({
            KeyId: key.id,
            Plaintext: text('x'),
            EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
            EncryptionContext: { a: 'b' },
          }),
        ),
      {
        name: 'ValidationException',
        message:
          'EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.',
      },
    )
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({
        KeyId: key.id,
        Plaintext: text('x'),
        EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
      }),
    )
    const invalid = { name: 'InvalidCiphertextException', message: 'UnknownError' }
    // Raw RSA output names no key: without KeyId KMS cannot find it.
    await expectKmsError(
      aws,
      'Decrypt',
      () =>
        kms.send(new DecryptCommand({ CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      invalid,
    )
    // The right key with the other OAEP hash does not decrypt.
    await expectKmsError(
      aws,
      'Decrypt',
      () =>
        kms.send(
          new DecryptCommand({
            CiphertextBlob,
            KeyId: key.id,
            EncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
          }),
        ),
      invalid,
    )
    await expectKmsError(
      aws,
      'Decrypt',
      () => kms.send(new DecryptCommand({ CiphertextBlob, KeyId: key.id })),
      {
        name: 'IncorrectKeyException',
        message:
          'The key ID in the request does not identify a CMK that can perform this operation.',
      },
    )
  })

  it('ReEncrypt moves RSA ciphertext under a symmetric key', async () => {
    const rsa = await newKey('RSA_2048', 'ENCRYPT_DECRYPT')
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({
        KeyId: rsa.id,
        Plaintext: text('moved'),
        EncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
      }),
    )
    const out = await kms.send(
      new ReEncryptCommand({
        CiphertextBlob,
        SourceKeyId: rsa.id,
        SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
        DestinationKeyId: KeyMetadata!.KeyId,
        DestinationEncryptionContext: { to: 'aes' },
      }),
    )
    expect(out).toMatchObject({
      SourceKeyId: rsa.arn,
      KeyId: KeyMetadata!.Arn,
      SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    })
    expect(out.SourceKeyMaterialId).toBeUndefined()
    const opened = await kms.send(
      new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { to: 'aes' } }),
    )
    expect(Buffer.from(opened.Plaintext!).toString()).toBe('moved')
  })
})
