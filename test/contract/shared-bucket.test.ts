import { CreateKeyCommand } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { describe, expect, test } from 'vitest'
import {
  ALL_CAPABILITIES,
  defineScenario,
  inProcessTarget,
  runContract,
  type ContractKey,
  type ContractTarget,
  type TargetSession,
} from './support.js'

/**
 * How the runner treats a bucket it does not own (the `aws` and `endpoint` targets): the run
 * writes under its unique prefix only, deletes everything it wrote there (objects, versions,
 * unfinished multipart uploads) whatever the outcome, leaves everything else alone, and uses the
 * configured key instead of creating one. Proven on the in-process mock configured as AWS is.
 */
describe('a run in a shared bucket', () => {
  test('deletes what it wrote under its prefix, pass or fail, and nothing else', async () => {
    let session: TargetSession | undefined
    let inner: TargetSession | undefined
    let configured: ContractKey | undefined
    const awsLike: ContractTarget = {
      name: 'aws-like',
      unavailable: () => Promise.resolve(undefined),
      async start() {
        inner = await inProcessTarget().start()
        await inner.s3.send(new CreateBucketCommand({ Bucket: 'team-bucket' }))
        await inner.s3.send(
          new PutObjectCommand({ Bucket: 'team-bucket', Key: 'keep/me.txt', Body: 'theirs' }),
        )
        const { KeyMetadata } = await inner.kms!.send(new CreateKeyCommand({}))
        configured = { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! }
        session = {
          ...inner,
          capabilities: new Set(
            ALL_CAPABILITIES.filter((c) => c !== 'create-bucket' && c !== 'kms-create-keys'),
          ),
          missing: (c) => `off in this test: ${c}`,
          sharedBucket: 'team-bucket',
          configuredKey: configured,
          // Kept open to look at the bucket after the run; closed below.
          close: () => Promise.resolve(),
        }
        return session
      },
    }
    const seen: { bucket: string; keys: string[]; key?: ContractKey } = { bucket: '', keys: [] }
    const writes = (name: string, fail: boolean) =>
      defineScenario({
        name,
        description: 'writes objects and leaves a multipart upload open',
        requires: ['sse-kms'],
        async run(t) {
          seen.bucket = t.bucket
          seen.key = await t.customerKey()
          for (const k of ['a', 'nested/b']) {
            seen.keys.push(t.key(k))
            await t.s3.send(
              new PutObjectCommand({
                Bucket: t.bucket,
                Key: t.key(k),
                Body: 'ours',
                ServerSideEncryption: 'aws:kms',
                SSEKMSKeyId: seen.key.arn,
              }),
            )
          }
          await t.s3.send(new CreateMultipartUploadCommand({ Bucket: t.bucket, Key: t.key('mpu') }))
          if (fail) throw new Error('half-way')
        },
      })
    const results = await runContract({
      targets: [awsLike],
      scenarios: [
        writes('writes-and-passes', false),
        writes('writes-and-fails', true),
        defineScenario({
          name: 'needs-its-own-bucket',
          description: 'configures a bucket',
          requires: ['create-bucket'],
          run: () => Promise.resolve(),
        }),
      ],
    })
    expect(results.map((r) => r.outcome.status)).toEqual(['pass', 'differs', 'skipped'])
    expect(results[2]?.outcome).toEqual({
      status: 'skipped',
      reason: 'needs create-bucket: off in this test: create-bucket',
    })
    expect(seen.bucket).toBe('team-bucket')
    expect(seen.key).toEqual(configured)
    // Every key sits under one run prefix, then the scenario's name.
    expect(seen.keys[0]).toMatch(/^s3kms-[a-z0-9]+-[0-9a-f]{6}\/writes-and-passes\/a$/)
    expect(seen.keys[2]).toMatch(/\/writes-and-fails\/a$/)

    const s3 = session!.s3
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'team-bucket' }))
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['keep/me.txt'])
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'team-bucket' }))
    expect(uploads.Uploads ?? []).toEqual([])
    await inner!.close()
  })

  test('a target that fails to start is a difference on every scenario, not a crash', async () => {
    const broken: ContractTarget = {
      name: 'broken',
      unavailable: () => Promise.resolve(undefined),
      start: () => Promise.reject(new Error('container exited with code 1')),
    }
    const s = (name: string) =>
      defineScenario({ name, description: name, requires: [], run: () => Promise.resolve() })
    const results = await runContract({ targets: [broken], scenarios: [s('one'), s('two')] })
    expect(results.map((r) => [r.scenario, r.outcome])).toEqual(
      ['one', 'two'].map((name) => [
        name,
        {
          status: 'differs',
          differences: [
            {
              check: 'the broken target starts',
              expected: 'started',
              actual: 'Error: container exited with code 1',
            },
          ],
          openQuestions: [],
        },
      ]),
    )
  })
})
