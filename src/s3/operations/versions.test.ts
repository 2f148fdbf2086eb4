import { describe, expect, it } from 'vitest'
import {
  bodyOf,
  errorOf,
  expectFailsUnchanged,
  readText,
  s3TestWorld,
  type S3TestWorld,
} from '../../../test/support/s3-world.js'
import { createBucket, putBucketVersioning } from './buckets.js'
import { deleteObject, deleteObjects, getObject, headObject, putObject } from './objects.js'

function world(status?: 'Enabled' | 'Suspended'): S3TestWorld {
  const w = s3TestWorld()
  createBucket({ Bucket: 'bkt' }, w.ctx())
  if (status !== undefined) {
    putBucketVersioning({ Bucket: 'bkt', VersioningConfiguration: { Status: status } }, w.ctx())
  }
  return w
}

const put = (w: S3TestWorld, key: string, data: string) =>
  putObject({ Bucket: 'bkt', Key: key, Body: bodyOf(data) }, w.ctx())
const text = async (w: S3TestWorld, key: string, VersionId?: string) =>
  readText(
    (
      await getObject(
        { Bucket: 'bkt', Key: key, ...(VersionId === undefined ? {} : { VersionId }) },
        w.ctx(),
      )
    ).Body,
  )

describe('without versioning', () => {
  it('keeps one null version, reports no VersionId, and deletes for good', async () => {
    const w = world()
    expect((await put(w, 'k', 'one')).VersionId).toBeUndefined()
    await put(w, 'k', 'two')
    expect(await text(w, 'k')).toBe('two')
    expect(await text(w, 'k', 'null')).toBe('two')
    expect((await headObject({ Bucket: 'bkt', Key: 'k' }, w.ctx())).VersionId).toBeUndefined()
    expect(deleteObject({ Bucket: 'bkt', Key: 'k' }, w.ctx())).toEqual({})
    expect(w.state.buckets.get('bkt')?.objects.size).toBe(0)
    const gone = await errorOf(() => getObject({ Bucket: 'bkt', Key: 'k' }, w.ctx()))
    expect([gone.code, gone.status, gone.message, gone.fields, gone.headers]).toEqual([
      'NoSuchKey',
      404,
      'The specified key does not exist.',
      { Key: 'k' },
      {},
    ])
    // Deleting what is not there succeeds.
    expect(deleteObject({ Bucket: 'bkt', Key: 'never' }, w.ctx())).toEqual({})
  })
})

describe('with versioning enabled', () => {
  it('keeps every version and reads any of them', async () => {
    const w = world('Enabled')
    const one = await put(w, 'k', 'one')
    const two = await put(w, 'k', 'two')
    expect(one.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/)
    expect(two.VersionId).not.toBe(one.VersionId)
    expect(await text(w, 'k')).toBe('two')
    expect(await text(w, 'k', one.VersionId)).toBe('one')
    const head = await headObject(
      { Bucket: 'bkt', Key: 'k', VersionId: one.VersionId ?? '' },
      w.ctx(),
    )
    expect(head.VersionId).toBe(one.VersionId)
  })

  it('hides a key behind a delete marker, answers 405 on the marker, and restores when it goes', async () => {
    const w = world('Enabled')
    const one = await put(w, 'k', 'one')
    const marker = deleteObject({ Bucket: 'bkt', Key: 'k' }, w.ctx())
    expect(marker.DeleteMarker).toBe(true)
    expect(marker.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/)
    const hidden = await errorOf(() => getObject({ Bucket: 'bkt', Key: 'k' }, w.ctx()))
    expect([hidden.code, hidden.status, hidden.headers]).toEqual([
      'NoSuchKey',
      404,
      { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.VersionId },
    ])
    for (const [op, method] of [
      [getObject, 'GET'],
      [headObject, 'HEAD'],
    ] as const) {
      const onMarker = await errorOf(() =>
        op({ Bucket: 'bkt', Key: 'k', VersionId: marker.VersionId ?? '' }, w.ctx()),
      )
      expect([onMarker.code, onMarker.status, onMarker.fields, onMarker.headers]).toEqual([
        'MethodNotAllowed',
        405,
        { Method: method, ResourceType: 'DeleteMarker' },
        {
          'x-amz-delete-marker': 'true',
          'x-amz-version-id': marker.VersionId,
          'Last-Modified': 'Sun, 01 Mar 2026 12:00:00 GMT',
          Allow: 'DELETE',
        },
      ])
    }
    expect(await text(w, 'k', one.VersionId)).toBe('one')
    expect(
      deleteObject({ Bucket: 'bkt', Key: 'k', VersionId: marker.VersionId ?? '' }, w.ctx()),
    ).toEqual({ VersionId: marker.VersionId, DeleteMarker: true })
    expect(await text(w, 'k')).toBe('one')
    expect(
      deleteObject({ Bucket: 'bkt', Key: 'k', VersionId: one.VersionId ?? '' }, w.ctx()),
    ).toEqual({ VersionId: one.VersionId })
    expect(w.state.buckets.get('bkt')?.objects.has('k')).toBe(false)
  })

  it('refuses malformed version ids and reports missing ones', async () => {
    const w = world('Enabled')
    await put(w, 'k', 'one')
    const malformed = await expectFailsUnchanged(w, () =>
      getObject({ Bucket: 'bkt', Key: 'k', VersionId: 'not-a-version' }, w.ctx()),
    )
    expect([malformed.code, malformed.message, malformed.fields]).toEqual([
      'InvalidArgument',
      'Invalid version id specified',
      { ArgumentName: 'versionId', ArgumentValue: 'not-a-version' },
    ])
    expect(
      (
        await expectFailsUnchanged(w, () =>
          deleteObject({ Bucket: 'bkt', Key: 'k', VersionId: 'bad' }, w.ctx()),
        )
      ).code,
    ).toBe('InvalidArgument')
    const missing = 'A'.repeat(32)
    const noVersion = await errorOf(() =>
      getObject({ Bucket: 'bkt', Key: 'k', VersionId: missing }, w.ctx()),
    )
    expect([noVersion.code, noVersion.status, noVersion.fields]).toEqual([
      'NoSuchVersion',
      404,
      { Key: 'k', VersionId: missing },
    ])
    // Deleting a version that is not there succeeds and changes nothing.
    const before = w.snapshot()
    expect(deleteObject({ Bucket: 'bkt', Key: 'k', VersionId: missing }, w.ctx())).toEqual({
      VersionId: missing,
    })
    expect(w.snapshot()).toBe(before)
  })
})

describe('with versioning suspended', () => {
  it('writes null versions over the null version only, and null delete markers', async () => {
    const w = world('Enabled')
    const kept = await put(w, 'k', 'versioned')
    putBucketVersioning(
      { Bucket: 'bkt', VersioningConfiguration: { Status: 'Suspended' } },
      w.ctx(),
    )
    expect((await put(w, 'k', 'null one')).VersionId).toBe('null')
    expect((await put(w, 'k', 'null two')).VersionId).toBe('null')
    const versions = w.state.buckets.get('bkt')?.objects.get('k') ?? []
    expect(versions.map((v) => v.versionId)).toEqual(['null', kept.VersionId])
    expect(await text(w, 'k')).toBe('null two')
    expect(deleteObject({ Bucket: 'bkt', Key: 'k' }, w.ctx())).toEqual({
      DeleteMarker: true,
      VersionId: 'null',
    })
    const after = w.state.buckets.get('bkt')?.objects.get('k') ?? []
    expect(after.map((v) => [v.kind, v.versionId])).toEqual([
      ['deleteMarker', 'null'],
      ['object', kept.VersionId],
    ])
    expect(await text(w, 'k', kept.VersionId)).toBe('versioned')
  })
})

describe('DeleteObjects', () => {
  it('deletes many keys, reports each, and stays quiet when asked', async () => {
    const w = world('Enabled')
    const a = await put(w, 'a', '1')
    await put(w, 'b', '2')
    const out = deleteObjects(
      {
        Bucket: 'bkt',
        Delete: {
          Objects: [
            { Key: 'a', VersionId: a.VersionId ?? '' },
            { Key: 'b' },
            { Key: 'c', VersionId: 'nonsense' },
            { Key: 'missing' },
          ],
        },
      },
      w.ctx(),
    )
    const markerB = w.state.buckets.get('bkt')?.objects.get('b')?.[0]
    const markerMissing = w.state.buckets.get('bkt')?.objects.get('missing')?.[0]
    expect(out).toEqual({
      Deleted: [
        { Key: 'a', VersionId: a.VersionId },
        { Key: 'b', DeleteMarker: true, DeleteMarkerVersionId: markerB?.versionId },
        { Key: 'missing', DeleteMarker: true, DeleteMarkerVersionId: markerMissing?.versionId },
      ],
      Errors: [
        {
          Key: 'c',
          VersionId: 'nonsense',
          Code: 'NoSuchVersion',
          Message: 'The specified version does not exist.',
        },
      ],
    })
    expect(w.state.buckets.get('bkt')?.objects.has('a')).toBe(false)
    const quiet = deleteObjects(
      { Bucket: 'bkt', Delete: { Objects: [{ Key: 'b' }], Quiet: true } },
      w.ctx(),
    )
    expect(quiet).toEqual({})
  })

  it('handles a key named twice in one request, in order', async () => {
    const w = world()
    await put(w, 'k', 'x')
    const out = deleteObjects(
      { Bucket: 'bkt', Delete: { Objects: [{ Key: 'k' }, { Key: 'k' }] } },
      w.ctx(),
    )
    expect(out).toEqual({ Deleted: [{ Key: 'k' }, { Key: 'k' }] })
    expect(w.state.buckets.get('bkt')?.objects.size).toBe(0)
  })

  it('refuses empty and oversized requests', async () => {
    const w = world()
    for (const count of [0, 1001]) {
      const objects = Array.from({ length: count }, (_, i) => ({ Key: `k${i}` }))
      const error = await expectFailsUnchanged(w, () =>
        deleteObjects({ Bucket: 'bkt', Delete: { Objects: objects } }, w.ctx()),
      )
      expect(error.code).toBe('MalformedXML')
    }
  })
})
