import {
  CreateKeyCommand,
  DecapsulateCommand,
  DeriveSharedSecretCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncapsulateCommand,
  GetPublicKeyCommand,
  type KeySpec,
} from '@aws-sdk/client-kms'
import * as crypto from 'node:crypto'
import { createECDH, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { mlKemAvailable } from '../../../src/kms/ml-kem.js'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const aws = useMockAws()
const kms = kmsClient()

async function newKey(KeySpec: KeySpec, KeyUsage: 'KEY_AGREEMENT' | 'ENCAPSULATE_DECAPSULATE') {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec, KeyUsage }))
  return KeyMetadata!
}

const CURVES: [KeySpec, string][] = [
  ['ECC_NIST_P256', 'prime256v1'],
  ['ECC_NIST_P384', 'secp384r1'],
  ['ECC_NIST_P521', 'secp521r1'],
]

/** A caller's own EC key pair, and its public key as DER SubjectPublicKeyInfo. */
function callerKeyPair(curve: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve })
  const der = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }))
  return { privateKey, der }
}

describe('DeriveSharedSecret', () => {
  it.each(CURVES)(
    '%s: the secret equals what the caller computes with node:crypto from the KMS public key',
    async (spec, curve) => {
      const key = await newKey(spec, 'KEY_AGREEMENT')
      expect(key.KeyAgreementAlgorithms).toEqual(['ECDH'])
      const { PublicKey, KeyAgreementAlgorithms } = await kms.send(
        new GetPublicKeyCommand({ KeyId: key.KeyId }),
      )
      expect(KeyAgreementAlgorithms).toEqual(['ECDH'])
      const caller = callerKeyPair(curve)
      const out = await audited(aws, 'DeriveSharedSecret', () =>
        kms.send(
          new DeriveSharedSecretCommand({
            KeyId: key.KeyId,
            KeyAgreementAlgorithm: 'ECDH',
            PublicKey: caller.der,
          }),
        ),
      )
      expect(out).toMatchObject({
        KeyId: key.Arn,
        KeyAgreementAlgorithm: 'ECDH',
        KeyOrigin: 'AWS_KMS',
      })
      // The caller's side: its private scalar with the KMS key's public point.
      const kmsPublic = createPublicKey({
        key: Buffer.from(PublicKey!),
        format: 'der',
        type: 'spki',
      })
      const ecdh = createECDH(curve)
      ecdh.setPrivateKey(Buffer.from(caller.privateKey.export({ format: 'jwk' }).d!, 'base64url'))
      const point = Buffer.from(kmsPublic.export({ format: 'der', type: 'spki' })).subarray(
        -ecdh.getPublicKey().length,
      )
      expect(Buffer.from(out.SharedSecret!)).toEqual(ecdh.computeSecret(point))
      expect(JSON.stringify(aws.audit.events())).not.toContain(
        Buffer.from(out.SharedSecret!).toString('base64'),
      )
    },
  )

  it('refuses a public key of another curve or not DER, a wrong key usage and a disabled key', async () => {
    const key = await newKey('ECC_NIST_P256', 'KEY_AGREEMENT')
    const derive = (KeyId: string | undefined, PublicKey: Uint8Array) =>
      kms.send(new DeriveSharedSecretCommand({ KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey }))
    await expectKmsError(
      aws,
      'DeriveSharedSecret',
      () => derive(key.KeyId, callerKeyPair('secp384r1').der),
      {
        name: 'ValidationException',
        message:
          'PublicKey must be a DER-encoded X.509 public key on the curve of key spec ECC_NIST_P256.',
      },
    )
    await expectKmsError(aws, 'DeriveSharedSecret', () => derive(key.KeyId, new Uint8Array(91)), {
      name: 'ValidationException',
      message:
        'PublicKey must be a DER-encoded X.509 public key on the curve of key spec ECC_NIST_P256.',
    })
    const signing = (
      await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))
    ).KeyMetadata!
    await expectKmsError(
      aws,
      'DeriveSharedSecret',
      () => derive(signing.KeyId, callerKeyPair('prime256v1').der),
      {
        name: 'InvalidKeyUsageException',
        message: `${signing.Arn} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.`,
      },
    )
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }))
    await expectKmsError(
      aws,
      'DeriveSharedSecret',
      () => derive(key.KeyId, callerKeyPair('prime256v1').der),
      { name: 'DisabledException', message: `${key.Arn} is disabled.` },
    )
  })

  it('answers DryRun after every check, and declines Recipient attestation', async () => {
    const key = await newKey('ECC_NIST_P256', 'KEY_AGREEMENT')
    const PublicKey = callerKeyPair('prime256v1').der
    await expectKmsError(
      aws,
      'DeriveSharedSecret',
      () =>
        kms.send(
          new DeriveSharedSecretCommand({
            KeyId: key.KeyId,
            KeyAgreementAlgorithm: 'ECDH',
            PublicKey,
            DryRun: true,
          }),
        ),
      {
        name: 'DryRunOperationException',
        message: 'The request would have succeeded, but the DryRun option is set.',
      },
    )
    await expectKmsError(
      aws,
      'DeriveSharedSecret',
      () =>
        kms.send(
          new DeriveSharedSecretCommand({
            KeyId: key.KeyId,
            KeyAgreementAlgorithm: 'ECDH',
            PublicKey,
            Recipient: { AttestationDocument: new Uint8Array([1]) },
          }),
        ),
      {
        name: 'UnsupportedOperationException',
        message:
          's3-kms-mock does not emulate Recipient (Nitro Enclaves attestation) for DeriveSharedSecret.',
      },
    )
  })
})

const ML_KEM: [KeySpec, number][] = [
  ['ML_KEM_512', 768],
  ['ML_KEM_768', 1088],
  ['ML_KEM_1024', 1568],
]

// node:crypto implements ML-KEM from Node.js 24.7; on older Node the mock refuses the key specs.
describe.runIf(mlKemAvailable())('Encapsulate and Decapsulate (ML-KEM)', () => {
  it.each(ML_KEM)('%s: both sides derive the same 32-byte secret', async (spec, length) => {
    const key = await newKey(spec, 'ENCAPSULATE_DECAPSULATE')
    expect(key).toMatchObject({ KeySpec: spec, EncapsulationAlgorithms: ['ML_KEM'] })
    const sent = await audited(aws, 'Encapsulate', () =>
      kms.send(new EncapsulateCommand({ KeyId: key.KeyId, EncapsulationAlgorithm: 'ML_KEM' })),
    )
    expect(sent.SharedSecret).toHaveLength(32)
    expect(sent.SharedSecretCiphertextBlob).toHaveLength(length)
    const received = await audited(aws, 'Decapsulate', () =>
      kms.send(
        new DecapsulateCommand({
          KeyId: key.KeyId,
          SharedSecretCiphertextBlob: sent.SharedSecretCiphertextBlob,
          EncapsulationAlgorithm: 'ML_KEM',
        }),
      ),
    )
    expect(Buffer.from(received.SharedSecret!)).toEqual(Buffer.from(sent.SharedSecret!))
  })

  it('decapsulates what a caller encapsulated offline with the public key', async () => {
    const key = await newKey('ML_KEM_768', 'ENCAPSULATE_DECAPSULATE')
    const { PublicKey, EncapsulationAlgorithms } = await kms.send(
      new GetPublicKeyCommand({ KeyId: key.KeyId }),
    )
    expect(EncapsulationAlgorithms).toEqual(['ML_KEM'])
    const publicKey = createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' })
    // node:crypto's ML-KEM (Node.js >= 24.7), absent from Node 20's type definitions.
    const { encapsulate } = crypto as unknown as {
      encapsulate: (key: KeyObject) => { sharedKey: Buffer; ciphertext: Buffer }
    }
    const offline = encapsulate(publicKey)
    const { SharedSecret } = await kms.send(
      new DecapsulateCommand({
        KeyId: key.KeyId,
        SharedSecretCiphertextBlob: offline.ciphertext,
        EncapsulationAlgorithm: 'ML_KEM',
      }),
    )
    expect(Buffer.from(SharedSecret!)).toEqual(offline.sharedKey)
  })

  it('refuses a ciphertext of the wrong length; an altered one yields another secret', async () => {
    const key = await newKey('ML_KEM_768', 'ENCAPSULATE_DECAPSULATE')
    const sent = await kms.send(
      new EncapsulateCommand({ KeyId: key.KeyId, EncapsulationAlgorithm: 'ML_KEM' }),
    )
    const decapsulate = (blob: Uint8Array) =>
      kms.send(
        new DecapsulateCommand({
          KeyId: key.KeyId,
          SharedSecretCiphertextBlob: blob,
          EncapsulationAlgorithm: 'ML_KEM',
        }),
      )
    await expectKmsError(aws, 'Decapsulate', () => decapsulate(new Uint8Array(768)), {
      name: 'InvalidCiphertextException',
      message: 'UnknownError',
    })
    const altered = new Uint8Array(sent.SharedSecretCiphertextBlob!)
    altered[0] = (altered[0] ?? 0) ^ 1
    const implicit = await decapsulate(altered)
    expect(implicit.SharedSecret).toHaveLength(32)
    expect(Buffer.from(implicit.SharedSecret!)).not.toEqual(Buffer.from(sent.SharedSecret!))
  })
})

describe.runIf(!mlKemAvailable())('ML-KEM on a Node.js without it', () => {
  it('refuses ML-KEM key specs with the documented limitation', async () => {
    await expectKmsError(aws, 'CreateKey', () => newKey('ML_KEM_768', 'ENCAPSULATE_DECAPSULATE'), {
      name: 'UnsupportedOperationException',
      message: `s3-kms-mock emulates ML_KEM_768 keys only on Node.js 24.7 or later, whose node:crypto implements ML-KEM (this is ${process.version}).`,
    })
  })
})

describe('Encapsulate and Decapsulate on other keys', () => {
  it('refuse keys whose usage is not ENCAPSULATE_DECAPSULATE', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
    await expectKmsError(
      aws,
      'Encapsulate',
      () =>
        kms.send(new EncapsulateCommand({ KeyId: key.KeyId, EncapsulationAlgorithm: 'ML_KEM' })),
      {
        name: 'InvalidKeyUsageException',
        message: `${key.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Encapsulate.`,
      },
    )
    await expectKmsError(
      aws,
      'Decapsulate',
      () =>
        kms.send(
          new DecapsulateCommand({
            KeyId: key.KeyId,
            SharedSecretCiphertextBlob: new Uint8Array(1088),
            EncapsulationAlgorithm: 'ML_KEM',
          }),
        ),
      {
        name: 'InvalidKeyUsageException',
        message: `${key.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Decapsulate.`,
      },
    )
    expect(
      (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState,
    ).toBe('Enabled')
  })
})
