/**
 * What docs/coverage.md says of each SDK command the operation tables do not implement, and of
 * implemented commands that answer as AWS answers for what the mock emulates (a general-purpose
 * bucket in a Region) rather than doing the work. The coverage test fails when a command of the
 * installed SDK is in neither the tables nor here, and when a note goes stale.
 */
export type CoverageNote =
  | { readonly status: 'not-implemented'; readonly reason: string }
  | { readonly status: 'answered-as-aws'; readonly how: string }

const LATER = 'not built yet (issue #16 breadth, in order of use); answers 501 NotImplemented'

const notImplemented = (reason: string): CoverageNote => ({ status: 'not-implemented', reason })

export const S3_NOTES: Readonly<Record<string, CoverageNote>> = {
  // Objects (item 7).
  GetObjectTorrent: notImplemented(LATER),
  RenameObject: notImplemented(LATER),
  GetObjectAnnotation: notImplemented(LATER),
  PutObjectAnnotation: notImplemented(LATER),
  DeleteObjectAnnotation: notImplemented(LATER),
  ListObjectAnnotations: notImplemented(LATER),
  SelectObjectContent: notImplemented(
    'S3 Select is closed to new customers since July 2024 and needs an SQL engine over CSV/JSON/Parquet; answers 501 NotImplemented naming the operation',
  ),
  WriteGetObjectResponse: notImplemented(LATER),
  CreateSession: notImplemented(
    'S3 Express One Zone sessions exist for directory buckets only (zonal `s3express-<az>` endpoints), which the mock does not emulate; S3\'s answer to `GET /{Bucket}?session` on a general-purpose bucket\'s Regional endpoint is uncaptured, so it answers 501 NotImplemented naming the operation',
  ),
  ListDirectoryBuckets: notImplemented(
    'the SDK sends it to `s3express-control.<region>.amazonaws.com` signed for `s3express`, a host the mock does not intercept yet (the request leaves the process); on a custom endpoint it answers 501 NotImplemented naming the operation',
  ),
}

export const KMS_NOTES: Readonly<Record<string, CoverageNote>> = {}
