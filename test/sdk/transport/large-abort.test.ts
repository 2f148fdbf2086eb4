import { Readable } from 'node:stream'
import {
  CreateBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { errorOf, testCredentials, useMockAws } from '../../support/kms.js'

const aws = useMockAws()
const s3 = new S3Client({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })
const MiB = 1024 * 1024

describe('an upload aborted mid-body', () => {
  it('stores nothing, and the world finishes with the request (IncompleteBody)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'aborts' }))
    const abort = new AbortController()
    let sent = 0
    const source = new Readable({
      read() {
        if (sent === 8 * MiB) {
          abort.abort()
          return
        }
        sent += MiB
        this.push(Buffer.alloc(MiB, 1))
      },
    })
    const error = await errorOf(
      s3.send(
        new PutObjectCommand({ Bucket: 'aborts', Key: 'k', Body: source, ContentLength: 32 * MiB }),
        { abortSignal: abort.signal },
      ),
    )
    expect(error.name).toBe('AbortError')
    const head = await errorOf(s3.send(new HeadObjectCommand({ Bucket: 'aborts', Key: 'k' })))
    expect(head.$metadata.httpStatusCode).toBe(404)
    // The world's handler ended too (its PutObject is audited, refused as S3 refuses a short
    // body), instead of waiting for bytes that will never come and holding what it had encrypted.
    await expect
      .poll(() => aws.audit.events().filter((e) => e.eventName === 'PutObject').length, {
        timeout: 5000,
      })
      .toBe(1)
    expect(aws.audit.events().find((e) => e.eventName === 'PutObject')?.errorCode).toBe(
      'IncompleteBody',
    )
  })
})
