import {
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  ReEncryptCommand,
} from '@aws-sdk/client-kms'
import { defineScenario, type Scenario } from '../define.js'
import { createKey } from './kms-support.js'

/**
 * The KMS symmetric crypto contract (SPEC §3, reference §3–§4): what Encrypt, Decrypt, ReEncrypt,
 * GenerateDataKey(WithoutPlaintext) and GenerateRandom promise, on any key the target provides.
 */

const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('utf8')
const hex = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('hex')
const context = { tenant: 'acme', purpose: 'contract' }

/**
 * InvalidCiphertextException as a user sees it: AWS sends 400 with an empty message (captured
 * 2025-09-22), which the SDK reports as `UnknownError`.
 */
const invalidCiphertext = {
  status: 400,
  code: 'InvalidCiphertextException',
  message: 'UnknownError',
}

const encryptDecryptWithContext = defineScenario({
  name: 'kms-encrypt-decrypt-with-context',
  description:
    'Encrypt with an encryption context and Decrypt with the same pairs, in any order, gives the plaintext back.',
  requires: ['kms'],
  async run(t) {
    const key = await t.customerKey()
    const encrypted = await t.kms.send(
      new EncryptCommand({
        KeyId: key.keyId,
        Plaintext: new TextEncoder().encode('attack at dawn'),
        EncryptionContext: context,
      }),
    )
    t.check('Encrypt: KeyId is the key ARN', encrypted.KeyId, key.arn)
    t.check('Encrypt: EncryptionAlgorithm', encrypted.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
    t.check(
      'ciphertext does not contain the plaintext',
      Buffer.from(encrypted.CiphertextBlob ?? []).includes('attack at dawn'),
      false,
    )
    const decrypted = await t.kms.send(
      new DecryptCommand({
        CiphertextBlob: encrypted.CiphertextBlob,
        EncryptionContext: { purpose: 'contract', tenant: 'acme' },
      }),
    )
    t.check('Decrypt: Plaintext', text(decrypted.Plaintext), 'attack at dawn')
    t.check('Decrypt: KeyId', decrypted.KeyId, key.arn)
    t.check('Decrypt: EncryptionAlgorithm', decrypted.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
    const named = await t.kms.send(
      new DecryptCommand({
        CiphertextBlob: encrypted.CiphertextBlob,
        EncryptionContext: context,
        KeyId: key.arn,
      }),
    )
    t.check('Decrypt naming the right KeyId: Plaintext', text(named.Plaintext), 'attack at dawn')
  },
})

const decryptNeedsTheSameContext = defineScenario({
  name: 'kms-decrypt-needs-the-same-context',
  description:
    'Decrypt with a missing, different, extended or differently-cased encryption context fails with InvalidCiphertextException.',
  requires: ['kms'],
  async run(t) {
    const key = await t.customerKey()
    const { CiphertextBlob } = await t.kms.send(
      new EncryptCommand({
        KeyId: key.keyId,
        Plaintext: new TextEncoder().encode('bound to its context'),
        EncryptionContext: context,
      }),
    )
    const cases: [string, Record<string, string> | undefined][] = [
      ['no context', undefined],
      ['another value', { ...context, tenant: 'other' }],
      ['an extra pair', { ...context, extra: 'pair' }],
      ['a pair missing', { tenant: 'acme' }],
      ['a key in another case', { Tenant: 'acme', purpose: 'contract' }],
    ]
    for (const [label, wrong] of cases) {
      await t.expectError(
        `Decrypt with ${label}`,
        t.kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: wrong })),
        invalidCiphertext,
      )
    }
    const unbound = await t.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: new TextEncoder().encode('no context') }),
    )
    await t.expectError(
      'Decrypt with a context the ciphertext was not encrypted with',
      t.kms.send(
        new DecryptCommand({ CiphertextBlob: unbound.CiphertextBlob, EncryptionContext: context }),
      ),
      invalidCiphertext,
    )
  },
})

const decryptTamperedCiphertext = defineScenario({
  name: 'kms-decrypt-tampered-ciphertext',
  description:
    'A ciphertext changed in one byte, or one KMS never produced, fails with InvalidCiphertextException.',
  requires: ['kms'],
  async run(t) {
    const key = await t.customerKey()
    const { CiphertextBlob } = await t.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: new TextEncoder().encode('intact') }),
    )
    const tampered = Uint8Array.from(CiphertextBlob ?? [])
    const last = tampered.length - 1
    tampered[last] = (tampered[last] ?? 0) ^ 0x01
    await t.expectError(
      'Decrypt of a ciphertext with its last byte flipped',
      t.kms.send(new DecryptCommand({ CiphertextBlob: tampered })),
      invalidCiphertext,
    )
    await t.expectError(
      'Decrypt of bytes KMS never produced',
      t.kms.send(new DecryptCommand({ CiphertextBlob: new Uint8Array(64).fill(7) })),
      invalidCiphertext,
    )
  },
})

const decryptNamingAnotherKey = defineScenario({
  name: 'kms-decrypt-naming-another-key',
  description:
    'Decrypt (and ReEncrypt) naming a key other than the one that encrypted fails with IncorrectKeyException.',
  requires: ['kms', 'kms-create-keys'],
  async run(t) {
    const key = await t.customerKey()
    const other = await createKey(t)
    const { CiphertextBlob } = await t.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: new TextEncoder().encode('mine') }),
    )
    const incorrectKey = {
      status: 400,
      code: 'IncorrectKeyException',
      message: 'The key ID in the request does not identify a CMK that can perform this operation.',
    }
    await t.expectError(
      'Decrypt with KeyId of another key',
      t.kms.send(new DecryptCommand({ CiphertextBlob, KeyId: other.keyId })),
      incorrectKey,
    )
    await t.expectError(
      'ReEncrypt with SourceKeyId of another key',
      t.kms.send(
        new ReEncryptCommand({
          CiphertextBlob,
          SourceKeyId: other.arn,
          DestinationKeyId: key.keyId,
        }),
      ),
      incorrectKey,
    )
  },
})

const generateDataKey = defineScenario({
  name: 'kms-generate-data-key',
  description:
    'GenerateDataKey with KeySpec AES_256 returns a fresh 32-byte key and its encrypted copy, which Decrypt opens with the same context.',
  requires: ['kms'],
  async run(t) {
    const key = await t.customerKey()
    const first = await t.kms.send(
      new GenerateDataKeyCommand({
        KeyId: key.keyId,
        KeySpec: 'AES_256',
        EncryptionContext: context,
      }),
    )
    t.check('KeyId is the key ARN', first.KeyId, key.arn)
    t.check('Plaintext is 32 bytes', first.Plaintext?.length, 32)
    t.check('CiphertextBlob is present', (first.CiphertextBlob?.length ?? 0) > 0, true)
    const opened = await t.kms.send(
      new DecryptCommand({ CiphertextBlob: first.CiphertextBlob, EncryptionContext: context }),
    )
    t.check(
      'Decrypt of CiphertextBlob gives Plaintext',
      hex(opened.Plaintext),
      hex(first.Plaintext),
    )
    await t.expectError(
      'Decrypt of CiphertextBlob without the context',
      t.kms.send(new DecryptCommand({ CiphertextBlob: first.CiphertextBlob })),
      invalidCiphertext,
    )
    const second = await t.kms.send(
      new GenerateDataKeyCommand({
        KeyId: key.keyId,
        KeySpec: 'AES_256',
        EncryptionContext: context,
      }),
    )
    t.check(
      'a second call returns another key',
      hex(second.Plaintext) === hex(first.Plaintext),
      false,
    )
  },
})

const generateDataKeySizes = defineScenario({
  name: 'kms-generate-data-key-sizes',
  description:
    'GenerateDataKey returns 16 bytes for AES_128 and exactly NumberOfBytes (1 to 1024) when asked by size.',
  requires: ['kms'],
  async run(t) {
    const key = await t.customerKey()
    const aes128 = await t.kms.send(
      new GenerateDataKeyCommand({ KeyId: key.keyId, KeySpec: 'AES_128' }),
    )
    t.check('KeySpec AES_128: Plaintext length', aes128.Plaintext?.length, 16)
    for (const size of [1, 64, 1024]) {
      const sized = await t.kms.send(
        new GenerateDataKeyCommand({ KeyId: key.keyId, NumberOfBytes: size }),
      )
      t.check(`NumberOfBytes ${size}: Plaintext length`, sized.Plaintext?.length, size)
      const opened = await t.kms.send(new DecryptCommand({ CiphertextBlob: sized.CiphertextBlob }))
      t.check(
        `NumberOfBytes ${size}: Decrypt gives it back`,
        hex(opened.Plaintext),
        hex(sized.Plaintext),
      )
    }
  },
})

const generateDataKeyWithoutPlaintext = defineScenario({
  name: 'kms-generate-data-key-without-plaintext',
  description:
    'GenerateDataKeyWithoutPlaintext returns only the encrypted data key; Decrypt later yields the 32-byte key.',
  requires: ['kms'],
  async run(t) {
    const key = await t.customerKey()
    const generated = await t.kms.send(
      new GenerateDataKeyWithoutPlaintextCommand({
        KeyId: key.keyId,
        KeySpec: 'AES_256',
        EncryptionContext: context,
      }),
    )
    t.check('KeyId is the key ARN', generated.KeyId, key.arn)
    t.check('no Plaintext in the response', 'Plaintext' in generated, false)
    const opened = await t.kms.send(
      new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: context }),
    )
    t.check('Decrypt yields a 32-byte key', opened.Plaintext?.length, 32)
    t.check('Decrypt: KeyId', opened.KeyId, key.arn)
  },
})

const reEncryptChangesContext = defineScenario({
  name: 'kms-re-encrypt-changes-context',
  description:
    'ReEncrypt under the same key with a new encryption context: the result opens only with the new context.',
  requires: ['kms'],
  async run(t) {
    const key = await t.customerKey()
    const original = await t.kms.send(
      new EncryptCommand({
        KeyId: key.keyId,
        Plaintext: new TextEncoder().encode('moving house'),
        EncryptionContext: { version: '1' },
      }),
    )
    const moved = await t.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: original.CiphertextBlob,
        SourceEncryptionContext: { version: '1' },
        DestinationKeyId: key.keyId,
        DestinationEncryptionContext: { version: '2' },
      }),
    )
    t.check('ReEncrypt: SourceKeyId', moved.SourceKeyId, key.arn)
    t.check('ReEncrypt: KeyId', moved.KeyId, key.arn)
    t.check(
      'ReEncrypt: SourceEncryptionAlgorithm',
      moved.SourceEncryptionAlgorithm,
      'SYMMETRIC_DEFAULT',
    )
    t.check(
      'ReEncrypt: DestinationEncryptionAlgorithm',
      moved.DestinationEncryptionAlgorithm,
      'SYMMETRIC_DEFAULT',
    )
    const opened = await t.kms.send(
      new DecryptCommand({
        CiphertextBlob: moved.CiphertextBlob,
        EncryptionContext: { version: '2' },
      }),
    )
    t.check('Decrypt with the new context', text(opened.Plaintext), 'moving house')
    await t.expectError(
      'Decrypt with the old context',
      t.kms.send(
        new DecryptCommand({
          CiphertextBlob: moved.CiphertextBlob,
          EncryptionContext: { version: '1' },
        }),
      ),
      invalidCiphertext,
    )
    await t.expectError(
      'ReEncrypt without the source context',
      t.kms.send(
        new ReEncryptCommand({
          CiphertextBlob: original.CiphertextBlob,
          DestinationKeyId: key.keyId,
        }),
      ),
      invalidCiphertext,
    )
  },
})

const reEncryptToAnotherKey = defineScenario({
  name: 'kms-re-encrypt-to-another-key',
  description: 'ReEncrypt moves a ciphertext to another key without the plaintext leaving KMS.',
  requires: ['kms', 'kms-create-keys'],
  async run(t) {
    const key = await t.customerKey()
    const destination = await createKey(t)
    const original = await t.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: new TextEncoder().encode('new home') }),
    )
    const moved = await t.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: original.CiphertextBlob,
        DestinationKeyId: destination.arn,
      }),
    )
    t.check('ReEncrypt: SourceKeyId', moved.SourceKeyId, key.arn)
    t.check('ReEncrypt: KeyId', moved.KeyId, destination.arn)
    const opened = await t.kms.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob }))
    t.check('Decrypt: KeyId is the destination key', opened.KeyId, destination.arn)
    t.check('Decrypt: Plaintext', text(opened.Plaintext), 'new home')
  },
})

const generateRandom = defineScenario({
  name: 'kms-generate-random',
  description:
    'GenerateRandom returns exactly NumberOfBytes (1 to 1024) random bytes, different on each call.',
  requires: ['kms'],
  async run(t) {
    for (const size of [1, 32, 1024]) {
      const { Plaintext } = await t.kms.send(new GenerateRandomCommand({ NumberOfBytes: size }))
      t.check(`NumberOfBytes ${size}: length`, Plaintext?.length, size)
    }
    const first = await t.kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }))
    const second = await t.kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }))
    t.check('two calls differ', hex(first.Plaintext) === hex(second.Plaintext), false)
  },
})

export const kmsCryptoScenarios: readonly Scenario[] = [
  encryptDecryptWithContext,
  decryptNeedsTheSameContext,
  decryptTamperedCiphertext,
  decryptNamingAnotherKey,
  generateDataKey,
  generateDataKeySizes,
  generateDataKeyWithoutPlaintext,
  reEncryptChangesContext,
  reEncryptToAnotherKey,
  generateRandom,
]
