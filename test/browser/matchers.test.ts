import { PutObjectCommand } from '@aws-sdk/client-s3'
import { describe } from 'vitest'
import { UsageError } from '../../src/browser.js'
import { expect, test } from '../../src/vitest-browser.js'
import { adminS3, bucketFor, keyWithAlias } from './support.js'

describe('the matchers in the page', () => {
  test('pass, and fail with the messages they give in Node', async ({ aws }) => {
    const keyArn = await keyWithAlias(aws, 'alias/app')
    await bucketFor(aws, 'box')
    const s3 = adminS3(aws)
    await s3.send(new PutObjectCommand({ Bucket: 'box', Key: 'plain.txt', Body: 'a' }))
    await s3.send(
      new PutObjectCommand({
        Bucket: 'box',
        Key: 'kms.txt',
        Body: 'b',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'alias/app',
      }),
    )
    const plain = aws.s3.object('box', 'plain.txt')
    const kms = aws.s3.object('box', 'kms.txt')

    await expect(plain).toBeEncryptedWithS3Managed()
    await expect(plain).not.toBeUnencrypted()
    await expect(kms).toBeEncryptedWithKms({ keyId: 'alias/app', context: {} })
    await expect(kms).toHaveKmsCall('GenerateDataKey', { keyId: 'alias/app' })
    await expect(aws).toHaveKmsCall('GenerateDataKey')
    await expect(aws).not.toHaveKmsCall('Decrypt')

    await expect(expect(plain).toBeEncryptedWithKms({ keyId: 'alias/app' })).rejects.toThrow(
      [
        'expect(s3://box/plain.txt).toBeEncryptedWithKms({ keyId: "alias/app" })',
        '',
        `Expected: SSE-KMS with key ${keyArn} (alias/app)`,
        'Received: SSE-S3',
      ].join('\n'),
    )
    await expect(expect(kms).not.toBeEncryptedWithKms()).rejects.toThrow(
      `Expected: not SSE-KMS\nReceived: SSE-KMS with key ${keyArn} (alias/app) and context { "aws:s3:arn": "arn:aws:s3:::box/kms.txt" }`,
    )
    await expect(
      expect(aws.s3.object('box', 'missing.txt')).not.toBeEncryptedWithS3Managed(),
    ).rejects.toThrow('Received: no such object')
    await expect(expect({ bucket: 'box' }).toBeEncryptedWithS3Managed()).rejects.toThrow(
      'Expected: an object reference from aws.s3.object(bucket, key) or the world',
    )
  })

  test('refuse asymmetric matchers, which cannot cross to the Node-side world', async ({ aws }) => {
    await bucketFor(aws, 'box')
    await expect(
      expect(aws.s3.object('box', 'k')).toBeEncryptedWithKms({
        context: { tenant: expect.any(String) as unknown },
      }),
    ).rejects.toThrow(UsageError)
  })
})
