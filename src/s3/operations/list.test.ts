import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bodyOf, errorOf, s3TestWorld, type S3TestWorld } from '../../../test/support/s3-world.js'
import { createBucket, putBucketVersioning } from './buckets.js'
import { listObjects, listObjectsV2, listObjectVersions } from './list.js'
import { deleteObject, putObject } from './objects.js'

async function worldWith(keys: string[], versioned = false): Promise<S3TestWorld> {
  const w = s3TestWorld()
  createBucket({ Bucket: 'bkt' }, w.ctx())
  if (versioned) {
    putBucketVersioning({ Bucket: 'bkt', VersioningConfiguration: { Status: 'Enabled' } }, w.ctx())
  }
  for (const key of keys) {
    await putObject({ Bucket: 'bkt', Key: key, Body: bodyOf(key) }, w.ctx())
  }
  return w
}

/** Every key and prefix of a V2 listing, following continuation tokens. */
function pagedV2(w: S3TestWorld, maxKeys: number, prefix?: string, delimiter?: string): string[] {
  const seen: string[] = []
  let token: string | undefined
  for (let guard = 0; guard < 1000; guard++) {
    const page = listObjectsV2(
      {
        Bucket: 'bkt',
        MaxKeys: maxKeys,
        ...(prefix === undefined ? {} : { Prefix: prefix }),
        ...(delimiter === undefined ? {} : { Delimiter: delimiter }),
        ...(token === undefined ? {} : { ContinuationToken: token }),
      },
      w.ctx(),
    )
    expect(page.KeyCount).toBeLessThanOrEqual(maxKeys)
    // Within a page, keys and prefixes interleave in order; compare as one sorted sequence.
    const items = [
      ...(page.Contents ?? []).map((c) => c.Key),
      ...(page.CommonPrefixes ?? []).map((p) => p.Prefix),
    ].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    seen.push(...items)
    if (!page.IsTruncated) return seen
    token = page.NextContinuationToken
  }
  throw new Error('listing did not end')
}

describe('ListObjectsV2', () => {
  it('lists current keys in UTF-8 order with sizes, ETags and checksums', async () => {
    const w = await worldWith(['b', 'a', '\u{1F600}', '\uFFFD', 'gone'])
    deleteObject({ Bucket: 'bkt', Key: 'gone' }, w.ctx())
    const out = listObjectsV2({ Bucket: 'bkt' }, w.ctx())
    // U+FFFD (EF BF BD) sorts before U+1F600 (F0 …) in UTF-8, though not in UTF-16.
    expect(out.Contents?.map((c) => c.Key)).toEqual(['a', 'b', '\uFFFD', '\u{1F600}'])
    expect(out).toMatchObject({
      Name: 'bkt',
      Prefix: '',
      MaxKeys: 1000,
      IsTruncated: false,
      KeyCount: 4,
    })
    expect(out.Contents?.[0]).toEqual({
      Key: 'a',
      LastModified: new Date('2026-03-01T12:00:00.000Z'),
      ETag: '"0cc175b9c0f1b6a831c399e269772661"',
      ChecksumAlgorithm: ['CRC64NVME'],
      ChecksumType: 'FULL_OBJECT',
      Size: 1,
      StorageClass: 'STANDARD',
    })
    expect(
      listObjectsV2({ Bucket: 'bkt', FetchOwner: true }, w.ctx()).Contents?.[0]?.Owner?.ID,
    ).toMatch(/^[0-9a-f]{64}$/)
  })

  it('rolls keys up into CommonPrefixes under a delimiter', async () => {
    const w = await worldWith(['photos/2025/a.jpg', 'photos/2026/b.jpg', 'photos/c.jpg', 'readme'])
    const root = listObjectsV2({ Bucket: 'bkt', Delimiter: '/' }, w.ctx())
    expect(root.CommonPrefixes).toEqual([{ Prefix: 'photos/' }])
    expect(root.Contents?.map((c) => c.Key)).toEqual(['readme'])
    expect(root.KeyCount).toBe(2)
    const photos = listObjectsV2({ Bucket: 'bkt', Prefix: 'photos/', Delimiter: '/' }, w.ctx())
    expect(photos.CommonPrefixes).toEqual([{ Prefix: 'photos/2025/' }, { Prefix: 'photos/2026/' }])
    expect(photos.Contents?.map((c) => c.Key)).toEqual(['photos/c.jpg'])
    expect(
      listObjectsV2({ Bucket: 'bkt', StartAfter: 'photos/2026/' }, w.ctx()).Contents?.map(
        (c) => c.Key,
      ),
    ).toEqual(['photos/2026/b.jpg', 'photos/c.jpg', 'readme'])
  })

  it('pages through keys and prefixes without gaps or repeats, for any page size', async () => {
    const segment = fc.constantFrom('a', 'b', 'a/', 'b/', 'c', '/')
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('')),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(undefined, '/'),
        fc.constantFrom(undefined, 'a'),
        async (keys, maxKeys, delimiter, prefix) => {
          const w = await worldWith(keys)
          expect(pagedV2(w, maxKeys, prefix, delimiter)).toEqual(
            pagedV2(w, 1000, prefix, delimiter),
          )
        },
      ),
      { numRuns: 60 },
    )
  })

  it('url-encodes names when asked, and refuses bad tokens, encodings and max-keys', async () => {
    const w = await worldWith(['a b+c/ü.txt'])
    const out = listObjectsV2(
      { Bucket: 'bkt', EncodingType: 'url', Delimiter: '/', Prefix: 'a b' },
      w.ctx(),
    )
    expect(out).toMatchObject({
      EncodingType: 'url',
      Prefix: 'a+b',
      Delimiter: '/',
      CommonPrefixes: [{ Prefix: 'a+b%2Bc/' }],
    })
    const flat = listObjectsV2({ Bucket: 'bkt', EncodingType: 'url' }, w.ctx())
    expect(flat.Contents?.[0]?.Key).toBe('a+b%2Bc/%C3%BC.txt')
    const token = await errorOf(() =>
      listObjectsV2({ Bucket: 'bkt', ContinuationToken: 'bm9wZQ==' }, w.ctx()),
    )
    expect([token.code, token.message, token.fields.ArgumentName]).toEqual([
      'InvalidArgument',
      'The continuation token provided is incorrect',
      'continuation-token',
    ])
    const encoding = await errorOf(() =>
      listObjectsV2({ Bucket: 'bkt', EncodingType: 'base64' }, w.ctx()),
    )
    expect([encoding.code, encoding.message]).toEqual([
      'InvalidArgument',
      'Invalid Encoding Method specified in Request',
    ])
    const maxKeys = await errorOf(() => listObjectsV2({ Bucket: 'bkt', MaxKeys: -1 }, w.ctx()))
    expect(maxKeys.fields.ArgumentName).toBe('max-keys')
    expect(listObjectsV2({ Bucket: 'bkt', MaxKeys: 0 }, w.ctx())).toMatchObject({
      KeyCount: 0,
      IsTruncated: false,
    })
    expect(listObjectsV2({ Bucket: 'bkt', MaxKeys: 5000 }, w.ctx()).MaxKeys).toBe(1000)
    expect((await errorOf(() => listObjectsV2({ Bucket: 'none' }, w.ctx()))).code).toBe(
      'NoSuchBucket',
    )
  })
})

describe('ListObjects (v1)', () => {
  it('pages by Marker, gives NextMarker only with a delimiter, and always lists the owner', async () => {
    const w = await worldWith(['a', 'b', 'c/1', 'c/2', 'd'])
    const first = listObjects({ Bucket: 'bkt', MaxKeys: 2 }, w.ctx())
    expect(first.Contents?.map((c) => c.Key)).toEqual(['a', 'b'])
    expect(first).toMatchObject({ IsTruncated: true, Marker: '' })
    expect(first.NextMarker).toBeUndefined()
    expect(first.Contents?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/)
    const next = listObjects({ Bucket: 'bkt', Marker: 'b', Delimiter: '/', MaxKeys: 1 }, w.ctx())
    expect(next).toMatchObject({ CommonPrefixes: [{ Prefix: 'c/' }], NextMarker: 'c/' })
    const last = listObjects({ Bucket: 'bkt', Marker: 'c/', Delimiter: '/' }, w.ctx())
    expect(last.Contents?.map((c) => c.Key)).toEqual(['d'])
    expect(last.IsTruncated).toBe(false)
  })
})

describe('ListObjectVersions', () => {
  it('lists versions newest first with IsLatest, and delete markers apart', async () => {
    const w = await worldWith(['a', 'a', 'b'], true)
    const marker = deleteObject({ Bucket: 'bkt', Key: 'b' }, w.ctx())
    const out = listObjectVersions({ Bucket: 'bkt' }, w.ctx())
    const [a2, a1] = w.state.buckets.get('bkt')?.objects.get('a') ?? []
    expect(out.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest])).toEqual([
      ['a', a2?.versionId, true],
      ['a', a1?.versionId, false],
      ['b', expect.any(String), false],
    ])
    expect(out.DeleteMarkers).toEqual([
      {
        Key: 'b',
        VersionId: marker.VersionId,
        IsLatest: true,
        LastModified: new Date('2026-03-01T12:00:00.000Z'),
        Owner: { ID: expect.stringMatching(/^[0-9a-f]{64}$/) as string },
      },
    ])
    expect(out).toMatchObject({ IsTruncated: false, KeyMarker: '', VersionIdMarker: '' })
  })

  it('pages by key and version markers', async () => {
    const w = await worldWith(['a', 'a', 'a', 'b'], true)
    const seen: string[] = []
    let keyMarker: string | undefined
    let versionMarker: string | undefined
    for (let i = 0; i < 10; i++) {
      const page = listObjectVersions(
        {
          Bucket: 'bkt',
          MaxKeys: 2,
          ...(keyMarker === undefined ? {} : { KeyMarker: keyMarker }),
          ...(versionMarker === undefined ? {} : { VersionIdMarker: versionMarker }),
        },
        w.ctx(),
      )
      seen.push(...(page.Versions ?? []).map((v) => `${v.Key}:${v.VersionId}`))
      if (!page.IsTruncated) break
      keyMarker = page.NextKeyMarker
      versionMarker = page.NextVersionIdMarker
    }
    const all = listObjectVersions({ Bucket: 'bkt' }, w.ctx()).Versions ?? []
    expect(seen).toEqual(all.map((v) => `${v.Key}:${v.VersionId}`))
    expect(seen).toHaveLength(4)
    // KeyMarker alone skips every version of that key.
    expect(
      listObjectVersions({ Bucket: 'bkt', KeyMarker: 'a' }, w.ctx()).Versions?.map((v) => v.Key),
    ).toEqual(['b'])
    const orphan = await errorOf(() =>
      listObjectVersions({ Bucket: 'bkt', VersionIdMarker: 'null' }, w.ctx()),
    )
    expect([orphan.code, orphan.message]).toEqual([
      'InvalidArgument',
      'A version-id marker cannot be specified without a key marker.',
    ])
  })

  it('rolls versions up into CommonPrefixes', async () => {
    const w = await worldWith(['x/1', 'x/1', 'y'], true)
    const out = listObjectVersions({ Bucket: 'bkt', Delimiter: '/' }, w.ctx())
    expect(out.CommonPrefixes).toEqual([{ Prefix: 'x/' }])
    expect(out.Versions?.map((v) => v.Key)).toEqual(['y'])
  })
})
