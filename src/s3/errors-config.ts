import { BucketError, S3Error } from './errors.js'

/**
 * Errors of S3's bucket and object configuration operations (tagging, CORS, lifecycle, access
 * control, object lock), one class per code (DESIGN §4). Texts are AWS's where captured
 * (ErrorResponses page, recorded answers cited per class); the rest are marked _uncaptured_.
 */

/** 400 `BadRequest`: more than 10 object tags ("Object tags cannot be greater than 10", observed). */
export class BadRequest extends S3Error {
  readonly code = 'BadRequest'
  readonly status = 400
}

/** 400 `InvalidTag`: "Your request contains tag input that is not valid" (ErrorResponses). */
export class InvalidTag extends S3Error {
  readonly code = 'InvalidTag'
  readonly status = 400
}

/** 404 `NoSuchTagSet`: GetBucketTagging of a bucket without tags. */
export class NoSuchTagSet extends BucketError {
  static override readonly text = 'The TagSet does not exist'
  readonly code = 'NoSuchTagSet'
  readonly status = 404
}

/** 404 `NoSuchCORSConfiguration`: GetBucketCors of a bucket without CORS rules. */
export class NoSuchCORSConfiguration extends BucketError {
  static override readonly text = 'The CORS configuration does not exist'
  readonly code = 'NoSuchCORSConfiguration'
  readonly status = 404
}

/** 404 `NoSuchLifecycleConfiguration`. */
export class NoSuchLifecycleConfiguration extends BucketError {
  static override readonly text = 'The lifecycle configuration does not exist'
  readonly code = 'NoSuchLifecycleConfiguration'
  readonly status = 404
}

/**
 * 403 `AccessForbidden` to a preflight: the bucket has no CORS configuration, or no rule allows
 * the request. Both texts are S3's as recorded ("evalution" is its spelling).
 */
export class CorsForbidden extends S3Error {
  readonly code = 'AccessForbidden'
  readonly status = 403
  constructor(method: string, resourceType: 'BUCKET' | 'OBJECT', why: 'notEnabled' | 'notAllowed') {
    super(
      why === 'notEnabled'
        ? 'CORSResponse: CORS is not enabled for this bucket.'
        : "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
      { Method: method, ResourceType: resourceType },
    )
  }
}

/** 400 `AccessControlListNotSupported`: "The bucket does not allow ACLs" (ErrorResponses). */
export class AccessControlListNotSupported extends S3Error {
  readonly code = 'AccessControlListNotSupported'
  readonly status = 400
  constructor() {
    super('The bucket does not allow ACLs')
  }
}

/** 404 `OwnershipControlsNotFoundError`. */
export class OwnershipControlsNotFoundError extends BucketError {
  static override readonly text = 'The bucket ownership controls were not found'
  readonly code = 'OwnershipControlsNotFoundError'
  readonly status = 404
}

/** 404 `NoSuchPublicAccessBlockConfiguration`. */
export class NoSuchPublicAccessBlockConfiguration extends BucketError {
  static override readonly text = 'The public access block configuration was not found'
  readonly code = 'NoSuchPublicAccessBlockConfiguration'
  readonly status = 404
}

/** 400 `MalformedACLError` (ErrorResponses). */
export class MalformedACLError extends S3Error {
  readonly code = 'MalformedACLError'
  readonly status = 400
  constructor() {
    super(
      'The XML you provided was not well-formed or did not validate against our published schema',
    )
  }
}

/**
 * 404 `ObjectLockConfigurationNotFoundError`: GetObjectLockConfiguration of a bucket without
 * Object Lock. The text is S3's on the wire (LocalStack's recording, 2026-02-21), which differs
 * from the ErrorResponses table's ("The Object Lock configuration does not exist for this bucket.").
 */
export class ObjectLockConfigurationNotFoundError extends BucketError {
  static override readonly text = 'Object Lock configuration does not exist for this bucket'
  readonly code = 'ObjectLockConfigurationNotFoundError'
  readonly status = 404
}

/**
 * 404 `NoSuchObjectLockConfiguration`: a version without retention (GetObjectRetention) or never
 * given a legal hold (GetObjectLegalHold). "a ObjectLock" is S3's wording on the wire (recorded).
 */
export class NoSuchObjectLockConfiguration extends S3Error {
  readonly code = 'NoSuchObjectLockConfiguration'
  readonly status = 404
  constructor() {
    super('The specified object does not have a ObjectLock configuration')
  }
}

/** 409 `InvalidBucketState`, with the text of the state the request conflicts with. */
export class InvalidBucketState extends S3Error {
  readonly code = 'InvalidBucketState'
  readonly status = 409
}
