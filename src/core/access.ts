/**
 * What a request asks to do, as an authorization decision sees it (IAM's "request context"): the
 * actions it needs on which resources, and the condition keys the request supplies. Plain data,
 * derived by the protocol from the HTTP request and handed down with the call, so the domain decides
 * without ever seeing HTTP (DESIGN §3 rule 2).
 */
export interface AccessRequest {
  /** Every permission the request needs; all must be granted (CopyObject needs two). */
  readonly needs: readonly AccessNeed[]
  /**
   * Condition keys present in the request, names in lower case (IAM matches key names
   * case-insensitively), each with its values. A key absent from the request is absent here.
   */
  readonly conditionKeys: Readonly<Record<string, readonly string[]>>
}

export interface AccessNeed {
  /** `s3:PutObject`, `s3:GetObject` … */
  readonly action: string
  /** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`. */
  readonly resource: string
  /** The bucket whose policy decides; undefined for ListBuckets. */
  readonly bucket: string | undefined
}
