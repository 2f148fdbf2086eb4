import { describe, expect, it } from 'vitest'
import { errorOf, expectFailsUnchanged, s3TestWorld } from '../../../test/support/s3-world.js'
import {
  deleteBucketEncryption,
  getBucketEncryption,
  putBucketEncryption,
} from './bucket-encryption.js'
import {
  createBucket,
  deleteBucket,
  getBucketLocation,
  getBucketVersioning,
  headBucket,
  listBuckets,
  putBucketVersioning,
} from './buckets.js'
import { deleteObject, putObject } from './objects.js'
import { bodyOf } from '../../../test/support/s3-world.js'

describe('CreateBucket', () => {
  it('creates a bucket in the endpoint region and notes it for the audit event', () => {
    const world = s3TestWorld()
    const ctx = world.ctx()
    expect(createBucket({ Bucket: 'bucket-1' }, ctx)).toEqual({ Location: '/bucket-1' })
    expect(ctx.notes.resources).toEqual([
      { ARN: 'arn:aws:s3:::bucket-1', accountId: '123456789012', type: 'AWS::S3::Bucket' },
    ])
    expect(ctx.notes.requestParameters).toEqual({ bucketName: 'bucket-1' })
    expect(headBucket({ Bucket: 'bucket-1' }, world.ctx())).toEqual({
      BucketRegion: 'us-east-1',
      AccessPointAlias: false,
    })
    expect(getBucketLocation({ Bucket: 'bucket-1' }, world.ctx())).toEqual({})
  })

  it('applies the naming rules', async () => {
    const world = s3TestWorld()
    for (const name of ['my.bucket-1', 'abc', 'a'.repeat(63), '1bucket']) {
      expect(() => createBucket({ Bucket: name }, world.ctx())).not.toThrow()
    }
    const bad = [
      'ab',
      'a'.repeat(64),
      'Upper',
      'under_score',
      'a..b',
      'a.-b',
      'a-.b',
      '-ab',
      'ab-',
      '.ab',
      '192.168.1.1',
      'xn--abc',
      'sthree-abc',
      'amzn-s3-demo-x',
      'abc-s3alias',
      'abc--ol-s3',
      'abc.mrap',
      'abc--x-s3',
      'abc--table-s3',
    ]
    for (const name of bad) {
      const error = await expectFailsUnchanged(world, () =>
        createBucket({ Bucket: name }, world.ctx()),
      )
      expect([error.code, error.status, error.message, error.fields]).toEqual([
        'InvalidBucketName',
        400,
        'The specified bucket is not valid.',
        { BucketName: name },
      ])
    }
  })

  it('places buckets by LocationConstraint as the us-east-1 and regional endpoints allow', async () => {
    const world = s3TestWorld()
    expect(
      createBucket(
        { Bucket: 'in-ireland', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } },
        world.ctx(),
      ),
    ).toEqual({ Location: 'http://in-ireland.s3.amazonaws.com/' })
    expect(headBucket({ Bucket: 'in-ireland' }, world.ctx()).BucketRegion).toBe('eu-west-1')
    createBucket(
      { Bucket: 'legacy-eu', CreateBucketConfiguration: { LocationConstraint: 'EU' } },
      world.ctx(),
    )
    expect(getBucketLocation({ Bucket: 'legacy-eu' }, world.ctx())).toEqual({
      LocationConstraint: 'EU',
    })
    expect(headBucket({ Bucket: 'legacy-eu' }, world.ctx()).BucketRegion).toBe('eu-west-1')
    createBucket(
      { Bucket: 'oregon', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } },
      world.ctx({ region: 'us-west-2' }),
    )
    expect(getBucketLocation({ Bucket: 'oregon' }, world.ctx())).toEqual({
      LocationConstraint: 'us-west-2',
    })

    for (const constraint of ['us-east-1', 'moon-base-1x']) {
      const error = await expectFailsUnchanged(world, () =>
        createBucket(
          { Bucket: 'nope', CreateBucketConfiguration: { LocationConstraint: constraint } },
          world.ctx(),
        ),
      )
      expect([error.code, error.message, error.fields]).toEqual([
        'InvalidLocationConstraint',
        'The specified location-constraint is not valid',
        { LocationConstraint: constraint },
      ])
    }
    const unspecified = await expectFailsUnchanged(world, () =>
      createBucket({ Bucket: 'nope' }, world.ctx({ region: 'eu-west-1' })),
    )
    expect([unspecified.code, unspecified.status, unspecified.message]).toEqual([
      'IllegalLocationConstraintException',
      400,
      'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
    ])
    const other = await errorOf(() =>
      createBucket(
        { Bucket: 'nope', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } },
        world.ctx({ region: 'eu-west-1' }),
      ),
    )
    expect(other.message).toBe(
      'The us-west-2 location constraint is incompatible for the region specific endpoint this request was sent to.',
    )
  })

  it('answers 200 to re-creating an owned us-east-1 bucket there, BucketAlreadyOwnedByYou elsewhere', async () => {
    const world = s3TestWorld()
    createBucket({ Bucket: 'mine' }, world.ctx())
    await putObject({ Bucket: 'mine', Key: 'k', Body: bodyOf('x') }, world.ctx())
    const before = world.snapshot()
    expect(createBucket({ Bucket: 'mine' }, world.ctx())).toEqual({ Location: '/mine' })
    expect(world.snapshot()).toBe(before)

    createBucket(
      { Bucket: 'in-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } },
      world.ctx({ region: 'eu-west-1' }),
    )
    for (const ctx of [world.ctx(), world.ctx({ region: 'eu-west-1' })]) {
      const error = await expectFailsUnchanged(world, () =>
        createBucket(
          { Bucket: 'in-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } },
          ctx,
        ),
      )
      expect([error.code, error.status, error.message, error.fields]).toEqual([
        'BucketAlreadyOwnedByYou',
        409,
        'Your previous request to create the named bucket succeeded and you already own it.',
        { BucketName: 'in-eu' },
      ])
    }
  })
})

describe('DeleteBucket, HeadBucket, ListBuckets', () => {
  it('refuses to delete a bucket with objects or delete markers, and NoSuchBucket after', async () => {
    const world = s3TestWorld()
    createBucket({ Bucket: 'bkt1' }, world.ctx())
    putBucketVersioning(
      { Bucket: 'bkt1', VersioningConfiguration: { Status: 'Enabled' } },
      world.ctx(),
    )
    await putObject({ Bucket: 'bkt1', Key: 'k', Body: bodyOf('x') }, world.ctx())
    const notEmpty = await expectFailsUnchanged(world, () =>
      deleteBucket({ Bucket: 'bkt1' }, world.ctx()),
    )
    expect([notEmpty.code, notEmpty.status, notEmpty.message]).toEqual([
      'BucketNotEmpty',
      409,
      'The bucket you tried to delete is not empty',
    ])
    // Deleting the key leaves the version and a delete marker: still not empty.
    deleteObject({ Bucket: 'bkt1', Key: 'k' }, world.ctx())
    expect((await errorOf(() => deleteBucket({ Bucket: 'bkt1' }, world.ctx()))).code).toBe(
      'BucketNotEmpty',
    )
    for (const v of [...(world.state.buckets.get('bkt1')?.objects.get('k') ?? [])]) {
      deleteObject({ Bucket: 'bkt1', Key: 'k', VersionId: v.versionId }, world.ctx())
    }
    expect(deleteBucket({ Bucket: 'bkt1' }, world.ctx())).toEqual({})
    const gone = await errorOf(() => headBucket({ Bucket: 'bkt1' }, world.ctx()))
    expect([gone.code, gone.status, gone.message, gone.fields]).toEqual([
      'NoSuchBucket',
      404,
      'The specified bucket does not exist',
      { BucketName: 'bkt1' },
    ])
    expect((await errorOf(() => deleteBucket({ Bucket: 'bkt1' }, world.ctx()))).code).toBe(
      'NoSuchBucket',
    )
  })

  it('lists buckets by name with prefix, region filter and pages', () => {
    const world = s3TestWorld()
    for (const name of ['charlie', 'alpha', 'bravo', 'alpine']) {
      createBucket({ Bucket: name }, world.ctx())
    }
    createBucket(
      { Bucket: 'delta', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } },
      world.ctx(),
    )
    const all = listBuckets({}, world.ctx())
    expect(all.Buckets.map((b) => b.Name)).toEqual(['alpha', 'alpine', 'bravo', 'charlie', 'delta'])
    expect(all.Owner.ID).toMatch(/^[0-9a-f]{64}$/)
    expect(all.Buckets[0]).toEqual({
      Name: 'alpha',
      CreationDate: new Date('2026-03-01T12:00:00.000Z'),
      BucketRegion: 'us-east-1',
    })
    expect(listBuckets({ Prefix: 'al' }, world.ctx()).Buckets.map((b) => b.Name)).toEqual([
      'alpha',
      'alpine',
    ])
    expect(
      listBuckets({ BucketRegion: 'eu-west-1' }, world.ctx()).Buckets.map((b) => b.Name),
    ).toEqual(['delta'])
    const first = listBuckets({ MaxBuckets: 2 }, world.ctx())
    expect(first.Buckets.map((b) => b.Name)).toEqual(['alpha', 'alpine'])
    expect(first.ContinuationToken).toBe('alpine')
    const second = listBuckets({ MaxBuckets: 3, ContinuationToken: 'alpine' }, world.ctx())
    expect(second.Buckets.map((b) => b.Name)).toEqual(['bravo', 'charlie', 'delta'])
    expect(second.ContinuationToken).toBeUndefined()
  })
})

describe('bucket versioning', () => {
  it('reports nothing until set, then Enabled or Suspended', async () => {
    const world = s3TestWorld()
    createBucket({ Bucket: 'ver' }, world.ctx())
    expect(getBucketVersioning({ Bucket: 'ver' }, world.ctx())).toEqual({})
    putBucketVersioning(
      { Bucket: 'ver', VersioningConfiguration: { Status: 'Enabled' } },
      world.ctx(),
    )
    expect(getBucketVersioning({ Bucket: 'ver' }, world.ctx())).toEqual({ Status: 'Enabled' })
    putBucketVersioning(
      { Bucket: 'ver', VersioningConfiguration: { Status: 'Suspended' } },
      world.ctx(),
    )
    expect(getBucketVersioning({ Bucket: 'ver' }, world.ctx())).toEqual({ Status: 'Suspended' })
    const bad = await expectFailsUnchanged(world, () =>
      putBucketVersioning(
        { Bucket: 'ver', VersioningConfiguration: { Status: 'On' } },
        world.ctx(),
      ),
    )
    expect(bad.code).toBe('MalformedXML')
    const mfa = await expectFailsUnchanged(world, () =>
      putBucketVersioning(
        { Bucket: 'ver', VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' } },
        world.ctx(),
      ),
    )
    expect([mfa.code, mfa.status]).toEqual(['NotImplemented', 501])
  })
})

describe('bucket default encryption', () => {
  it('starts as SSE-S3 with SSE-C blocked, unless the world models older buckets', () => {
    const world = s3TestWorld()
    createBucket({ Bucket: 'new' }, world.ctx())
    expect(getBucketEncryption({ Bucket: 'new' }, world.ctx())).toEqual({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
            BucketKeyEnabled: false,
            BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
          },
        ],
      },
    })
    createBucket({ Bucket: 'old' }, world.ctx({ blockSseCOnNewBuckets: false }))
    expect(getBucketEncryption({ Bucket: 'old' }, world.ctx())).toEqual({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
            BucketKeyEnabled: false,
          },
        ],
      },
    })
  })

  it('stores a KMS default, keeps the SSE-C block unless NONE is given, and resets on delete', () => {
    const world = s3TestWorld()
    createBucket({ Bucket: 'bkt' }, world.ctx())
    putBucketEncryption(
      {
        Bucket: 'bkt',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: 'arn:aws:kms:us-east-1:123456789012:key/not-checked',
              },
              BucketKeyEnabled: true,
            },
          ],
        },
      },
      world.ctx(),
    )
    expect(getBucketEncryption({ Bucket: 'bkt' }, world.ctx())).toEqual({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: 'arn:aws:kms:us-east-1:123456789012:key/not-checked',
            },
            BucketKeyEnabled: true,
            BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
          },
        ],
      },
    })
    putBucketEncryption(
      {
        Bucket: 'bkt',
        ServerSideEncryptionConfiguration: {
          Rules: [{ BlockedEncryptionTypes: { EncryptionType: ['NONE'] } }],
        },
      },
      world.ctx(),
    )
    const rule = getBucketEncryption({ Bucket: 'bkt' }, world.ctx())
      .ServerSideEncryptionConfiguration.Rules[0]
    expect(rule).toEqual({
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
      BucketKeyEnabled: false,
      BlockedEncryptionTypes: { EncryptionType: ['NONE'] },
    })
    deleteBucketEncryption({ Bucket: 'bkt' }, world.ctx())
    expect(
      getBucketEncryption({ Bucket: 'bkt' }, world.ctx()).ServerSideEncryptionConfiguration.Rules,
    ).toEqual([
      {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
        BucketKeyEnabled: false,
        BlockedEncryptionTypes: { EncryptionType: ['NONE'] },
      },
    ])
  })

  it('refuses a KMS key with AES256, unknown algorithms and rule counts other than one', async () => {
    const world = s3TestWorld()
    createBucket({ Bucket: 'bkt' }, world.ctx())
    const put = (
      Rules: Parameters<
        typeof putBucketEncryption
      >[0]['ServerSideEncryptionConfiguration']['Rules'],
    ) =>
      putBucketEncryption(
        { Bucket: 'bkt', ServerSideEncryptionConfiguration: { Rules } },
        world.ctx(),
      )
    const withKey = await expectFailsUnchanged(world, () =>
      put([
        { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: 'k' } },
      ]),
    )
    expect([withKey.code, withKey.status, withKey.message, withKey.fields]).toEqual([
      'InvalidArgument',
      400,
      'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
      { ArgumentName: 'ApplyServerSideEncryptionByDefault' },
    ])
    for (const rules of [
      [],
      [{}, {}],
      [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aes256' } }],
      [{ BlockedEncryptionTypes: { EncryptionType: ['SSE-KMS'] } }],
    ]) {
      expect((await expectFailsUnchanged(world, () => put(rules))).code).toBe('MalformedXML')
    }
    expect((await errorOf(() => getBucketEncryption({ Bucket: 'none' }, world.ctx()))).code).toBe(
      'NoSuchBucket',
    )
  })
})
