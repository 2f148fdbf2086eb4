import { fileURLToPath } from 'node:url'
import { expect, test } from 's3-kms-mock/vitest'
import { archiveReport, writeScratch } from '../src/reports.js'

const world = fileURLToPath(new URL('../fixtures/reports.json', import.meta.url))

// Each test gets its own world, even when the tests run at the same time.
test.concurrent('archiving keeps the report under the reports key', async ({ aws }) => {
  await aws.load(world)
  await archiveReport('q1')
  const archived = aws.s3.object('reports', 'archive/q1.csv')
  expect(archived).toBeEncryptedWithKms({ keyId: 'alias/reports' })
  expect(aws.s3.object('reports', '2026/q1.csv')).toHaveBeenDecryptedBy('alias/reports')
})

test.concurrent('scratch files opt out with SSE-S3', async ({ aws }) => {
  await aws.load(world)
  await writeScratch('tmp.txt')
  expect(aws.s3.object('reports', 'scratch/tmp.txt')).toBeEncryptedWithS3Managed()
  expect(aws.s3.keys('reports')).toEqual(['2026/q1.csv', 'scratch/tmp.txt'])
})

test.concurrent('a failing assertion shows the world', async ({ aws }) => {
  await aws.load(world)
  expect(() => {
    expect(aws.s3.object('reports', 'missing.csv')).toBeEncryptedWithKms()
  }).toThrow(/bucket reports/)
})
