import { CreateKeyCommand } from '@aws-sdk/client-kms'
import * as Minio from 'minio'
import type { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { runModuleScript } from '../../support/child-script.js'
import { kmsClient, useMockAws } from '../../support/kms.js'
import { expectUnchanged } from '../../support/unchanged.js'

/**
 * Issue #13 item 10: the real `minio` npm client pointed at AWS's S3 host. Its ESM build holds
 * `import * as https` from before `listen()` (the static import above); `listen()` syncs node's ESM
 * namespaces with MSW's patches, so its requests reach the world. Its CommonJS build copies
 * `https.request` when required: that case runs in a child process, where the order is the point.
 */
const CLIENT = {
  endPoint: 's3.amazonaws.com',
  useSSL: true,
  accessKey: 'AKIDEXAMPLE',
  secretKey: 'example-secret',
  region: 'us-east-1',
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks).toString()
}

describe('the minio client (ESM build, imported before listen())', () => {
  const aws = useMockAws()
  const minio = new Minio.Client(CLIENT)

  it('puts, stats and gets an object under SSE-S3', async () => {
    await minio.makeBucket('minio-bucket', 'us-east-1')
    const body = 'written by the minio client'
    const put = await minio.putObject(
      'minio-bucket',
      'notes/a.txt',
      Buffer.from(body),
      body.length,
      {
        'Content-Type': 'text/plain',
        'x-amz-server-side-encryption': 'AES256',
      },
    )
    expect(put.etag).toMatch(/^[0-9a-f]{32}$/)

    const stored = aws.s3.object('minio-bucket', 'notes/a.txt').describe()
    expect(stored).toMatchObject({ size: body.length, encryption: { type: 'SSE-S3' } })
    expect(Buffer.from(aws.s3.object('minio-bucket', 'notes/a.txt').raw()).includes(body)).toBe(
      false,
    )

    const stat = await minio.statObject('minio-bucket', 'notes/a.txt')
    expect(stat).toMatchObject({
      size: body.length,
      etag: put.etag,
      metaData: { 'content-type': 'text/plain', 'x-amz-server-side-encryption': 'AES256' },
    })
    expect(await text(await minio.getObject('minio-bucket', 'notes/a.txt'))).toBe(body)
    expect(await text(await minio.getPartialObject('minio-bucket', 'notes/a.txt', 15, 6))).toBe(
      'minio ',
    )
  })

  it('puts under SSE-KMS with a key of the same world', async () => {
    const kms = kmsClient()
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    const keyArn = KeyMetadata?.Arn ?? ''
    await minio.makeBucket('minio-kms', 'us-east-1')
    await minio.putObject('minio-kms', 'k', Buffer.from('sealed'), 6, {
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': keyArn,
    })

    expect(aws.s3.object('minio-kms', 'k').describe()?.encryption).toMatchObject({
      type: 'SSE-KMS',
      keyArn,
    })
    const stat = await minio.statObject('minio-kms', 'k')
    expect(stat.metaData).toMatchObject({
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': keyArn,
    })
    expect(await text(await minio.getObject('minio-kms', 'k'))).toBe('sealed')
  })

  it("gets S3's NoSuchKey for a missing object, and the world is unchanged", async () => {
    await minio.makeBucket('minio-missing', 'us-east-1')
    const error = await expectUnchanged(aws, () =>
      minio.statObject('minio-missing', 'absent').then(
        () => undefined,
        (e: unknown) => e,
      ),
    )
    // HEAD has no body: minio names the code from the status.
    expect(error).toMatchObject({ code: 'NotFound' })
    const got = await minio.getObject('minio-missing', 'absent').then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(got).toMatchObject({
      code: 'NoSuchKey',
      message: 'The specified key does not exist.',
    })
  })
})

const CJS_SCRIPT = `
import { createRequire } from 'node:module'
import { setupMockAws } from './src/node.ts'

const require = createRequire(import.meta.url)
const CLIENT = ${JSON.stringify(CLIENT)}
const read = async (stream) => { let t = ''; for await (const c of stream) t += c; return t }
const out = {}
// Required before listen(): the CommonJS build copied the original https.request. Given node's
// https module as its own transport, it reads request() at call time and reaches the mock.
const https = require('node:https')
const aws = setupMockAws()
try {
  aws.listen({ onUnhandledRequest: 'error' })
  // Required after listen(): the functions it copies are MSW's.
  const Minio = require('minio')
  const late = new Minio.Client(CLIENT)
  await late.makeBucket('cjs-late', 'us-east-1')
  await late.putObject('cjs-late', 'k', Buffer.from('after listen'), 12, { 'x-amz-server-side-encryption': 'AES256' })
  out.late = { body: await read(await late.getObject('cjs-late', 'k')), stored: aws.s3.object('cjs-late', 'k').describe()?.encryption?.type }
  const own = new Minio.Client({ ...CLIENT, transport: https })
  await own.makeBucket('cjs-transport', 'us-east-1')
  await own.putObject('cjs-transport', 'k', Buffer.from('own transport'), 13)
  out.transport = { body: await read(await own.getObject('cjs-transport', 'k')) }
} catch (error) {
  out.error = String(error.code ?? error.message)
} finally {
  aws.close()
}
console.log(JSON.stringify(out))
`

const runCjs = () => runModuleScript<Record<string, unknown>>(CJS_SCRIPT)

describe('the minio client (CommonJS build)', () => {
  it('reaches the mock when required after listen(), or given https as its transport', async () => {
    expect(await runCjs()).toEqual({
      late: { body: 'after listen', stored: 'SSE-S3' },
      transport: { body: 'own transport' },
    })
  }, 60_000)
})
