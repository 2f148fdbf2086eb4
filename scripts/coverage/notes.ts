/**
 * What docs/coverage.md says of each SDK command the operation tables do not implement, and of
 * implemented commands that answer as AWS answers for what the mock emulates (a general-purpose
 * bucket in a Region) rather than doing the work. The coverage test fails when a command of the
 * installed SDK is in neither the tables nor here, and when a note goes stale.
 */
export type CoverageNote =
  | { readonly status: 'not-implemented'; readonly reason: string }
  | { readonly status: 'answered-as-aws'; readonly how: string }


const notImplemented = (reason: string): CoverageNote => ({ status: 'not-implemented', reason })
const answered = (how: string): CoverageNote => ({ status: 'answered-as-aws', how })

export const S3_NOTES: Readonly<Record<string, CoverageNote>> = {
  // Objects (item 7).
  RenameObject: answered(
    'S3 Express One Zone only: on a general-purpose bucket S3 answers 501 `NotImplemented` (Mountpoint for S3, AWS\'s client, reads that 501 as "this bucket does not support rename" and caches it); nothing is renamed. Text _uncaptured_',
  ),
  SelectObjectContent: notImplemented(
    'S3 Select is closed to new customers since July 2024 and needs an SQL engine over CSV/JSON/Parquet; answers 501 NotImplemented naming the operation',
  ),
  WriteGetObjectResponse: answered(
    'the SDK sends it to `<RequestRoute>.s3-object-lambda.<region>.amazonaws.com`, which the mock intercepts and verifies as `s3-object-lambda`; it emulates no Object Lambda access point (closed to new customers since November 2025), so no route and token were issued: 400 `InvalidToken` (code for this case _uncaptured_: `fidelity.md` `s3-express-and-object-lambda-answers`)',
  ),
  CreateSession: answered(
    'of a general-purpose bucket, on its Regional endpoint: 501 `NotImplemented`, as S3 answers RenameObject, its sibling Zonal-endpoint operation, there (this answer _uncaptured_); a directory bucket (`--x-s3`) goes to its zonal `s3express-<az>` host, intercepted: 501 naming directory buckets as not emulated',
  ),
  ListDirectoryBuckets: answered(
    'the SDK sends it to `s3express-control.<region>.amazonaws.com` signed for `s3express`; intercepted (on a custom endpoint told apart by that scope) and answered for an account with no directory bucket: an empty `ListAllMyDirectoryBucketsResult`',
  ),
}

export const KMS_NOTES: Readonly<Record<string, CoverageNote>> = {}
