import {
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { errorOf, kmsClient, useMockAws } from '../../support/kms.js'

const aws = useMockAws()
const kms = kmsClient()

describe('envelope encryption through the real KMS client', () => {
  it('generates a data key whose ciphertext decrypts only with the same context', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'orders' }))
    const keyId = KeyMetadata!.KeyId!
    const dataKey = await kms.send(
      new GenerateDataKeyCommand({
        KeyId: keyId,
        KeySpec: 'AES_256',
        EncryptionContext: { tenant: 'a' },
      }),
    )
    expect(dataKey.Plaintext).toHaveLength(32)
    expect(dataKey.KeyId).toBe(KeyMetadata!.Arn)

    const opened = await kms.send(
      new DecryptCommand({
        CiphertextBlob: dataKey.CiphertextBlob,
        EncryptionContext: { tenant: 'a' },
      }),
    )
    expect(Buffer.from(opened.Plaintext!)).toEqual(Buffer.from(dataKey.Plaintext!))

    const wrong = await errorOf(
      kms.send(
        new DecryptCommand({
          CiphertextBlob: dataKey.CiphertextBlob,
          EncryptionContext: { tenant: 'b' },
        }),
      ),
    )
    expect(wrong.name).toBe('InvalidCiphertextException')
    expect(wrong.$metadata.httpStatusCode).toBe(400)
    expect(aws.audit.events({ eventName: 'Decrypt' })).toHaveLength(2)
  })

  it('round-trips Encrypt and Decrypt', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: Buffer.from('hello') }),
    )
    const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }))
    expect(Buffer.from(Plaintext!).toString()).toBe('hello')
  })
})
