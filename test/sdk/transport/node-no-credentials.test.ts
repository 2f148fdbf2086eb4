import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runModuleScript } from '../../support/child-script.js'

/**
 * The README's quick start on a fresh CI runner: `setupMockAws()` from `s3-kms-mock/node`, clients
 * built with no configuration, no `AWS_*` variables and no `~/.aws`. `listen()` provides the
 * dummy credentials and region (as the vitest fixture does) and `close()` takes them back. In a
 * child process: the environment is the point.
 */

const SCRIPT = `
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { EncryptCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { setupMockAws } from './src/node.ts'

const seen = () => ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'].map((n) => process.env[n] ?? null)
const out = { before: seen() }
const aws = setupMockAws()
aws.listen()
try {
  out.during = seen()
  const s3 = new S3Client({})
  await s3.send(new CreateBucketCommand({ Bucket: 'app' }))
  await s3.send(new PutObjectCommand({ Bucket: 'app', Key: 'k', Body: 'hello' }))
  const got = await s3.send(new GetObjectCommand({ Bucket: 'app', Key: 'k' }))
  out.body = await got.Body.transformToString()
  const kms = new KMSClient({})
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  const encrypted = await kms.send(new EncryptCommand({ KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array([1]) }))
  out.encrypted = encrypted.CiphertextBlob.length > 0
} catch (error) {
  out.error = error.name + ': ' + error.message
} finally {
  aws.close()
}
out.after = seen()
console.log(JSON.stringify(out))
`

async function runWithout(extra: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const home = mkdtempSync(path.join(tmpdir(), 'no-aws-home-'))
  // Nothing of the runner's AWS configuration: no AWS_* variable, a HOME without ~/.aws.
  const env: Record<string, string> = { HOME: home, USERPROFILE: home, ...extra }
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('AWS_') && !(name in env)) env[name] = value
  }
  try {
    return await runModuleScript<Record<string, unknown>>(SCRIPT, env)
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}

describe('s3-kms-mock/node on a machine with no AWS credentials or region', () => {
  it('listen() provides dummy credentials and a region; close() restores the environment', async () => {
    const out = await runWithout()
    expect(out.error).toBeUndefined()
    expect(out.before).toEqual([null, null, null])
    expect(out.during).toEqual(['AKIAS3KMSMOCKTESTKEY', 's3-kms-mock-test-secret', 'us-east-1'])
    expect(out.body).toBe('hello')
    expect(out.encrypted).toBe(true)
    expect(out.after).toEqual([null, null, null])
  }, 60_000)

  it("a suite's own values win and are left as they were", async () => {
    const out = await runWithout({
      AWS_ACCESS_KEY_ID: 'AKIAOWNKEY',
      AWS_SECRET_ACCESS_KEY: 'own-secret',
      AWS_REGION: 'eu-west-1',
    })
    expect(out.error).toBeUndefined()
    expect(out.during).toEqual(['AKIAOWNKEY', 'own-secret', 'eu-west-1'])
    expect(out.after).toEqual(['AKIAOWNKEY', 'own-secret', 'eu-west-1'])
  }, 60_000)
})
