import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectLockConfigurationCommand,
  PutObjectRetentionCommand,
  UploadPartCommand,
  type ObjectLockConfiguration,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/index.js'
import { errorOf, useMockAws } from '../../support/kms.js'
import { s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const START = '2026-05-10T09:30:00.000Z'
const clock = new ManualClock(START)
const aws = useMockAws({ clock })
const s3 = s3Client()
const Bucket = 'vault'
const Key = 'evidence.txt'
const days = (n: number) => n * 86_400_000
const at = (offset: number) => new Date(Date.parse(START) + offset)

beforeEach(async () => {
  clock.set(START)
  await s3.send(new CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true }))
})

const setConfig = (ObjectLockConfiguration: ObjectLockConfiguration, bucket = Bucket) =>
  s3.send(new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration }))
const put = async (extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}) =>
  (await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x', ...extra }))).VersionId ?? ''
const governance = (until: Date) => ({
  ObjectLockMode: 'GOVERNANCE' as const,
  ObjectLockRetainUntilDate: until,
})
const compliance = (until: Date) => ({
  ObjectLockMode: 'COMPLIANCE' as const,
  ObjectLockRetainUntilDate: until,
})

/** Expects an S3 error: code, message, status, and the world unchanged. */
async function refused(
  call: () => Promise<unknown>,
  code: string,
  message: string,
  status: number,
): Promise<Record<string, unknown>> {
  const error = await expectUnchanged(aws, () => errorOf(call()))
  expect({
    code: error.name,
    message: error.message,
    status: error.$metadata.httpStatusCode,
  }).toEqual({ code, message, status })
  return error as unknown as Record<string, unknown>
}

describe('buckets with Object Lock', () => {
  it('CreateBucket with the header enables versioning and the lock', async () => {
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled')
    const got = await s3.send(new GetObjectLockConfigurationCommand({ Bucket }))
    expect(got.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled' })
  })

  it('refuses to suspend versioning of a lock bucket (409), and accepts Enabled again', async () => {
    await refused(
      () =>
        s3.send(
          new PutBucketVersioningCommand({
            Bucket,
            VersioningConfiguration: { Status: 'Suspended' },
          }),
        ),
      'InvalidBucketState',
      'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.',
      409,
    )
    await s3.send(
      new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    )
  })

  it('enables the lock on an existing bucket once its versioning is Enabled', async () => {
    const plain = 'plain-bucket'
    await s3.send(new CreateBucketCommand({ Bucket: plain }))
    const missing = await refused(
      () => s3.send(new GetObjectLockConfigurationCommand({ Bucket: plain })),
      'ObjectLockConfigurationNotFoundError',
      'Object Lock configuration does not exist for this bucket',
      404,
    )
    expect(missing.BucketName).toBe(plain)
    const needsVersioning =
      "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration"
    await refused(
      () => setConfig({ ObjectLockEnabled: 'Enabled' }, plain),
      'InvalidBucketState',
      needsVersioning,
      409,
    )
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: plain,
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    )
    await refused(
      () => setConfig({ ObjectLockEnabled: 'Enabled' }, plain),
      'InvalidBucketState',
      needsVersioning,
      409,
    )
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: plain,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )
    const enabled = await setConfig({ ObjectLockEnabled: 'Enabled' }, plain)
    expect(enabled.$metadata.httpStatusCode).toBe(200)
    const got = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: plain }))
    expect(got.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled' })
  })

  it('stores, returns and removes a default retention', async () => {
    await setConfig({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
    })
    const got = await s3.send(new GetObjectLockConfigurationCommand({ Bucket }))
    expect(got.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
    })
    await setConfig({ ObjectLockEnabled: 'Enabled' })
    const after = await s3.send(new GetObjectLockConfigurationCommand({ Bucket }))
    expect(after.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled' })
  })

  it('refuses malformed configurations as S3 does', async () => {
    const malformed =
      'The XML you provided was not well-formed or did not validate against our published schema'
    const cases: ObjectLockConfiguration[] = [
      { Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } },
      {},
      { ObjectLockEnabled: 'Enabled', Rule: {} },
      { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: {} } },
      { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE' } } },
      {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1, Years: 1 } },
      },
      {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'BAD-VALUE' as never, Days: 1 } },
      },
    ]
    for (const config of cases) {
      await refused(() => setConfig(config), 'MalformedXML', malformed, 400)
    }
    const zero = await refused(
      () =>
        setConfig({
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 0 } },
        }),
      'InvalidArgument',
      'Default retention period must be a positive integer value.',
      400,
    )
    expect(zero.ArgumentName).toBe('Days')
    await refused(
      () =>
        setConfig({
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 101 } },
        }),
      'InvalidArgument',
      'Default retention period too large.',
      400,
    )
  })
})

describe('retention on new versions', () => {
  it('gives new versions the default retention, counted from their creation', async () => {
    const before = await put()
    await setConfig({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
    })
    const after = await put()
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key, VersionId: after }))
    expect(head.ObjectLockMode).toBe('GOVERNANCE')
    expect(head.ObjectLockRetainUntilDate).toEqual(at(days(1)))
    expect(head.ObjectLockLegalHoldStatus).toBeUndefined()
    const old = await s3.send(new HeadObjectCommand({ Bucket, Key, VersionId: before }))
    expect(old.ObjectLockMode).toBeUndefined()

    await setConfig({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } },
    })
    const yearly = await put()
    const retention = await s3.send(
      new GetObjectRetentionCommand({ Bucket, Key, VersionId: yearly }),
    )
    expect(retention.Retention).toEqual({
      Mode: 'COMPLIANCE',
      RetainUntilDate: new Date('2027-05-10T09:30:00.000Z'),
    })
  })

  it('takes the lock headers of PutObject over the default; GET and HEAD return them', async () => {
    await setConfig({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } },
    })
    const until = at(days(3))
    const VersionId = await put({ ...governance(until), ObjectLockLegalHoldStatus: 'ON' })
    const got = await s3.send(new GetObjectCommand({ Bucket, Key, VersionId }))
    expect([
      got.ObjectLockMode,
      got.ObjectLockRetainUntilDate,
      got.ObjectLockLegalHoldStatus,
    ]).toEqual(['GOVERNANCE', until, 'ON'])
    const hold = await s3.send(new GetObjectLegalHoldCommand({ Bucket, Key, VersionId }))
    expect(hold.LegalHold).toEqual({ Status: 'ON' })
  })

  it('refuses lock headers on a bucket without Object Lock', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'plain' }))
    await refused(
      () =>
        s3.send(
          new PutObjectCommand({ Bucket: 'plain', Key, Body: 'x', ...governance(at(days(1))) }),
        ),
      'InvalidRequest',
      'Bucket is missing ObjectLockConfiguration',
      400,
    )
    await refused(
      () =>
        s3.send(
          new PutObjectCommand({
            Bucket: 'plain',
            Key,
            Body: 'x',
            ObjectLockLegalHoldStatus: 'ON',
          }),
        ),
      'InvalidRequest',
      'Bucket is missing ObjectLockConfiguration',
      400,
    )
  })

  it('checks the lock headers: both of mode and date, a known mode, a future date, ON or OFF', async () => {
    const both =
      'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied'
    const onlyMode = await refused(
      () => put({ ObjectLockMode: 'GOVERNANCE' }),
      'InvalidArgument',
      both,
      400,
    )
    expect(onlyMode.ArgumentName).toBe('x-amz-object-lock-retain-until-date')
    const onlyDate = await refused(
      () => put({ ObjectLockRetainUntilDate: at(days(1)) }),
      'InvalidArgument',
      both,
      400,
    )
    expect(onlyDate.ArgumentName).toBe('x-amz-object-lock-mode')
    const badMode = await refused(
      () => put({ ObjectLockMode: 'FOREVER' as never, ObjectLockRetainUntilDate: at(days(1)) }),
      'InvalidArgument',
      'Unknown wormMode directive.',
      400,
    )
    expect([badMode.ArgumentName, badMode.ArgumentValue]).toEqual([
      'x-amz-object-lock-mode',
      'FOREVER',
    ])
    const past = await refused(
      () => put(governance(at(-1000))),
      'InvalidArgument',
      'The retain until date must be in the future!',
      400,
    )
    expect(past.ArgumentName).toBe('x-amz-object-lock-retain-until-date')
    const hold = await refused(
      () => put({ ObjectLockLegalHoldStatus: 'MAYBE' as never }),
      'InvalidArgument',
      "Legal Hold must be either of 'ON' or 'OFF'",
      400,
    )
    expect([hold.ArgumentName, hold.ArgumentValue]).toEqual([
      'x-amz-object-lock-legal-hold',
      'MAYBE',
    ])
  })

  it('requires Content-MD5 or a checksum on a PutObject with Object Lock parameters', async () => {
    const bare = s3Client('us-east-1', { requestChecksumCalculation: 'WHEN_REQUIRED' })
    const message =
      'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters'
    await refused(
      () => bare.send(new PutObjectCommand({ Bucket, Key, Body: 'x', ...governance(at(days(1))) })),
      'InvalidRequest',
      message,
      400,
    )
    // Without lock parameters the same client may write; a default retention is a lock parameter.
    await bare.send(new PutObjectCommand({ Bucket, Key, Body: 'x' }))
    await setConfig({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
    })
    await refused(
      () => bare.send(new PutObjectCommand({ Bucket, Key, Body: 'x' })),
      'InvalidRequest',
      message,
      400,
    )
    await bare.send(
      new PutObjectCommand({ Bucket, Key, Body: 'x', ContentMD5: 'ndTkYSaMgDT1yFZOFVxnpg==' }),
    )
  })

  it('requires Content-MD5 or a checksum on each part of an upload whose object will be locked', async () => {
    const bare = s3Client('us-east-1', { requestChecksumCalculation: 'WHEN_REQUIRED' })
    const message =
      'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Part requests with Object Lock parameters'
    const create = async (extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]>) =>
      (await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ...extra }))).UploadId ?? ''
    const part = (UploadId: string, extra: { ContentMD5?: string; ChecksumCRC32?: string } = {}) =>
      bare.send(
        new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'x', ...extra }),
      )

    // The lock parameters of CreateMultipartUpload: retention, or a legal hold (even OFF).
    for (const lock of [governance(at(days(1))), { ObjectLockLegalHoldStatus: 'OFF' as const }]) {
      const locked = await create(lock)
      await refused(() => part(locked), 'InvalidRequest', message, 400)
      expect((await part(locked, { ContentMD5: 'ndTkYSaMgDT1yFZOFVxnpg==' })).ETag).toBe(
        '"9dd4e461268c8034f5c8564e155c67a6"',
      )
      expect((await part(locked, { ChecksumCRC32: 'jNwWgw==' })).ChecksumCRC32).toBe('jNwWgw==')
    }
    // An upload without them takes parts without either.
    expect((await part(await create({}))).ETag).toBe('"9dd4e461268c8034f5c8564e155c67a6"')
    // A default retention is a lock parameter too: uploads created under it need the digest.
    await setConfig({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
    })
    const defaulted = await create({})
    await refused(() => part(defaulted), 'InvalidRequest', message, 400)
  })

  it('locks multipart uploads from CreateMultipartUpload; a copy takes no lock from its source', async () => {
    const until = at(days(2))
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket, Key, ...compliance(until) }),
    )
    const part = await s3.send(
      new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'part' }),
    )
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag ?? '' }] },
      }),
    )
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key, VersionId: done.VersionId }))
    expect([head.ObjectLockMode, head.ObjectLockRetainUntilDate]).toEqual(['COMPLIANCE', until])

    const copy = await s3.send(
      new CopyObjectCommand({ Bucket, Key: 'copy', CopySource: `${Bucket}/${Key}` }),
    )
    const copied = await s3.send(
      new HeadObjectCommand({ Bucket, Key: 'copy', VersionId: copy.VersionId }),
    )
    expect(copied.ObjectLockMode).toBeUndefined()
    const held = await s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'copy',
        CopySource: `${Bucket}/${Key}`,
        ObjectLockLegalHoldStatus: 'ON',
      }),
    )
    const hold = await s3.send(
      new GetObjectLegalHoldCommand({ Bucket, Key: 'copy', VersionId: held.VersionId }),
    )
    expect(hold.LegalHold?.Status).toBe('ON')
    await refused(
      () =>
        s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ObjectLockMode: 'GOVERNANCE' })),
      'InvalidArgument',
      'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied',
      400,
    )
  })
})

describe('deleting locked versions', () => {
  const protectedText = 'Access Denied because object protected by object lock.'
  const deleteVersion = (VersionId: string, BypassGovernanceRetention?: boolean) =>
    s3.send(
      new DeleteObjectCommand({
        Bucket,
        Key,
        VersionId,
        ...(BypassGovernanceRetention === undefined ? {} : { BypassGovernanceRetention }),
      }),
    )

  it('refuses to delete a retained version for good; a simple delete adds a marker', async () => {
    const VersionId = await put(governance(at(days(1))))
    await refused(() => deleteVersion(VersionId), 'AccessDenied', protectedText, 403)
    const marker = await s3.send(new DeleteObjectCommand({ Bucket, Key }))
    expect(marker.DeleteMarker).toBe(true)
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket }))
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual([VersionId])
  })

  it('lets governance be bypassed, never compliance or a legal hold', async () => {
    const governed = await put(governance(at(days(1))))
    const complied = await put(compliance(at(days(1))))
    const held = await put({ ObjectLockLegalHoldStatus: 'ON' })
    await refused(() => deleteVersion(complied, true), 'AccessDenied', protectedText, 403)
    await refused(() => deleteVersion(held, true), 'AccessDenied', protectedText, 403)
    expect((await deleteVersion(governed, true)).$metadata.httpStatusCode).toBe(204)
  })

  it('answers the bypass with IAM’s AccessDenied when the caller may not bypass', async () => {
    const VersionId = await put(governance(at(days(1))))
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:BypassGovernanceRetention',
              Resource: `arn:aws:s3:::${Bucket}/*`,
            },
          ],
        }),
      }),
    )
    const error = await expectUnchanged(aws, () => errorOf(deleteVersion(VersionId, true)))
    expect(error.name).toBe('AccessDenied')
    expect(error.message).toContain('s3:BypassGovernanceRetention')
  })

  it('lets the version go once the world clock passes its retain-until date', async () => {
    const VersionId = await put(compliance(at(days(1))))
    clock.advance(days(1) - 1)
    await refused(() => deleteVersion(VersionId), 'AccessDenied', protectedText, 403)
    clock.advance(1)
    // The expired retention is still reported, as S3 keeps it.
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key, VersionId }))
    expect(head.ObjectLockMode).toBe('COMPLIANCE')
    expect((await deleteVersion(VersionId)).$metadata.httpStatusCode).toBe(204)
  })

  it('reports locked keys of DeleteObjects as AccessDenied entries and deletes the rest', async () => {
    const locked = await put(governance(at(days(1))))
    const free = (await s3.send(new PutObjectCommand({ Bucket, Key: 'free', Body: 'y' }))).VersionId
    const out = await s3.send(
      new DeleteObjectsCommand({
        Bucket,
        Delete: {
          Objects: [
            { Key, VersionId: locked },
            { Key: 'free', VersionId: free },
          ],
        },
      }),
    )
    expect(out.Errors).toEqual([
      { Key, VersionId: locked, Code: 'AccessDenied', Message: protectedText },
    ])
    expect(out.Deleted).toEqual([{ Key: 'free', VersionId: free }])
    const bypassed = await s3.send(
      new DeleteObjectsCommand({
        Bucket,
        BypassGovernanceRetention: true,
        Delete: { Objects: [{ Key, VersionId: locked }] },
      }),
    )
    expect(bypassed.Deleted).toEqual([{ Key, VersionId: locked }])
  })

  it('refuses the bypass header on a bucket without Object Lock, true or false', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'plain' }))
    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key, Body: 'x' }))
    const text =
      'x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.'
    for (const BypassGovernanceRetention of [true, false]) {
      const error = await refused(
        () => s3.send(new DeleteObjectCommand({ Bucket: 'plain', Key, BypassGovernanceRetention })),
        'InvalidArgument',
        text,
        400,
      )
      expect(error.ArgumentName).toBe('x-amz-bypass-governance-retention')
    }
    await refused(
      () =>
        s3.send(
          new DeleteObjectsCommand({
            Bucket: 'plain',
            BypassGovernanceRetention: true,
            Delete: { Objects: [{ Key }] },
          }),
        ),
      'InvalidArgument',
      text,
      400,
    )
  })

  it('keeps locked noncurrent versions from lifecycle expiration until their date passes', async () => {
    const locked = await put(governance(at(days(5))))
    const unlocked = await put()
    await put()
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'old',
              Status: 'Enabled',
              Filter: {},
              NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            },
          ],
        },
      }),
    )
    const ids = async () =>
      ((await s3.send(new ListObjectVersionsCommand({ Bucket }))).Versions ?? []).map(
        (v) => v.VersionId,
      )
    clock.advance(days(2))
    expect(await ids()).not.toContain(unlocked)
    expect(await ids()).toContain(locked)
    clock.advance(days(4))
    expect(await ids()).not.toContain(locked)
  })
})

describe('PutObjectRetention and GetObjectRetention', () => {
  const retain = (
    VersionId: string,
    Retention: { Mode?: 'GOVERNANCE' | 'COMPLIANCE'; RetainUntilDate?: Date },
    BypassGovernanceRetention?: boolean,
  ) =>
    s3.send(
      new PutObjectRetentionCommand({
        Bucket,
        Key,
        VersionId,
        Retention,
        ...(BypassGovernanceRetention === undefined ? {} : { BypassGovernanceRetention }),
      }),
    )
  const retentionOf = async (VersionId: string) =>
    (await s3.send(new GetObjectRetentionCommand({ Bucket, Key, VersionId }))).Retention
  const protectedText = 'Access Denied because object protected by object lock.'

  it('sets and extends retention; shortening governance needs the bypass', async () => {
    const VersionId = await put()
    await refused(
      () => retentionOf(VersionId),
      'NoSuchObjectLockConfiguration',
      'The specified object does not have a ObjectLock configuration',
      404,
    )
    expect(
      (await retain(VersionId, { Mode: 'GOVERNANCE', RetainUntilDate: at(days(2)) })).$metadata
        .httpStatusCode,
    ).toBe(200)
    await retain(VersionId, { Mode: 'GOVERNANCE', RetainUntilDate: at(days(3)) })
    expect(await retentionOf(VersionId)).toEqual({
      Mode: 'GOVERNANCE',
      RetainUntilDate: at(days(3)),
    })
    await refused(
      () => retain(VersionId, { Mode: 'GOVERNANCE', RetainUntilDate: at(days(1)) }),
      'AccessDenied',
      protectedText,
      403,
    )
    await retain(VersionId, { Mode: 'GOVERNANCE', RetainUntilDate: at(days(1)) }, true)
    expect(await retentionOf(VersionId)).toEqual({
      Mode: 'GOVERNANCE',
      RetainUntilDate: at(days(1)),
    })
    // Empty parameters with the bypass remove the retention.
    await refused(() => retain(VersionId, {}), 'AccessDenied', protectedText, 403)
    await retain(VersionId, {}, true)
    await refused(
      () => retentionOf(VersionId),
      'NoSuchObjectLockConfiguration',
      'The specified object does not have a ObjectLock configuration',
      404,
    )
  })

  it('never shortens, removes or changes compliance, bypass or not; extending it is allowed', async () => {
    const VersionId = await put(compliance(at(days(2))))
    for (const [retention, bypass] of [
      [{ Mode: 'COMPLIANCE', RetainUntilDate: at(days(1)) }, true],
      [{ Mode: 'GOVERNANCE', RetainUntilDate: at(days(9)) }, true],
      [{}, true],
    ] as const) {
      await refused(() => retain(VersionId, retention, bypass), 'AccessDenied', protectedText, 403)
    }
    await retain(VersionId, { Mode: 'COMPLIANCE', RetainUntilDate: at(days(9)) })
    expect(await retentionOf(VersionId)).toEqual({
      Mode: 'COMPLIANCE',
      RetainUntilDate: at(days(9)),
    })
  })

  it('refuses a past date, a mode alone, a delete marker and a bucket without Object Lock', async () => {
    const VersionId = await put()
    const past = await refused(
      () => retain(VersionId, { Mode: 'GOVERNANCE', RetainUntilDate: at(-1000) }),
      'InvalidArgument',
      'The retain until date must be in the future!',
      400,
    )
    expect(past.ArgumentName).toBe('RetainUntilDate')
    await refused(
      () => retain(VersionId, { Mode: 'GOVERNANCE' }),
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    )
    const marker = (await s3.send(new DeleteObjectCommand({ Bucket, Key }))).VersionId ?? ''
    const onMarker = await expectUnchanged(aws, () =>
      errorOf(retain(marker, { Mode: 'GOVERNANCE', RetainUntilDate: at(days(1)) })),
    )
    expect([onMarker.name, onMarker.$metadata.httpStatusCode]).toEqual(['MethodNotAllowed', 405])

    await s3.send(new CreateBucketCommand({ Bucket: 'plain' }))
    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key, Body: 'x' }))
    for (const call of [
      () =>
        s3.send(
          new PutObjectRetentionCommand({
            Bucket: 'plain',
            Key,
            Retention: { Mode: 'GOVERNANCE', RetainUntilDate: at(days(1)) },
          }),
        ),
      () => s3.send(new GetObjectRetentionCommand({ Bucket: 'plain', Key })),
      () =>
        s3.send(
          new PutObjectLegalHoldCommand({ Bucket: 'plain', Key, LegalHold: { Status: 'ON' } }),
        ),
      () => s3.send(new GetObjectLegalHoldCommand({ Bucket: 'plain', Key })),
    ]) {
      await refused(call, 'InvalidRequest', 'Bucket is missing Object Lock Configuration', 400)
    }
  })
})

describe('PutObjectLegalHold and GetObjectLegalHold', () => {
  it('places and removes a legal hold; a version never held has none', async () => {
    const VersionId = await put()
    await refused(
      () => s3.send(new GetObjectLegalHoldCommand({ Bucket, Key, VersionId })),
      'NoSuchObjectLockConfiguration',
      'The specified object does not have a ObjectLock configuration',
      404,
    )
    const hold = (Status: 'ON' | 'OFF') =>
      s3.send(new PutObjectLegalHoldCommand({ Bucket, Key, VersionId, LegalHold: { Status } }))
    expect((await hold('ON')).$metadata.httpStatusCode).toBe(200)
    await refused(
      () => s3.send(new DeleteObjectCommand({ Bucket, Key, VersionId })),
      'AccessDenied',
      'Access Denied because object protected by object lock.',
      403,
    )
    await hold('OFF')
    const got = await s3.send(new GetObjectLegalHoldCommand({ Bucket, Key, VersionId }))
    expect(got.LegalHold).toEqual({ Status: 'OFF' })
    expect((await s3.send(new HeadObjectCommand({ Bucket, Key }))).ObjectLockLegalHoldStatus).toBe(
      'OFF',
    )
    await refused(
      () =>
        s3.send(
          new PutObjectLegalHoldCommand({ Bucket, Key, LegalHold: { Status: 'MAYBE' as never } }),
        ),
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    )
    expect(
      (await s3.send(new DeleteObjectCommand({ Bucket, Key, VersionId }))).$metadata.httpStatusCode,
    ).toBe(204)
  })
})
