import { describe, expect, it } from 'vitest'
import { Secret } from '../../core/secret.js'
import { bodyOf, errorOf, s3TestWorld } from '../../../test/support/s3-world.js'
import { ObjectBody, writeBlob } from '../blob-store.js'
import type { ObjectVersion, PartLayout } from '../object-version.js'
import { getObjectAttributes } from './attributes.js'
import { createBucket } from './buckets.js'

/** A multipart object of `count` parts, placed directly in the bucket (multipart has its own tests). */
async function multipartWorld(count: number, withChecksums: boolean) {
  const world = s3TestWorld()
  createBucket({ Bucket: 'bkt' }, world.ctx())
  const key = new Secret(world.random.bytes(32))
  const blobs = []
  const parts: PartLayout[] = []
  for (let n = 1; n <= count; n++) {
    blobs.push(await writeBlob(bodyOf(`part ${n}`), { key, random: world.random }))
    parts.push({
      partNumber: n,
      size: `part ${n}`.length,
      eTag: `"e${n}"`,
      ...(withChecksums
        ? { checksum: { algorithm: 'CRC32', value: `c${n}==`, type: 'FULL_OBJECT' } }
        : {}),
    })
  }
  const version: ObjectVersion = {
    kind: 'object',
    key: 'big',
    versionId: 'null',
    lastModified: world.clock.now(),
    size: parts.reduce((s, p) => s + p.size, 0),
    eTag: `"abc-${count}"`,
    contentHeaders: {},
    metadata: {},
    checksum: { algorithm: 'CRC32', value: `whole-${count}`, type: 'COMPOSITE' },
    parts,
    storageClass: 'STANDARD',
    encryption: { kind: 'SSE-S3', wrappedDataKey: new Uint8Array(60) },
    body: new ObjectBody(blobs),
  }
  world.state.buckets.get('bkt')!.objects.set('big', [version])
  return world
}

const ask = (extra: { MaxParts?: number; PartNumberMarker?: number } = {}) => ({
  Bucket: 'bkt',
  Key: 'big',
  ObjectAttributes: ['ObjectParts', 'ETag', 'Checksum'],
  ...extra,
})

describe('GetObjectAttributes ObjectParts', () => {
  it('pages through the parts with max-parts and part-number-marker', async () => {
    const world = await multipartWorld(5, true)
    const first = getObjectAttributes(ask({ MaxParts: 2 }), world.ctx())
    expect(first.ETag).toBe('abc-5')
    expect(first.Checksum).toEqual({ ChecksumCRC32: 'whole-5', ChecksumType: 'COMPOSITE' })
    expect(first.ObjectParts).toEqual({
      TotalPartsCount: 5,
      PartNumberMarker: 0,
      NextPartNumberMarker: 2,
      MaxParts: 2,
      IsTruncated: true,
      Parts: [
        { PartNumber: 1, Size: 6, ChecksumCRC32: 'c1==' },
        { PartNumber: 2, Size: 6, ChecksumCRC32: 'c2==' },
      ],
    })
    const last = getObjectAttributes(ask({ MaxParts: 2, PartNumberMarker: 4 }), world.ctx())
    expect(last.ObjectParts).toMatchObject({
      PartNumberMarker: 4,
      NextPartNumberMarker: 5,
      IsTruncated: false,
      Parts: [{ PartNumber: 5 }],
    })
  })

  it('defaults to 1000 parts per page and never lists more', async () => {
    const world = await multipartWorld(3, true)
    expect(getObjectAttributes(ask(), world.ctx()).ObjectParts?.MaxParts).toBe(1000)
    expect(getObjectAttributes(ask({ MaxParts: 5000 }), world.ctx()).ObjectParts?.MaxParts).toBe(
      1000,
    )
  })

  it('gives only the count when the parts carry no additional checksum', async () => {
    const world = await multipartWorld(3, false)
    const parts = getObjectAttributes(ask(), world.ctx()).ObjectParts
    expect(parts?.TotalPartsCount).toBe(3)
    expect(parts?.Parts).toBeUndefined()
  })

  it('refuses an empty attribute list', async () => {
    const world = await multipartWorld(1, true)
    const err = await errorOf(() =>
      getObjectAttributes({ Bucket: 'bkt', Key: 'big', ObjectAttributes: [] }, world.ctx()),
    )
    expect(err.code).toBe('InvalidArgument')
    expect(err.fields).toEqual({ ArgumentName: 'x-amz-object-attributes', ArgumentValue: '' })
  })
})
