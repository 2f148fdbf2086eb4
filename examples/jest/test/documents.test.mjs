import process from 'node:process'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { matchers } from 's3-kms-mock/jest'
import { setupMockAws } from 's3-kms-mock/node'
import { readDocument, saveDocument } from '../src/documents.mjs'

expect.extend(matchers)
process.env.AWS_ACCESS_KEY_ID ??= 'AKIDEXAMPLE'
process.env.AWS_SECRET_ACCESS_KEY ??= 'example-secret'

const aws = setupMockAws()
beforeAll(() => aws.listen())
afterEach(() => aws.reset())
afterAll(() => aws.close())

beforeEach(async () => {
  await aws.load({
    keys: [{ ref: 'documents', aliases: ['alias/documents'] }],
    buckets: [{ name: 'documents' }],
  })
})

test('documents are encrypted under the documents key with their owner in the context', async () => {
  await saveDocument('ada', 'notes.txt', 'analytical engine')
  const document = aws.s3.object('documents', 'ada/notes.txt')
  expect(document).toBeEncryptedWithKms({ keyId: 'alias/documents', context: { owner: 'ada' } })
  expect(document).not.toBeEncryptedWithS3Managed()
  expect(aws).toHaveKmsCall('GenerateDataKey', { context: { owner: 'ada' } })
})

test('reading a document decrypts its data key with KMS', async () => {
  await saveDocument('ada', 'notes.txt', 'analytical engine')
  expect(await readDocument('ada', 'notes.txt')).toBe('analytical engine')
  expect(aws.s3.object('documents', 'ada/notes.txt')).toHaveBeenDecryptedBy('alias/documents')
})
