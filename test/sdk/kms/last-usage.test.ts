import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetKeyLastUsageCommand,
  ReEncryptCommand,
} from '@aws-sdk/client-kms'
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/core/clock.js'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'
import { s3Client } from '../../support/s3.js'

const START = new Date('2026-03-01T00:00:00.000Z')
const clock = new ManualClock(START)
const aws = useMockAws({ clock })
const kms = kmsClient()
const s3 = s3Client()
const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const MINUTE = 60_000

async function newKey() {
  clock.set(START)
  return (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
}

const lastUsage = (KeyId: string) => kms.send(new GetKeyLastUsageCommand({ KeyId }))

describe('GetKeyLastUsage', () => {
  it('reports no usage for a new key, tracked since its creation', async () => {
    const key = await newKey()
    const out = await audited(aws, 'GetKeyLastUsage', () => lastUsage(key.Arn!))
    expect(out).toMatchObject({
      KeyId: key.KeyId,
      TrackingStartDate: START,
      KeyCreationDate: START,
    })
    expect(out).not.toHaveProperty('KeyLastUsage')
    expect(aws.audit.events({ eventName: 'GetKeyLastUsage' })[0]?.readOnly).toBe(true)
  })

  it('names the last successful cryptographic call: operation, time, CloudTrail event and request', async () => {
    const key = await newKey()
    clock.advance(5 * MINUTE)
    const sealed = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('a') }))
    const encrypted = aws.audit.events({ eventName: 'Encrypt' }).at(-1)!
    expect((await lastUsage(key.KeyId!)).KeyLastUsage).toEqual({
      Operation: 'Encrypt',
      Timestamp: new Date(START.getTime() + 5 * MINUTE),
      CloudTrailEventId: encrypted.eventID,
      KmsRequestId: sealed.$metadata.requestId,
    })

    // Failed calls, DryRuns and key management leave it as it was.
    clock.advance(MINUTE)
    await expectKmsError(
      aws,
      'Decrypt',
      () =>
        kms.send(
          new DecryptCommand({
            CiphertextBlob: sealed.CiphertextBlob,
            EncryptionContext: { x: 'y' },
          }),
        ),
      { name: 'InvalidCiphertextException', message: 'UnknownError' },
    )
    await expectKmsError(
      aws,
      'Encrypt',
      () => kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('a'), DryRun: true })),
      {
        name: 'DryRunOperationException',
        message: 'The request would have succeeded, but the DryRun option is set.',
      },
    )
    await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
    expect((await lastUsage(key.KeyId!)).KeyLastUsage?.Operation).toBe('Encrypt')

    clock.advance(MINUTE)
    await kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }))
    expect((await lastUsage(key.KeyId!)).KeyLastUsage).toMatchObject({
      Operation: 'Decrypt',
      Timestamp: new Date(START.getTime() + 7 * MINUTE),
      CloudTrailEventId: aws.audit.events({ eventName: 'Decrypt' }).at(-1)!.eventID,
    })
  })

  it('records ReEncrypt against both keys', async () => {
    const source = await newKey()
    const destination = await newKey()
    const sealed = await kms.send(new EncryptCommand({ KeyId: source.KeyId, Plaintext: text('a') }))
    await kms.send(
      new ReEncryptCommand({
        CiphertextBlob: sealed.CiphertextBlob,
        DestinationKeyId: destination.KeyId,
      }),
    )
    for (const key of [source, destination]) {
      expect((await lastUsage(key.KeyId!)).KeyLastUsage?.Operation).toBe('ReEncrypt')
    }
  })

  it('sees S3 using a key for SSE-KMS', async () => {
    const key = await newKey()
    await s3.send(new CreateBucketCommand({ Bucket: 'usage' }))
    await s3.send(
      new PutObjectCommand({
        Bucket: 'usage',
        Key: 'k',
        Body: 'x',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.KeyId,
      }),
    )
    expect((await lastUsage(key.KeyId!)).KeyLastUsage?.Operation).toBe('GenerateDataKey')
  })

  it('names keys by key id or ARN only', async () => {
    await expectKmsError(aws, 'GetKeyLastUsage', () => lastUsage('alias/mine'), {
      name: 'NotFoundException',
      message: "Invalid keyId 'alias/mine'",
    })
    await expectKmsError(
      aws,
      'GetKeyLastUsage',
      () => lastUsage('11111111-2222-3333-4444-555555555555'),
      {
        name: 'NotFoundException',
        message:
          "Key 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555' does not exist",
      },
    )
  })
})
