import { DisableKeyCommand } from '@aws-sdk/client-kms'
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, kmsClient, useMockAws } from '../../support/kms.js'
import {
  crc32B64,
  data,
  md5,
  MiB,
  multipartClient,
  NO_SUCH_UPLOAD,
} from '../../support/multipart.js'
import { s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws({ seed: 'multipart' })
const s3 = s3Client()
const kms = kmsClient()
const { create, part, complete, uploadAll, newKey } = multipartClient(s3, kms, aws)

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'data' }))
})

describe('Complete refuses what S3 refuses, changing nothing', () => {
  async function twoParts() {
    const { UploadId } = await create()
    const parts = await uploadAll(UploadId, [data(5 * MiB, 17), data(10, 18)])
    return { UploadId, parts }
  }
  const refused = (send: () => Promise<unknown>) => expectUnchanged(aws, () => errorOf(send()))

  it('parts out of order: InvalidPartOrder', async () => {
    const { UploadId, parts } = await twoParts()
    const err = await refused(() => complete(UploadId, [parts[1]!, parts[0]!]))
    expect(err.name).toBe('InvalidPartOrder')
    expect(err.message).toBe(
      'The list of parts was not in ascending order. Parts must be ordered by part number.',
    )
    expect(err.$metadata.httpStatusCode).toBe(400)
  })

  it('an unknown part or another ETag: InvalidPart', async () => {
    const { UploadId, parts } = await twoParts()
    const message =
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."
    const unknown = await refused(() =>
      complete(UploadId, [parts[0]!, { ...parts[1]!, PartNumber: 3 }]),
    )
    expect(unknown.name).toBe('InvalidPart')
    expect(unknown.message).toBe(message)
    const otherTag = await refused(() =>
      complete(UploadId, [{ ...parts[0]!, ETag: `"${'0'.repeat(32)}"` }, parts[1]!]),
    )
    expect(otherTag.name).toBe('InvalidPart')
    expect(otherTag.$metadata.httpStatusCode).toBe(400)
  })

  it('a non-last part under 5 MiB: EntityTooSmall', async () => {
    const { UploadId } = await create()
    const parts = await uploadAll(UploadId, [data(5 * MiB - 1, 19), data(10, 20)])
    const err = await refused(() => complete(UploadId, parts))
    expect(err.name).toBe('EntityTooSmall')
    expect(err.message).toBe('Your proposed upload is smaller than the minimum allowed size')
    expect(err.$metadata.httpStatusCode).toBe(400)
  })

  it('no parts: MalformedXML', async () => {
    const { UploadId } = await twoParts()
    const err = await refused(() => complete(UploadId, []))
    expect(err.name).toBe('MalformedXML')
    expect(err.message).toBe(
      'The XML you provided was not well-formed or did not validate against our published schema',
    )
  })

  it('an upload id S3 never gave out: NoSuchUpload (404)', async () => {
    await twoParts()
    const err = await refused(() => complete('not-an-upload', [{ PartNumber: 1, ETag: '"x"' }]))
    expect(err.name).toBe('NoSuchUpload')
    expect(err.message).toBe(NO_SUCH_UPLOAD)
    expect(err.$metadata.httpStatusCode).toBe(404)
  })

  it('a completed upload is gone: later parts get NoSuchUpload', async () => {
    const { UploadId, parts } = await twoParts()
    await complete(UploadId, parts)
    const err = await refused(() => part(UploadId, 3, 'late'))
    expect(err.name).toBe('NoSuchUpload')
  })

  it('a whole-object checksum that does not match: BadDigest; another mode: InvalidRequest', async () => {
    const { UploadId } = await create({ ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' })
    const parts = await uploadAll(UploadId, [data(5 * MiB, 27), data(10, 28)])
    const send = (extra: object) =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'data',
          Key: 'big.bin',
          UploadId,
          MultipartUpload: { Parts: parts },
          ...extra,
        }),
      )
    const bad = await refused(() => send({ ChecksumCRC32: crc32B64(Buffer.from('other')) }))
    expect(bad.name).toBe('BadDigest')
    expect(bad.message).toBe('The crc32 you specified did not match the calculated checksum.')
    const mode = await refused(() => send({ ChecksumType: 'COMPOSITE' }))
    expect(mode.name).toBe('InvalidRequest')
    expect(mode.message).toBe(
      'The upload was created using the FULL_OBJECT checksum mode. The complete request must use the same checksum mode.',
    )
    const done = await send({
      ChecksumCRC32: crc32B64(Buffer.concat([data(5 * MiB, 27), data(10, 28)])),
    })
    expect(done.ChecksumType).toBe('FULL_OBJECT')
  })
})

describe('part requests S3 refuses', () => {
  const refused = (send: () => Promise<unknown>) => expectUnchanged(aws, () => errorOf(send()))

  it('a Content-MD5 that does not match the part: BadDigest', async () => {
    const { UploadId } = await create()
    const err = await refused(() =>
      part(UploadId, 1, 'payload', { ContentMD5: md5(Buffer.from('other')).toString('base64') }),
    )
    expect(err.name).toBe('BadDigest')
    expect(err.message).toBe('The Content-MD5 you specified did not match what we received.')
  })

  it('a part number outside 1..10000: InvalidArgument', async () => {
    const { UploadId } = await create()
    const err = await refused(() => part(UploadId, 10_001, 'x'))
    expect(err.name).toBe('InvalidArgument')
    expect(err.message).toBe('Part number must be an integer between 1 and 10000, inclusive')
  })

  it('SSE-C headers on an upload created without SSE-C: InvalidRequest', async () => {
    const { UploadId } = await create()
    const err = await refused(() =>
      part(UploadId, 1, 'x', { SSECustomerAlgorithm: 'AES256', SSECustomerKey: 'k'.repeat(32) }),
    )
    expect(err.name).toBe('InvalidRequest')
    expect(err.message).toBe(
      'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.',
    )
  })

  it('a part of another algorithm than a COMPOSITE upload named: InvalidRequest', async () => {
    const { UploadId } = await create({ ChecksumAlgorithm: 'SHA256' })
    // The SDK computes its default CRC32 for the part.
    const err = await refused(() => part(UploadId, 1, 'x'))
    expect(err.name).toBe('InvalidRequest')
    expect(err.message).toBe(
      'Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: crc32',
    )
  })

  it('SSE-KMS create with a disabled key: KMS.DisabledException, no upload', async () => {
    const key = await newKey()
    await kms.send(new DisableKeyCommand({ KeyId: key.id }))
    const err = await refused(() =>
      create({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.id }),
    )
    expect(err.name).toBe('KMS.DisabledException')
    const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'data' }))
    expect(listed.Uploads).toBeUndefined()
  })
})

describe('AbortMultipartUpload', () => {
  it('removes the upload and its parts; later requests get NoSuchUpload', async () => {
    const { UploadId } = await create()
    await part(UploadId, 1, 'doomed')
    const aborted = await s3.send(
      new AbortMultipartUploadCommand({ Bucket: 'data', Key: 'big.bin', UploadId }),
    )
    expect(aborted.$metadata.httpStatusCode).toBe(204)
    for (const send of [
      () => part(UploadId, 2, 'late'),
      () => s3.send(new ListPartsCommand({ Bucket: 'data', Key: 'big.bin', UploadId })),
    ]) {
      const err = await expectUnchanged(aws, () => errorOf(send()))
      expect(err.name).toBe('NoSuchUpload')
      expect(err.$metadata.httpStatusCode).toBe(404)
    }
    const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'data' }))
    expect(listed.Uploads).toBeUndefined()
  })

  const abort = (UploadId: string | undefined, Key = 'big.bin') =>
    s3.send(new AbortMultipartUploadCommand({ Bucket: 'data', Key, UploadId }))

  it('aborting an aborted upload answers 204 again and changes nothing (S3 does)', async () => {
    const { UploadId } = await create()
    await part(UploadId, 1, 'doomed')
    expect((await abort(UploadId)).$metadata.httpStatusCode).toBe(204)
    const again = await expectUnchanged(aws, () => abort(UploadId))
    expect(again.$metadata.httpStatusCode).toBe(204)
    expect((await errorOf(part(UploadId, 2, 'late'))).name).toBe('NoSuchUpload')
  })

  it('aborting a completed upload answers 204 and leaves the object as completed', async () => {
    const { UploadId } = await create()
    const parts = await uploadAll(UploadId, [data(10, 31)])
    await complete(UploadId, parts)
    const object = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'big.bin' }))
    const aborted = await expectUnchanged(aws, () => abort(UploadId))
    expect(aborted.$metadata.httpStatusCode).toBe(204)
    const after = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'big.bin' }))
    expect(await after.Body?.transformToString('latin1')).toBe(
      await object.Body?.transformToString('latin1'),
    )
    expect(after.ETag).toBe(object.ETag)
  })

  it('an unknown upload id, or an ended upload under another key, stays NoSuchUpload', async () => {
    const { UploadId } = await create()
    await abort(UploadId)
    for (const send of [() => abort('never-created'), () => abort(UploadId, 'other')]) {
      const err = await expectUnchanged(aws, () => errorOf(send()))
      expect(err.name).toBe('NoSuchUpload')
      expect(err.$metadata.httpStatusCode).toBe(404)
      expect(err.message).toBe(NO_SUCH_UPLOAD)
    }
  })

  it('an upload belongs to its key: another key cannot name it', async () => {
    const { UploadId } = await create()
    const err = await expectUnchanged(aws, () =>
      errorOf(s3.send(new AbortMultipartUploadCommand({ Bucket: 'data', Key: 'other', UploadId }))),
    )
    expect(err.name).toBe('NoSuchUpload')
  })

  it('uploads vanish on reset, and seeded worlds repeat upload ids', async () => {
    const { UploadId } = await create()
    aws.reset()
    await s3.send(new CreateBucketCommand({ Bucket: 'data' }))
    const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'data' }))
    expect(listed.Uploads).toBeUndefined()
    expect((await errorOf(part(UploadId, 1, 'x'))).name).toBe('NoSuchUpload')
    // The same requests after a reset draw the same ids (the random source is re-seeded).
    aws.reset()
    await s3.send(new CreateBucketCommand({ Bucket: 'data' }))
    expect((await create()).UploadId).toBe(UploadId)
  })
})

describe('listing uploads and parts', () => {
  it('ListParts pages by max-parts and part-number-marker', async () => {
    const { UploadId } = await create({ StorageClass: 'STANDARD_IA' })
    const bodies = [data(10, 21), data(20, 22), data(30, 23)]
    const uploaded = await uploadAll(UploadId, bodies)
    const page1 = await s3.send(
      new ListPartsCommand({ Bucket: 'data', Key: 'big.bin', UploadId, MaxParts: 2 }),
    )
    expect(page1.IsTruncated).toBe(true)
    expect(page1.MaxParts).toBe(2)
    expect(page1.NextPartNumberMarker).toBe('2')
    expect(page1.StorageClass).toBe('STANDARD_IA')
    expect(page1.Initiator?.ID).toMatch(/^[0-9a-f]{64}$/)
    expect(page1.Owner?.ID).toBe(page1.Initiator?.ID)
    expect(page1.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag, p.ChecksumCRC32])).toEqual([
      [1, 10, uploaded[0]!.ETag, crc32B64(bodies[0]!)],
      [2, 20, uploaded[1]!.ETag, crc32B64(bodies[1]!)],
    ])
    expect(page1.Parts?.[0]?.LastModified).toBeInstanceOf(Date)
    const page2 = await s3.send(
      new ListPartsCommand({
        Bucket: 'data',
        Key: 'big.bin',
        UploadId,
        MaxParts: 2,
        PartNumberMarker: page1.NextPartNumberMarker,
      }),
    )
    expect(page2.IsTruncated).toBe(false)
    expect(page2.PartNumberMarker).toBe('2')
    expect(page2.Parts?.map((p) => p.PartNumber)).toEqual([3])
  })

  it('ListMultipartUploads: prefix, delimiter and key/upload-id markers', async () => {
    const ids: Record<string, string> = {}
    for (const key of ['b', 'a/1', 'c', 'a/2']) ids[key] = (await create({}, key)).UploadId
    const secondC = (await create({ ChecksumAlgorithm: 'CRC32' }, 'c')).UploadId

    const all = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'data' }))
    expect(all.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([
      ['a/1', ids['a/1']],
      ['a/2', ids['a/2']],
      ['b', ids.b],
      ['c', ids.c],
      ['c', secondC],
    ])
    expect(all.Uploads?.[4]?.ChecksumAlgorithm).toBe('CRC32')
    expect(all.Uploads?.[0]?.Initiated).toBeInstanceOf(Date)

    const prefixed = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: 'data', Prefix: 'a/' }),
    )
    expect(prefixed.Uploads?.map((u) => u.Key)).toEqual(['a/1', 'a/2'])
    const rolled = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: 'data', Delimiter: '/' }),
    )
    expect(rolled.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/'])
    expect(rolled.Uploads?.map((u) => u.Key)).toEqual(['b', 'c', 'c'])

    const seen: string[] = []
    let markers: { KeyMarker?: string; UploadIdMarker?: string } = {}
    for (let page = 0; page < 5; page++) {
      const out = await s3.send(
        new ListMultipartUploadsCommand({ Bucket: 'data', MaxUploads: 2, ...markers }),
      )
      seen.push(...(out.Uploads ?? []).map((u) => u.UploadId!))
      if (out.IsTruncated !== true) break
      markers = { KeyMarker: out.NextKeyMarker!, UploadIdMarker: out.NextUploadIdMarker! }
    }
    expect(seen).toEqual(all.Uploads?.map((u) => u.UploadId))
  })
})
