import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { NotImplemented } from '../errors.js'

// S3 Express One Zone operations, answered as S3 answers them for what the mock emulates:
// general-purpose buckets in a Region, and no directory bucket at all (docs/coverage.md).

export interface ListDirectoryBucketsRequest {
  ContinuationToken?: string
  MaxDirectoryBuckets?: number
}

export interface ListDirectoryBucketsOutput {
  Buckets: readonly { Name: string; BucketRegion: string }[]
}

/**
 * ListDirectoryBuckets (`s3express-control.<region>.amazonaws.com`): the account has no
 * directory bucket, so the list is empty whatever the page asked for.
 */
export function listDirectoryBuckets(
  _input: ListDirectoryBucketsRequest,
  _ctx: S3Context,
): ListDirectoryBucketsOutput {
  return { Buckets: [] }
}

export interface CreateSessionRequest {
  Bucket: string
  SessionMode?: string
}

/**
 * CreateSession (`GET /{Bucket}?session`) of a general-purpose bucket: sessions exist for
 * directory buckets only. S3's answer on a Regional endpoint is _uncaptured_; the mock answers as
 * S3 answers RenameObject, its sibling Zonal-endpoint operation, there: 501 `NotImplemented`.
 */
export function createSession(input: CreateSessionRequest, ctx: S3Context): never {
  requestBucket(ctx, input.Bucket)
  throw NotImplemented.directoryBucketOnly('CreateSession')
}

export interface RenameObjectRequest {
  Bucket: string
  Key: string
  RenameSource: string
}

/**
 * RenameObject (`PUT /{Key}?renameObject`) of a general-purpose bucket: 501 `NotImplemented`, as
 * S3 answers it (Mountpoint for S3 caches that 501 as "rename not supported by this bucket").
 * Nothing moves.
 */
export function renameObject(input: RenameObjectRequest, ctx: S3Context): never {
  requestBucket(ctx, input.Bucket, input.Key)
  throw NotImplemented.directoryBucketOnly('RenameObject')
}
