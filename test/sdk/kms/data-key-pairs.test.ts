import {
  CreateKeyCommand,
  DataKeyPairSpec,
  DecryptCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
} from '@aws-sdk/client-kms'
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const aws = useMockAws()
const kms = kmsClient()

async function symmetricKey() {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  return { id: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! }
}

const details: Record<string, object> = {
  RSA_2048: { modulusLength: 2048 },
  RSA_3072: { modulusLength: 3072 },
  RSA_4096: { modulusLength: 4096 },
  ECC_NIST_P256: { namedCurve: 'prime256v1' },
  ECC_NIST_P384: { namedCurve: 'secp384r1' },
  ECC_NIST_P521: { namedCurve: 'secp521r1' },
  ECC_SECG_P256K1: { namedCurve: 'secp256k1' },
}

describe('GenerateDataKeyPair', () => {
  it.each(Object.keys(details) as DataKeyPairSpec[])(
    '%s: a usable pair whose encrypted private key decrypts with the context',
    async (spec) => {
      const key = await symmetricKey()
      const out = await audited(aws, 'GenerateDataKeyPair', () =>
        kms.send(
          new GenerateDataKeyPairCommand({
            KeyId: key.id,
            KeyPairSpec: spec,
            EncryptionContext: { app: 'signer' },
          }),
        ),
      )
      expect(out).toMatchObject({ KeyId: key.arn, KeyPairSpec: spec })
      expect(out.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/)
      const privateKey = createPrivateKey({
        key: Buffer.from(out.PrivateKeyPlaintext!),
        format: 'der',
        type: 'pkcs8',
      })
      const publicKey = createPublicKey({
        key: Buffer.from(out.PublicKey!),
        format: 'der',
        type: 'spki',
      })
      expect(publicKey.asymmetricKeyDetails).toMatchObject(details[spec]!)
      const signature = sign('sha256', Buffer.from('data'), privateKey)
      expect(verify('sha256', Buffer.from('data'), publicKey, signature)).toBe(true)

      const opened = await kms.send(
        new DecryptCommand({
          CiphertextBlob: out.PrivateKeyCiphertextBlob,
          EncryptionContext: { app: 'signer' },
        }),
      )
      expect(Buffer.from(opened.Plaintext!)).toEqual(Buffer.from(out.PrivateKeyPlaintext!))
      const event = aws.audit.events({ eventName: 'GenerateDataKeyPair' }).at(-1)!
      expect(JSON.stringify(event)).not.toContain(
        Buffer.from(out.PrivateKeyPlaintext!).toString('base64').slice(0, 40),
      )
    },
  )

  it('WithoutPlaintext omits the private key; its ciphertext needs the same context', async () => {
    const key = await symmetricKey()
    const out = await audited(aws, 'GenerateDataKeyPairWithoutPlaintext', () =>
      kms.send(
        new GenerateDataKeyPairWithoutPlaintextCommand({
          KeyId: key.arn,
          KeyPairSpec: 'ECC_NIST_P256',
          EncryptionContext: { app: 'a' },
        }),
      ),
    )
    expect(Object.keys(out)).not.toContain('PrivateKeyPlaintext')
    expect(out).toMatchObject({ KeyId: key.arn, KeyPairSpec: 'ECC_NIST_P256' })
    await expectKmsError(
      aws,
      'Decrypt',
      () => kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob })),
      { name: 'InvalidCiphertextException', message: 'UnknownError' },
    )
    const opened = await kms.send(
      new DecryptCommand({
        CiphertextBlob: out.PrivateKeyCiphertextBlob,
        EncryptionContext: { app: 'a' },
      }),
    )
    const privateKey = createPrivateKey({
      key: Buffer.from(opened.Plaintext!),
      format: 'der',
      type: 'pkcs8',
    })
    const derived = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
    expect(derived).toEqual(Buffer.from(out.PublicKey!))
  })

  it('an asymmetric KMS key → InvalidKeyUsageException', async () => {
    const { KeyMetadata } = await kms.send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    )
    await expectKmsError(
      aws,
      'GenerateDataKeyPair',
      () =>
        kms.send(
          new GenerateDataKeyPairCommand({ KeyId: KeyMetadata!.KeyId, KeyPairSpec: 'RSA_2048' }),
        ),
      {
        name: 'InvalidKeyUsageException',
        message: `${KeyMetadata!.Arn} key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPair.`,
      },
    )
  })

  it('an unknown KeyPairSpec → the enum ValidationException', async () => {
    const key = await symmetricKey()
    await expectKmsError(
      aws,
      'GenerateDataKeyPair',
      () =>
        kms.send(
          new GenerateDataKeyPairCommand({
            KeyId: key.id,
            KeyPairSpec: 'RSA_1024' as DataKeyPairSpec,
          }),
        ),
      {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'RSA_1024' at 'keyPairSpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1]",
      },
    )
  })

  it('DryRun → DryRunOperationException', async () => {
    const key = await symmetricKey()
    await expectKmsError(
      aws,
      'GenerateDataKeyPairWithoutPlaintext',
      () =>
        kms.send(
          new GenerateDataKeyPairWithoutPlaintextCommand({
            KeyId: key.id,
            KeyPairSpec: 'RSA_4096',
            DryRun: true,
          }),
        ),
      {
        name: 'DryRunOperationException',
        message: 'The request would have succeeded, but the DryRun option is set.',
      },
    )
  })
})
