import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { threadId } from 'node:worker_threads'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { expect, test } from '../../../../../src/vitest.js'

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }
const s3 = new S3Client({ region: 'us-east-1', credentials })
const kms = new KMSClient({ region: 'us-east-1', credentials })

async function until(file: string): Promise<void> {
  for (let waited = 0; !existsSync(file); waited += 20) {
    if (waited > 20_000) throw new Error(`the other worker never reached ${path.basename(file)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * One side of the two-worker proof: both workers write the same bucket and key, meet through
 * marker files (so both worlds are alive at once), then each reads back only its own data.
 */
export function workerCheck(me: string, other: string): void {
  const dir = process.env.S3KMSMOCK_WORKERS_DIR ?? ''

  test(`worker ${me} sees only its own world`, async ({ aws }) => {
    writeFileSync(path.join(dir, `${me}.worker`), `${process.pid}:${threadId}`)
    await s3.send(new CreateBucketCommand({ Bucket: 'same-bucket' }))
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: me }))
    await s3.send(
      new PutObjectCommand({
        Bucket: 'same-bucket',
        Key: 'who',
        Body: me,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KeyMetadata!.KeyId!,
      }),
    )
    writeFileSync(path.join(dir, `${me}.written`), '')
    await until(path.join(dir, `${other}.written`))

    const got = await s3.send(new GetObjectCommand({ Bucket: 'same-bucket', Key: 'who' }))
    expect(await got.Body!.transformToString()).toBe(me)
    expect(aws.kms.keys().map((k) => k.Description)).toEqual([me])
    expect(aws.s3.object('same-bucket', 'who')).toBeEncryptedWithKms({ keyId: KeyMetadata!.Arn! })
    writeFileSync(path.join(dir, `${me}.read`), '')
    await until(path.join(dir, `${other}.read`))
  })
}
