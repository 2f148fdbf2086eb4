import { digestOf } from '../../crypto/checksums.js'
import { bencode } from '../bencode.js'
import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { dataKeyOf } from '../encryption/envelope.js'
import { InvalidRequest, MethodNotAllowed } from '../errors.js'
import { prepareRead } from '../object-read.js'

export interface GetObjectTorrentRequest {
  Bucket: string
  Key: string
  /** `?versionId=` (IAM's `s3:GetObjectVersionTorrent`), though the SDK's input has no member. */
  VersionId?: string
}

export interface GetObjectTorrentOutput {
  /** The bencoded metainfo. */
  Body: Buffer
  /** The torrent's `name`, for `Content-Disposition`. */
  Name: string
}

/** "You can get torrent only for objects that are less than 5 GB in size" (API reference). */
const MAX_TORRENT_BYTES = 5 * 1024 ** 3
/** The piece length of S3's torrents (a captured S3 .torrent: fog's `example.torrent`). */
export const TORRENT_PIECE_BYTES = 256 * 1024
/** The tracker S3's torrents announce (same capture, `announce` and `announce-list`). */
export const S3_TRACKER = 'http://tracker.amazonaws.com:6969/announce'

/**
 * "Amazon S3 does not support the BitTorrent protocol in AWS Regions launched after May 30, 2016"
 * (user guide, "Retrieving Amazon S3 objects using BitTorrent"): the Regions before that date.
 */
const TORRENT_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
  'us-gov-west-1',
  'cn-north-1',
])

/**
 * GetObjectTorrent: the .torrent S3 generates for an object, as a captured one is built: a
 * bencoded dictionary with `announce`, `announce-list` and `info` (`length`, `name`,
 * `piece length` 256 KiB, `pieces`: the SHA-1 of each piece of the plaintext, `x-amz-bucket`,
 * `x-amz-key`), no creation date. Read like GetObject (NoSuchKey, archived objects, SSE-C objects
 * without their key); SSE-KMS objects are decrypted through KMS as a GET would be.
 * _Uncaptured_: the answer in later Regions (405, as S3 answers Transfer Acceleration where it is
 * not offered) and the `name` of a key with `/` (its last segment).
 */
export async function getObjectTorrent(
  input: GetObjectTorrentRequest,
  ctx: S3Context,
): Promise<GetObjectTorrentOutput> {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  if (!TORRENT_REGIONS.has(bucket.region)) throw new MethodNotAllowed('GET', 'OBJECT')
  const read = prepareRead(
    ctx,
    bucket,
    {
      Bucket: input.Bucket,
      Key: input.Key,
      ...(input.VersionId === undefined ? {} : { VersionId: input.VersionId }),
    },
    'GET',
  )
  const size = read.version.size
  if (size > MAX_TORRENT_BYTES) {
    // As S3 answered it (cenkalti/rain#5).
    throw new InvalidRequest(
      `Torrent creation is not supported for objects larger than ${MAX_TORRENT_BYTES}`,
    )
  }
  const dataKey = await dataKeyOf(ctx, read.version.encryption, bucket, read.customerKey)
  const pieces = await pieceHashes(read.version.body.read(dataKey))
  const name =
    input.Key.split('/')
      .filter((s) => s !== '')
      .at(-1) ?? input.Key
  const Body = bencode({
    announce: S3_TRACKER,
    'announce-list': [[S3_TRACKER]],
    info: {
      length: size,
      name,
      'piece length': TORRENT_PIECE_BYTES,
      pieces,
      'x-amz-bucket': bucket.name,
      'x-amz-key': input.Key,
    },
  })
  return { Body, Name: name }
}

/** The SHA-1 of each 256 KiB piece of a stream, concatenated (BEP 3 `pieces`). */
async function pieceHashes(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const hashes: Uint8Array[] = []
  let piece = Buffer.alloc(TORRENT_PIECE_BYTES)
  let filled = 0
  const reader = body.getReader()
  for (;;) {
    const { done, value: chunk } = await reader.read()
    if (done) break
    let offset = 0
    while (offset < chunk.length) {
      const take = Math.min(chunk.length - offset, TORRENT_PIECE_BYTES - filled)
      piece.set(chunk.subarray(offset, offset + take), filled)
      filled += take
      offset += take
      if (filled === TORRENT_PIECE_BYTES) {
        hashes.push(digestOf('SHA1', piece))
        piece = Buffer.alloc(TORRENT_PIECE_BYTES)
        filled = 0
      }
    }
  }
  if (filled > 0) hashes.push(digestOf('SHA1', piece.subarray(0, filled)))
  return Buffer.concat(hashes)
}
