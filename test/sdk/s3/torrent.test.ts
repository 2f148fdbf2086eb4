import { CreateKeyCommand } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectTorrentCommand,
  PutObjectCommand,
  StorageClass,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, kmsClient, useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { customerKey, sseC } from '../../support/sse-c.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws({ blockSseCOnNewBuckets: false })
const s3 = s3Client()
const kms = kmsClient()
const Bucket = 'releases'
const PIECE = 256 * 1024

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }))
})

/** A minimal bencode decoder (BEP 3), independent of the mock's encoder: byte strings stay bytes. */
type Decoded = number | Buffer | Decoded[] | Map<string, Decoded>
function decode(bytes: Buffer): Decoded {
  let at = 0
  const next = (): Decoded => {
    const c = String.fromCharCode(bytes[at] ?? 0)
    if (c === 'i') {
      const end = bytes.indexOf(0x65, at)
      const n = Number(bytes.subarray(at + 1, end).toString())
      at = end + 1
      return n
    }
    if (c === 'l' || c === 'd') {
      at++
      const items: Decoded[] = []
      while (bytes[at] !== 0x65) items.push(next())
      at++
      if (c === 'l') return items
      const map = new Map<string, Decoded>()
      const keys: string[] = []
      for (let i = 0; i < items.length; i += 2) {
        const key = (items[i] as Buffer).toString()
        keys.push(key)
        map.set(key, items[i + 1] as Decoded)
      }
      // BEP 3: keys sorted as raw strings.
      expect(keys).toEqual([...keys].sort())
      return map
    }
    const colon = bytes.indexOf(0x3a, at)
    const length = Number(bytes.subarray(at, colon).toString())
    at = colon + 1 + length
    return bytes.subarray(colon + 1, at)
  }
  const value = next()
  expect(at).toBe(bytes.length)
  return value
}

const dict = (value: Decoded | undefined): Map<string, Decoded> => value as Map<string, Decoded>
const text = (value: Decoded | undefined): string => (value as Buffer).toString()

async function torrentOf(Key: string) {
  const out = await s3.send(new GetObjectTorrentCommand({ Bucket, Key }))
  return dict(decode(await bodyBytes(out.Body)))
}

/** Deterministic bytes. */
function pattern(size: number): Buffer {
  const out = Buffer.alloc(size)
  for (let i = 0; i < size; i++) out[i] = (i * 31 + (i >> 8)) & 0xff
  return out
}

const sha1Pieces = (data: Buffer): Buffer => {
  const hashes: Buffer[] = []
  for (let start = 0; start < data.length; start += PIECE) {
    hashes.push(
      createHash('sha1')
        .update(data.subarray(start, start + PIECE))
        .digest(),
    )
  }
  return Buffer.concat(hashes)
}

async function refused(call: () => Promise<unknown>) {
  const error = await expectUnchanged(aws, () => errorOf(call()))
  return { code: error.name, message: error.message, status: error.$metadata.httpStatusCode }
}

describe('GetObjectTorrent', () => {
  it('answers the metainfo S3 generates: tracker, 256 KiB pieces hashed over the object', async () => {
    const data = pattern(2 * PIECE + 1234) // three pieces, the last one short
    await s3.send(new PutObjectCommand({ Bucket, Key: 'builds/app-1.0.tar', Body: data }))
    const torrent = await torrentOf('builds/app-1.0.tar')
    expect([...torrent.keys()]).toEqual(['announce', 'announce-list', 'info'])
    expect(text(torrent.get('announce'))).toBe('http://tracker.amazonaws.com:6969/announce')
    expect((torrent.get('announce-list') as Buffer[][]).map((tier) => tier.map(String))).toEqual([
      ['http://tracker.amazonaws.com:6969/announce'],
    ])
    const info = dict(torrent.get('info'))
    expect([...info.keys()]).toEqual([
      'length',
      'name',
      'piece length',
      'pieces',
      'x-amz-bucket',
      'x-amz-key',
    ])
    expect(info.get('length')).toBe(data.length)
    expect(text(info.get('name'))).toBe('app-1.0.tar')
    expect(info.get('piece length')).toBe(PIECE)
    const pieces = info.get('pieces') as Buffer
    expect(pieces.length).toBe(3 * 20)
    expect(pieces.equals(sha1Pieces(data))).toBe(true)
    expect(text(info.get('x-amz-bucket'))).toBe(Bucket)
    expect(text(info.get('x-amz-key'))).toBe('builds/app-1.0.tar')
  })

  it('is served as S3 documents it: application/x-bittorrent, an attachment <name>.torrent', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'docs/Nelson', Body: 'England expects' }))
    const url = await getSignedUrl(s3, new GetObjectTorrentCommand({ Bucket, Key: 'docs/Nelson' }))
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/x-bittorrent')
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="Nelson.torrent"',
    )
    const body = Buffer.from(await response.arrayBuffer())
    expect(response.headers.get('content-length')).toBe(String(body.length))
    expect(text(dict(dict(decode(body)).get('info')).get('name'))).toBe('Nelson')
  })

  it('hashes the plaintext of an SSE-KMS object, and an empty object has no piece', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    const data = pattern(PIECE + 7)
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'secret.bin',
        Body: data,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KeyMetadata?.KeyId,
      }),
    )
    const info = dict((await torrentOf('secret.bin')).get('info'))
    expect((info.get('pieces') as Buffer).equals(sha1Pieces(data))).toBe(true)

    await s3.send(new PutObjectCommand({ Bucket, Key: 'empty', Body: '' }))
    const empty = dict((await torrentOf('empty')).get('info'))
    expect([empty.get('length'), (empty.get('pieces') as Buffer).length]).toEqual([0, 0])
  })

  it('refuses as GetObject does: missing key, SSE-C object, archived object', async () => {
    expect(await refused(() => torrentOf('missing'))).toMatchObject({
      code: 'NoSuchKey',
      status: 404,
    })
    const key = customerKey(7)
    await s3.send(new PutObjectCommand({ Bucket, Key: 'customer', Body: 'x', ...sseC(key) }))
    expect(await refused(() => torrentOf('customer'))).toMatchObject({
      code: 'InvalidRequest',
      status: 400,
    })
    await s3.send(
      new PutObjectCommand({ Bucket, Key: 'cold', Body: 'x', StorageClass: StorageClass.GLACIER }),
    )
    expect(await refused(() => torrentOf('cold'))).toMatchObject({
      code: 'InvalidObjectState',
      status: 403,
    })
  })

  it('is not offered in Regions launched after May 30, 2016', async () => {
    const stockholm = s3Client('eu-north-1')
    await stockholm.send(
      new CreateBucketCommand({
        Bucket: 'nordic',
        CreateBucketConfiguration: { LocationConstraint: 'eu-north-1' },
      }),
    )
    await stockholm.send(new PutObjectCommand({ Bucket: 'nordic', Key: 'k', Body: 'x' }))
    expect(
      await refused(() =>
        stockholm.send(new GetObjectTorrentCommand({ Bucket: 'nordic', Key: 'k' })),
      ),
    ).toEqual({
      code: 'MethodNotAllowed',
      message: 'The specified method is not allowed against this resource.',
      status: 405,
    })
  })
})
