import { constants, createCipheriv, createPublicKey, publicEncrypt } from 'node:crypto'
import {
  type AlgorithmSpec,
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  type CreateKeyCommandInput,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  type ImportKeyMaterialCommandInput,
  ScheduleKeyDeletionCommand,
  type WrappingKeySpec,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/core/clock.js'
import { open } from '../../../src/crypto/aead.js'
import { canonicalEncryptionContext } from '../../../src/crypto/encryption-context.js'
import { decodeBlob } from '../../../src/kms/ciphertext-blob.js'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const START = new Date('2026-03-01T00:00:00.000Z')
const clock = new ManualClock(START)
const aws = useMockAws({ clock })
const kms = kmsClient()
const DAY_MS = 86_400_000
/** The key material a test pins: 32 known bytes. */
const PINNED = Buffer.alloc(32, 0x42)
const OTHER = Buffer.alloc(32, 0x17)

async function createKey(input: CreateKeyCommandInput = { Origin: 'EXTERNAL' }) {
  clock.set(START)
  const { KeyMetadata } = await kms.send(new CreateKeyCommand(input))
  return KeyMetadata!
}

const parameters = (
  KeyId: string | undefined,
  WrappingAlgorithm: AlgorithmSpec = 'RSAES_OAEP_SHA_256',
  WrappingKeySpec: WrappingKeySpec = 'RSA_2048',
) => kms.send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm, WrappingKeySpec }))

const OAEP_HASH: Partial<Record<AlgorithmSpec, string>> = {
  RSAES_OAEP_SHA_1: 'sha1',
  RSAES_OAEP_SHA_256: 'sha256',
  RSA_AES_KEY_WRAP_SHA_1: 'sha1',
  RSA_AES_KEY_WRAP_SHA_256: 'sha256',
}

/** Wraps material as AWS's import guide does, with the public key GetParametersForImport gave. */
function wrap(publicKey: Uint8Array, material: Uint8Array, algorithm: AlgorithmSpec): Buffer {
  const key = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' })
  const rsa = (data: Uint8Array) =>
    publicEncrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[algorithm]! },
      data,
    )
  if (!algorithm.startsWith('RSA_AES_KEY_WRAP')) return rsa(material)
  const aesKey = Buffer.alloc(32, 0x5a)
  const cipher = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('A65959A6', 'hex'))
  return Buffer.concat([rsa(aesKey), cipher.update(material), cipher.final()])
}

async function importMaterial(
  keyId: string,
  material: Uint8Array = PINNED,
  extra: Partial<ImportKeyMaterialCommandInput> = {},
  algorithm: AlgorithmSpec = 'RSAES_OAEP_SHA_256',
) {
  const { ImportToken, PublicKey } = await parameters(keyId, algorithm)
  return kms.send(
    new ImportKeyMaterialCommand({
      KeyId: keyId,
      ImportToken,
      EncryptedKeyMaterial: wrap(PublicKey!, material, algorithm),
      ...extra,
    }),
  )
}

describe('GetParametersForImport', () => {
  it('returns a token and an RSA wrapping key valid for 24 hours', async () => {
    const key = await createKey()
    const got = await audited(aws, 'GetParametersForImport', () =>
      parameters(key.KeyId, 'RSAES_OAEP_SHA_1', 'RSA_3072'),
    )
    expect(got.KeyId).toBe(key.Arn)
    expect(got.ImportToken?.length).toBeGreaterThan(0)
    expect(got.ParametersValidTo).toEqual(new Date(START.getTime() + DAY_MS))
    const publicKey = createPublicKey({
      key: Buffer.from(got.PublicKey!),
      format: 'der',
      type: 'spki',
    })
    expect(publicKey.asymmetricKeyType).toBe('rsa')
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072)
  })

  it('is only for keys with imported material', async () => {
    const key = await createKey({})
    await expectKmsError(aws, 'GetParametersForImport', () => parameters(key.KeyId), {
      name: 'UnsupportedOperationException',
      message: `${key.Arn} origin is AWS_KMS which is not valid for this operation.`,
    })
  })

  it('refuses the retired PKCS#1 v1.5 wrapping and SM2', async () => {
    const key = await createKey()
    await expectKmsError(
      aws,
      'GetParametersForImport',
      () => parameters(key.KeyId, 'RSAES_PKCS1_V1_5'),
      {
        name: 'ValidationException',
        message:
          'The wrapping algorithm RSAES_PKCS1_V1_5 is no longer supported. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.',
      },
    )
    await expectKmsError(
      aws,
      'GetParametersForImport',
      () => parameters(key.KeyId, 'SM2PKE', 'SM2'),
      {
        name: 'UnsupportedOperationException',
        message: 's3-kms-mock does not emulate SM2 key wrapping (SM2PKE with SM2).',
      },
    )
  })
})

describe('ImportKeyMaterial', () => {
  it('pins known key material: the key is enabled and encrypts under exactly those bytes', async () => {
    const key = await createKey()
    const imported = await audited(aws, 'ImportKeyMaterial', () => importMaterial(key.KeyId!))
    expect(imported.KeyId).toBe(key.Arn)
    expect(imported.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/)
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
    expect(KeyMetadata).toMatchObject({
      KeyState: 'Enabled',
      Enabled: true,
      Origin: 'EXTERNAL',
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      CurrentKeyMaterialId: imported.KeyMaterialId,
    })

    const context = { order: '42' }
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({
        KeyId: key.KeyId,
        Plaintext: Buffer.from('pinned'),
        EncryptionContext: context,
      }),
    )
    const opened = await kms.send(
      new DecryptCommand({ CiphertextBlob, EncryptionContext: context }),
    )
    expect(Buffer.from(opened.Plaintext!).toString()).toBe('pinned')
    // The proof of pinning: the blob opens offline with the imported bytes.
    const blob = decodeBlob(CiphertextBlob!)!
    const aad = Buffer.concat([blob.header, canonicalEncryptionContext(context)])
    const offline = open(PINNED, blob.iv, blob.ciphertext, blob.tag, aad)
    expect(Buffer.from(offline!).toString()).toBe('pinned')
    // Neither the material nor its wrapping reaches the audit log.
    const event = aws.audit.events({ eventName: 'ImportKeyMaterial' })[0]
    expect(Object.keys(event?.requestParameters ?? {})).toEqual(['keyId'])
    expect(JSON.stringify(aws.audit.events())).not.toContain(PINNED.toString('base64'))
  })

  it.each(['RSAES_OAEP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'] as const)(
    'unwraps material wrapped with %s',
    async (algorithm) => {
      const key = await createKey()
      const imported = await audited(aws, 'ImportKeyMaterial', () =>
        importMaterial(key.KeyId!, PINNED, {}, algorithm),
      )
      expect(imported.KeyId).toBe(key.Arn)
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
      expect(KeyMetadata?.KeyState).toBe('Enabled')
    },
  )

  it('imports HMAC material of an allowed length', async () => {
    const key = await createKey({
      Origin: 'EXTERNAL',
      KeySpec: 'HMAC_256',
      KeyUsage: 'GENERATE_VERIFY_MAC',
    })
    await importMaterial(key.KeyId!, Buffer.alloc(48, 1))
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
    expect(KeyMetadata?.KeyState).toBe('Enabled')
  })

  it('records an expiry when asked', async () => {
    const key = await createKey()
    const ValidTo = new Date(START.getTime() + 30 * DAY_MS)
    await importMaterial(key.KeyId!, PINNED, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo })
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
    expect(KeyMetadata).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo })
  })

  it('accepts only the same material again, so old ciphertexts keep decrypting', async () => {
    const key = await createKey()
    const first = await importMaterial(key.KeyId!)
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('kept') }),
    )
    const deleted = await audited(aws, 'DeleteImportedKeyMaterial', () =>
      kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId })),
    )
    expect(deleted).toMatchObject({ KeyId: key.Arn, KeyMaterialId: first.KeyMaterialId })
    const pendingImport = {
      name: 'KMSInvalidStateException',
      message: `${key.Arn} is pending import.`,
    }
    await expectKmsError(
      aws,
      'Decrypt',
      () => kms.send(new DecryptCommand({ CiphertextBlob })),
      pendingImport,
    )
    await expectKmsError(
      aws,
      'Encrypt',
      () => kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })),
      pendingImport,
    )

    const { ImportToken, PublicKey } = await parameters(key.KeyId)
    await expectKmsError(
      aws,
      'ImportKeyMaterial',
      () =>
        kms.send(
          new ImportKeyMaterialCommand({
            KeyId: key.KeyId,
            ImportToken,
            EncryptedKeyMaterial: wrap(PublicKey!, OTHER, 'RSAES_OAEP_SHA_256'),
          }),
        ),
      {
        name: 'IncorrectKeyMaterialException',
        message:
          'The key material in the request is, expired, invalid, or is not the same key material that was previously imported into this KMS key.',
      },
    )
    const again = await importMaterial(key.KeyId!)
    expect(again.KeyMaterialId).toBe(first.KeyMaterialId)
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob }))
    expect(Buffer.from(opened.Plaintext!).toString()).toBe('kept')
  })

  it('refuses material of the wrong length, and a wrapping it cannot open', async () => {
    const key = await createKey()
    const { ImportToken, PublicKey } = await parameters(key.KeyId)
    const send = (EncryptedKeyMaterial: Uint8Array) =>
      kms.send(
        new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial }),
      )
    await expectKmsError(
      aws,
      'ImportKeyMaterial',
      () => send(wrap(PublicKey!, Buffer.alloc(16, 1), 'RSAES_OAEP_SHA_256')),
      {
        name: 'IncorrectKeyMaterialException',
        message:
          'The key material in the request is, expired, invalid, or is not the same key material that was previously imported into this KMS key.',
      },
    )
    // Wrapped with the wrong OAEP hash: it does not open.
    await expectKmsError(
      aws,
      'ImportKeyMaterial',
      () => send(wrap(PublicKey!, PINNED, 'RSAES_OAEP_SHA_1')),
      { name: 'InvalidCiphertextException', message: 'UnknownError' },
    )
  })

  it('checks the import token: unknown, another key’s, expired', async () => {
    const key = await createKey()
    const other = await createKey()
    const { ImportToken, PublicKey } = await parameters(other.KeyId)
    const EncryptedKeyMaterial = wrap(PublicKey!, PINNED, 'RSAES_OAEP_SHA_256')
    const invalid = {
      name: 'InvalidImportTokenException',
      message: 'The provided import token is invalid or is associated with a different KMS key.',
    }
    const send = (KeyId: string | undefined, token: Uint8Array) =>
      kms.send(new ImportKeyMaterialCommand({ KeyId, ImportToken: token, EncryptedKeyMaterial }))
    await expectKmsError(aws, 'ImportKeyMaterial', () => send(key.KeyId, Buffer.from('x')), invalid)
    await expectKmsError(aws, 'ImportKeyMaterial', () => send(key.KeyId, ImportToken!), invalid)
    clock.set(START.getTime() + DAY_MS)
    await expectKmsError(aws, 'ImportKeyMaterial', () => send(other.KeyId, ImportToken!), {
      name: 'ExpiredImportTokenException',
      message:
        'The specified import token is expired. Use GetParametersForImport to get a new import token and public key, use the new public key to encrypt the key material, and then try the request again.',
    })
  })

  it('checks ExpirationModel against ValidTo', async () => {
    const key = await createKey()
    const { ImportToken, PublicKey } = await parameters(key.KeyId)
    const send = (extra: Partial<ImportKeyMaterialCommandInput>) =>
      kms.send(
        new ImportKeyMaterialCommand({
          KeyId: key.KeyId,
          ImportToken,
          EncryptedKeyMaterial: wrap(PublicKey!, PINNED, 'RSAES_OAEP_SHA_256'),
          ...extra,
        }),
      )
    const cases: [Partial<ImportKeyMaterialCommandInput>, string][] = [
      [
        { ExpirationModel: 'KEY_MATERIAL_EXPIRES' },
        'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES',
      ],
      [
        {
          ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
          ValidTo: new Date(START.getTime() + DAY_MS),
        },
        'A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE',
      ],
      [
        { ValidTo: new Date(START.getTime() - DAY_MS) },
        'The validTo date must be in the future and no more than 365 days from now.',
      ],
    ]
    for (const [extra, message] of cases) {
      await expectKmsError(aws, 'ImportKeyMaterial', () => send(extra), {
        name: 'ValidationException',
        message,
      })
    }
  })

  it('is only for keys with imported material', async () => {
    const external = await createKey()
    const { ImportToken, PublicKey } = await parameters(external.KeyId)
    const kmsKey = await createKey({})
    await expectKmsError(
      aws,
      'ImportKeyMaterial',
      () =>
        kms.send(
          new ImportKeyMaterialCommand({
            KeyId: kmsKey.KeyId,
            ImportToken,
            EncryptedKeyMaterial: wrap(PublicKey!, PINNED, 'RSAES_OAEP_SHA_256'),
          }),
        ),
      {
        name: 'UnsupportedOperationException',
        message: `${kmsKey.Arn} origin is AWS_KMS which is not valid for this operation.`,
      },
    )
    await expectKmsError(
      aws,
      'DeleteImportedKeyMaterial',
      () => kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: kmsKey.KeyId })),
      {
        name: 'UnsupportedOperationException',
        message: `${kmsKey.Arn} origin is AWS_KMS which is not valid for this operation.`,
      },
    )
  })

  it('a key without material returns to PendingImport when its deletion is cancelled', async () => {
    const key = await createKey()
    await importMaterial(key.KeyId!)
    await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }))
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }))
    await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }))
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
    expect(KeyMetadata?.KeyState).toBe('PendingImport')
    expect(KeyMetadata).not.toHaveProperty('CurrentKeyMaterialId')
  })
})
