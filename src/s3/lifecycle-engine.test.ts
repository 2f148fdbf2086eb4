import { describe, expect, it } from 'vitest'
import {
  bodyOf,
  errorOf,
  expectFailsUnchanged,
  s3TestWorld,
  type S3TestWorld,
} from '../../test/support/s3-world.js'
import type { LifecycleRule } from './lifecycle.js'
import { dueAfter, expirationHeader, expirationOf, sweepLifecycle } from './lifecycle-engine.js'
import { createBucket, putBucketVersioning } from './operations/buckets.js'
import {
  deleteBucketLifecycle,
  getBucketLifecycleConfiguration,
  putBucketLifecycleConfiguration,
} from './operations/lifecycle.js'
import { createMultipartUpload } from './operations/multipart.js'
import { deleteObject, putObject } from './operations/objects.js'

const DAY = 86_400_000
const Bucket = 'life'

function world(versioning?: 'Enabled' | 'Suspended'): S3TestWorld {
  const w = s3TestWorld()
  createBucket({ Bucket }, w.ctx())
  if (versioning !== undefined) {
    putBucketVersioning({ Bucket, VersioningConfiguration: { Status: versioning } }, w.ctx())
  }
  return w
}
const rules = (w: S3TestWorld, ...Rules: LifecycleRule[]) =>
  putBucketLifecycleConfiguration({ Bucket, LifecycleConfiguration: { Rules } }, w.ctx())
const put = (w: S3TestWorld, Key: string, Tagging?: string) =>
  putObject({ Bucket, Key, Body: bodyOf('x'), ...(Tagging ? { Tagging } : {}) }, w.ctx())
const advance = (w: S3TestWorld, days: number) => {
  w.clock.advance(days * DAY)
  sweepLifecycle(w.state, w.clock.now(), w.random)
}
const entries = (w: S3TestWorld, key: string) =>
  (w.state.buckets.get(Bucket)?.objects.get(key) ?? []).map((e) => e.kind)

describe('due dates', () => {
  it('round up to the next midnight UTC (user guide: 1/15 10:30 + 3 days = 1/19 00:00)', () => {
    expect(dueAfter(new Date('2014-01-15T10:30:00Z'), 3)).toEqual(new Date('2014-01-19T00:00:00Z'))
    expect(dueAfter(new Date('2014-01-15T00:00:00Z'), 1)).toEqual(new Date('2014-01-16T00:00:00Z'))
  })
})

describe('expiration', () => {
  it('removes matching objects of an unversioned bucket once due, and only those', async () => {
    const w = world()
    rules(w, {
      ID: 'logs',
      Status: 'Enabled',
      Filter: { Prefix: 'logs/' },
      Expiration: { Days: 30 },
    })
    await put(w, 'logs/a')
    await put(w, 'keep/b')
    const version = w.state.buckets.get(Bucket)?.objects.get('logs/a')?.[0]
    if (version?.kind !== 'object') throw new Error('no version')
    const exp = expirationOf(w.state.buckets.get(Bucket)?.lifecycle?.rules, version)
    // Written 2026-03-01T12:00Z: 30 days later, rounded up to midnight.
    expect(exp && expirationHeader(exp)).toBe(
      'expiry-date="Wed, 01 Apr 2026 00:00:00 GMT", rule-id="logs"',
    )
    advance(w, 30) // 2026-03-31T12:00Z: not yet
    expect(entries(w, 'logs/a')).toEqual(['object'])
    advance(w, 1)
    expect(entries(w, 'logs/a')).toEqual([])
    expect(entries(w, 'keep/b')).toEqual(['object'])
  })

  it('adds a delete marker in a versioned bucket, then NoncurrentVersionExpiration removes the version', async () => {
    const w = world('Enabled')
    rules(w, {
      ID: 'r',
      Status: 'Enabled',
      Filter: {},
      Expiration: { Days: 1 },
      NoncurrentVersionExpiration: { NoncurrentDays: 2 },
    })
    await put(w, 'k')
    advance(w, 1) // written at noon: due at the second midnight
    expect(entries(w, 'k')).toEqual(['object'])
    advance(w, 1)
    expect(entries(w, 'k')).toEqual(['deleteMarker', 'object'])
    advance(w, 2)
    // The marker is now alone: the Days rule removes expired markers too.
    expect(entries(w, 'k')).toEqual([])
  })

  it('follows tags: a tag filter selects only objects carrying the tag', async () => {
    const w = world()
    rules(w, {
      ID: 't',
      Status: 'Enabled',
      Filter: { Tag: { Key: 'tmp', Value: 'yes' } },
      Expiration: { Days: 1 },
    })
    await put(w, 'a', 'tmp=yes&other=1')
    await put(w, 'b', 'tmp=no')
    advance(w, 2)
    expect(entries(w, 'a')).toEqual([])
    expect(entries(w, 'b')).toEqual(['object'])
  })

  it('keeps NewerNoncurrentVersions noncurrent versions', async () => {
    const w = world('Enabled')
    rules(w, {
      ID: 'n',
      Status: 'Enabled',
      Filter: { Prefix: '' },
      NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 2 },
    })
    for (let i = 0; i < 5; i++) await put(w, 'k')
    advance(w, 2)
    expect(entries(w, 'k')).toEqual(['object', 'object', 'object'])
  })

  it('removes a lone delete marker with ExpiredObjectDeleteMarker', async () => {
    const w = world('Enabled')
    await put(w, 'k')
    const v = w.state.buckets.get(Bucket)?.objects.get('k')?.[0]?.versionId ?? ''
    deleteObject({ Bucket, Key: 'k' }, w.ctx())
    deleteObject({ Bucket, Key: 'k', VersionId: v }, w.ctx())
    rules(w, {
      ID: 'm',
      Status: 'Enabled',
      Filter: {},
      Expiration: { ExpiredObjectDeleteMarker: true },
    })
    advance(w, 1)
    expect(entries(w, 'k')).toEqual([])
  })

  it('does nothing for disabled rules', async () => {
    const w = world()
    rules(w, { ID: 'd', Status: 'Disabled', Filter: {}, Expiration: { Days: 1 } })
    await put(w, 'k')
    advance(w, 5)
    expect(entries(w, 'k')).toEqual(['object'])
  })
})

describe('AbortIncompleteMultipartUpload', () => {
  it('aborts uploads under the prefix once stale', async () => {
    const w = world()
    rules(w, {
      ID: 'mpu',
      Status: 'Enabled',
      Filter: { Prefix: 'up/' },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    })
    const a = await createMultipartUpload({ Bucket, Key: 'up/a' }, w.ctx())
    const b = await createMultipartUpload({ Bucket, Key: 'other' }, w.ctx())
    advance(w, 7)
    expect(w.state.uploads.has(a.UploadId)).toBe(true)
    advance(w, 1)
    expect(w.state.uploads.has(a.UploadId)).toBe(false)
    expect(w.state.uploads.has(b.UploadId)).toBe(true)
  })
})

describe('configuration', () => {
  it('stores rules with generated IDs, returns them, deletes them', async () => {
    const w = world()
    rules(w, { Status: 'Enabled', Filter: { Prefix: 'a/' }, Expiration: { Days: 3 } })
    const got = getBucketLifecycleConfiguration({ Bucket }, w.ctx())
    expect(got.TransitionDefaultMinimumObjectSize).toBe('all_storage_classes_128K')
    expect(got.Rules[0]?.ID).toMatch(/^[A-Za-z0-9+/]{48}$/)
    deleteBucketLifecycle({ Bucket }, w.ctx())
    await expect(
      errorOf(() => getBucketLifecycleConfiguration({ Bucket }, w.ctx())),
    ).resolves.toMatchObject({
      code: 'NoSuchLifecycleConfiguration',
      status: 404,
    })
  })

  it.each<[string, LifecycleRule[], string, string]>([
    ['no rules', [], 'MalformedXML', ''],
    [
      'a bad status',
      [{ Status: 'enabled', Filter: {}, Expiration: { Days: 1 } }],
      'MalformedXML',
      '',
    ],
    [
      'no action',
      [{ Status: 'Enabled', Filter: {} }],
      'InvalidRequest',
      'At least one action needs to be specified in a rule',
    ],
    [
      'Days 0',
      [{ Status: 'Enabled', Filter: {}, Expiration: { Days: 0 } }],
      'InvalidArgument',
      "'Days' for Expiration action must be a positive integer",
    ],
    [
      'a date off midnight',
      [{ Status: 'Enabled', Filter: {}, Expiration: { Date: new Date('2027-01-01T01:00:00Z') } }],
      'InvalidArgument',
      "'Date' must be at midnight GMT",
    ],
    [
      'a marker with Days',
      [{ Status: 'Enabled', Filter: {}, Expiration: { Days: 1, ExpiredObjectDeleteMarker: true } }],
      'MalformedXML',
      '',
    ],
    [
      'abort with tags',
      [
        {
          Status: 'Enabled',
          Filter: { Tag: { Key: 'a', Value: 'b' } },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
      'InvalidRequest',
      'AbortIncompleteMultipartUpload cannot be specified with Tags.',
    ],
    [
      'two predicates in a filter',
      [
        {
          Status: 'Enabled',
          Filter: { Prefix: 'a', ObjectSizeGreaterThan: 1 },
          Expiration: { Days: 1 },
        },
      ],
      'MalformedXML',
      '',
    ],
    [
      'duplicate IDs',
      [
        { ID: 'x', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } },
        { ID: 'x', Status: 'Enabled', Filter: {}, Expiration: { Days: 2 } },
      ],
      'InvalidArgument',
      'Rule ID must be unique. Found same ID for more than one rule',
    ],
    [
      'IA before 30 days',
      [{ Status: 'Enabled', Filter: {}, Transitions: [{ Days: 29, StorageClass: 'STANDARD_IA' }] }],
      'InvalidArgument',
      "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'",
    ],
    [
      'a size range upside down',
      [
        {
          Status: 'Enabled',
          Filter: { And: { ObjectSizeGreaterThan: 10, ObjectSizeLessThan: 10 } },
          Expiration: { Days: 1 },
        },
      ],
      'InvalidRequest',
      "'ObjectSizeLessThan' has to be a value greater than 'ObjectSizeGreaterThan'.",
    ],
  ])('refuses %s, changing nothing', async (_name, Rules, code, message) => {
    const w = world()
    rules(w, { ID: 'kept', Status: 'Enabled', Filter: {}, Expiration: { Days: 9 } })
    const error = await expectFailsUnchanged(w, () => rules(w, ...Rules))
    expect(error.code).toBe(code)
    if (message !== '') expect(error.message).toBe(message)
  })
})
