import { AwsError } from '../core/aws-error.js'

/**
 * S3 error codes, one class each (DESIGN §4), with AWS's status and exact message
 * (reference/aws-sse-error-contract.md §1–§2; standard S3 error responses page for the rest).
 * Extra body members go in `fields` in the order AWS writes them.
 */
export abstract class S3Error extends AwsError {}

/**
 * An error about one bucket with a fixed text: S3 names the bucket in `<BucketName>`. Subclasses
 * fix `code`, `status` and AWS's `text`.
 */
export abstract class BucketError extends S3Error {
  static readonly text: string = ''
  constructor(bucket: string) {
    super(new.target.text, { BucketName: bucket })
  }
}

abstract class S3ServerError extends S3Error {
  override readonly fault = 'server' as const
}

// ── Buckets and objects ─────────────────────────────────────────────────────

export class NoSuchBucket extends BucketError {
  static override readonly text = 'The specified bucket does not exist'
  readonly code = 'NoSuchBucket'
  readonly status = 404
}

export class NoSuchKey extends S3Error {
  readonly code = 'NoSuchKey'
  readonly status = 404
  constructor(key: string, headers: Record<string, string> = {}) {
    super('The specified key does not exist.', { Key: key }, headers)
  }
}

export class NoSuchVersion extends S3Error {
  readonly code = 'NoSuchVersion'
  readonly status = 404
  constructor(key: string, versionId: string) {
    super('The specified version does not exist.', { Key: key, VersionId: versionId })
  }
}

export class NoSuchUpload extends S3Error {
  readonly code = 'NoSuchUpload'
  readonly status = 404
  constructor(uploadId: string) {
    super(
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      { UploadId: uploadId },
    )
  }
}

export class BucketAlreadyExists extends BucketError {
  static override readonly text =
    'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.'
  readonly code = 'BucketAlreadyExists'
  readonly status = 409
}

export class BucketAlreadyOwnedByYou extends BucketError {
  static override readonly text =
    'Your previous request to create the named bucket succeeded and you already own it.'
  readonly code = 'BucketAlreadyOwnedByYou'
  readonly status = 409
}

export class BucketNotEmpty extends BucketError {
  static override readonly text = 'The bucket you tried to delete is not empty'
  readonly code = 'BucketNotEmpty'
  readonly status = 409
}

export class InvalidBucketName extends BucketError {
  static override readonly text = 'The specified bucket is not valid.'
  readonly code = 'InvalidBucketName'
  readonly status = 400
}

export class InvalidLocationConstraint extends S3Error {
  readonly code = 'InvalidLocationConstraint'
  readonly status = 400
  constructor(locationConstraint: string) {
    super('The specified location-constraint is not valid', {
      LocationConstraint: locationConstraint,
    })
  }
}

/** CreateBucket's LocationConstraint does not match a regional endpoint (`unspecified` when absent). */
export class IllegalLocationConstraintException extends S3Error {
  readonly code = 'IllegalLocationConstraintException'
  readonly status = 400
  constructor(locationConstraint: string) {
    super(
      `The ${locationConstraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    )
  }
}

export class InvalidStorageClass extends S3Error {
  readonly code = 'InvalidStorageClass'
  readonly status = 400
  constructor(storageClass: string) {
    super('The storage class you specified is not valid', {
      StorageClassRequested: storageClass,
    })
  }
}

/**
 * 403 `InvalidObjectState`: an archived object read before it is restored ("The operation is not
 * valid for the object's storage class", with `StorageClass`), copied before it is restored
 * ("Operation is not valid for the source object's storage class": S3's text as Hadoop's S3A
 * troubleshooting guide and s3cmd#193 quote it; `StorageClass` as LocalStack sends it), or
 * RestoreObject of an object that is not archived ("Restore is not allowed for the object's
 * current storage class", as S3 answered it on the wire, without `StorageClass`).
 */
export class InvalidObjectState extends S3Error {
  readonly code = 'InvalidObjectState'
  readonly status = 403
  static archived(storageClass: string): InvalidObjectState {
    return new InvalidObjectState("The operation is not valid for the object's storage class", {
      StorageClass: storageClass,
    })
  }
  static archivedSource(storageClass: string): InvalidObjectState {
    return new InvalidObjectState("Operation is not valid for the source object's storage class", {
      StorageClass: storageClass,
    })
  }
  static notRestorable(): InvalidObjectState {
    return new InvalidObjectState("Restore is not allowed for the object's current storage class")
  }
}

/** 409 `RestoreAlreadyInProgress`: a RestoreObject while the last one is still running. */
export class RestoreAlreadyInProgress extends S3Error {
  readonly code = 'RestoreAlreadyInProgress'
  readonly status = 409
  constructor() {
    super('Object restore is already in progress')
  }
}

export class KeyTooLongError extends S3Error {
  readonly code = 'KeyTooLongError'
  readonly status = 400
  constructor() {
    super('Your key is too long')
  }
}

export class MethodNotAllowed extends S3Error {
  readonly code = 'MethodNotAllowed'
  readonly status = 405
  constructor(
    method: string,
    /** `SERVICE`, `BUCKET`, `OBJECT`, `DeleteMarker`, or a sub-resource's (`BUCKETPOLICY`). */
    resourceType: string,
    headers: Record<string, string> = {},
  ) {
    super(
      'The specified method is not allowed against this resource.',
      { Method: method, ResourceType: resourceType },
      headers,
    )
  }
}

// ── Conditions and ranges ───────────────────────────────────────────────────

export class PreconditionFailed extends S3Error {
  readonly code = 'PreconditionFailed'
  readonly status = 412
  constructor(condition: string) {
    super('At least one of the pre-conditions you specified did not hold', { Condition: condition })
  }
}

/** 304: rendered without a body, like HEAD errors. */
export class NotModified extends S3Error {
  readonly code = 'NotModified'
  readonly status = 304
  constructor(headers: Record<string, string> = {}) {
    super('Not Modified', {}, headers)
  }
}

export class InvalidRange extends S3Error {
  readonly code = 'InvalidRange'
  readonly status = 416
  constructor(range: string, size: number) {
    super('The requested range is not satisfiable', {
      RangeRequested: range,
      ActualObjectSize: String(size),
    })
  }
}

/** GET/HEAD `partNumber` beyond the object's parts (a single-part object has one). */
export class InvalidPartNumber extends S3Error {
  readonly code = 'InvalidPartNumber'
  readonly status = 416
  constructor(requested: number, actualPartCount: number) {
    super('The requested partnumber is not satisfiable', {
      PartNumberRequested: String(requested),
      ActualPartCount: String(actualPartCount),
    })
  }
}

// ── Request validation ──────────────────────────────────────────────────────

/** `InvalidArgument` with the `ArgumentName`/`ArgumentValue` members AWS sends. */
export class InvalidArgument extends S3Error {
  readonly code = 'InvalidArgument'
  readonly status = 400
  constructor(message: string, argumentName?: string, argumentValue?: string) {
    super(message, {
      ...(argumentName === undefined ? {} : { ArgumentName: argumentName }),
      ...(argumentValue === undefined ? {} : { ArgumentValue: argumentValue }),
    })
  }
}

export class InvalidRequest extends S3Error {
  readonly code = 'InvalidRequest'
  readonly status = 400
}

export class InvalidEncryptionAlgorithmError extends S3Error {
  readonly code = 'InvalidEncryptionAlgorithmError'
  readonly status = 400
  constructor(value: string) {
    super('The Encryption request you specified is not valid. Supported value: AES256.', {
      ArgumentName: 'x-amz-server-side-encryption',
      ArgumentValue: value,
    })
  }
}

/** The request URI cannot be parsed (e.g. a broken percent escape in the key). */
export class InvalidURI extends S3Error {
  readonly code = 'InvalidURI'
  readonly status = 400
  constructor(uri: string) {
    super("Couldn't parse the specified URI.", { URI: uri })
  }
}

export class MalformedXML extends S3Error {
  readonly code = 'MalformedXML'
  readonly status = 400
  constructor() {
    super(
      'The XML you provided was not well-formed or did not validate against our published schema',
    )
  }
}

export class MissingRequestBodyError extends S3Error {
  readonly code = 'MissingRequestBodyError'
  readonly status = 400
  constructor() {
    super('Request Body is empty')
  }
}

/** A request XML document over the size S3 accepts. */
export class MaxMessageLengthExceeded extends S3Error {
  readonly code = 'MaxMessageLengthExceeded'
  readonly status = 400
  constructor() {
    super('Your request was too big.')
  }
}

export class MalformedPolicy extends S3Error {
  readonly code = 'MalformedPolicy'
  readonly status = 400
}

/** A POST Object policy document that is not valid (base64, JSON, expiration, conditions). */
export class InvalidPolicyDocument extends S3Error {
  readonly code = 'InvalidPolicyDocument'
  readonly status = 400
}

/** POST Object: the form is not well-formed multipart/form-data. */
export class MalformedPOSTRequest extends S3Error {
  readonly code = 'MalformedPOSTRequest'
  readonly status = 400
  constructor() {
    super('The body of your POST request is not well-formed multipart/form-data.')
  }
}

/** POST Object: no file field, or more than one. */
export class IncorrectNumberOfFilesInPostRequest extends S3Error {
  readonly code = 'IncorrectNumberOfFilesInPostRequest'
  readonly status = 400
  constructor() {
    super('POST requires exactly one file upload per request.')
  }
}

/**
 * POST Object: the form's fields before the file passed 20 KB. Code, text (S3's spelling) and
 * the extra element as S3 answered a browser upload (bitbucket.org/site/master issue 8914); AWS's
 * error list names the code `MaxPostPreDataLengthExceededError`, the wire drops the suffix.
 */
export class MaxPostPreDataLengthExceeded extends S3Error {
  readonly code = 'MaxPostPreDataLengthExceeded'
  readonly status = 400
  constructor(limit: number) {
    super('Your POST request fields preceeding the upload file was too large.', {
      MaxPostPreDataLengthBytes: String(limit),
    })
  }
}

/** Wire text is "was invalid." with the header echoed (S3 responses, mirrored by OSS); the docs list says "is not valid." */
export class InvalidDigest extends S3Error {
  readonly code = 'InvalidDigest'
  readonly status = 400
  constructor(contentMd5?: string) {
    super(
      'The Content-MD5 you specified was invalid.',
      contentMd5 === undefined ? {} : { 'Content-MD5': contentMd5 },
    )
  }
}

/** Content-MD5 or an `x-amz-checksum-*` value that does not match the body. */
export class BadDigest extends S3Error {
  readonly code = 'BadDigest'
  readonly status = 400
  /** Both digests base64, as sent and as computed. */
  static contentMd5(expected?: string, calculated?: string): BadDigest {
    return new BadDigest(
      'The Content-MD5 you specified did not match what we received.',
      expected === undefined || calculated === undefined
        ? {}
        : { ExpectedDigest: expected, CalculatedDigest: calculated },
    )
  }
  /** `algorithm` as AWS prints it: CRC32, CRC32C, CRC64NVME, SHA1, SHA256. */
  static checksum(algorithm: string): BadDigest {
    return new BadDigest(`The ${algorithm} you specified did not match the calculated checksum.`)
  }
}

export class XAmzContentSHA256Mismatch extends S3Error {
  readonly code = 'XAmzContentSHA256Mismatch'
  readonly status = 400
  constructor(clientHash: string, computedHash: string) {
    super("The provided 'x-amz-content-sha256' header does not match what was computed.", {
      ClientComputedContentSHA256: clientHash,
      S3ComputedContentSHA256: computedHash,
    })
  }
}

export class IncompleteBody extends S3Error {
  readonly code = 'IncompleteBody'
  readonly status = 400
  constructor(
    message = 'You did not provide the number of bytes specified by the Content-Length HTTP header',
    fields: Record<string, string> = {},
  ) {
    super(message, fields)
  }
  /** Malformed or truncated aws-chunked framing (versity/versitygw#1660, #1666: S3 captures). */
  static terminated(): IncompleteBody {
    return new IncompleteBody('The request body terminated unexpectedly')
  }
  /** Decoded length differs from x-amz-decoded-content-length (versity/versitygw#1684). */
  static byteCount(expected: number, provided: number): IncompleteBody {
    return new IncompleteBody(undefined, {
      NumberBytesExpected: String(expected),
      NumberBytesProvided: String(provided),
    })
  }
}

/** A non-final aws-chunked chunk under 8192 bytes, signed or not; `chunk` counts from 1. */
export class InvalidChunkSizeError extends S3Error {
  readonly code = 'InvalidChunkSizeError'
  readonly status = 403
  constructor(chunk: number, badChunkSize: number) {
    super('Only the last chunk is allowed to have a size less than 8192 bytes', {
      Chunk: String(chunk),
      BadChunkSize: String(badChunkSize),
    })
  }
}

/** `x-amz-trailer` declared but the trailer is missing, different or not well-formed. */
export class MalformedTrailerError extends S3Error {
  readonly code = 'MalformedTrailerError'
  readonly status = 400
  constructor() {
    super(
      'The request contained trailing data that was not well-formed or did not conform to our published schema.',
    )
  }
}

export class MissingContentLength extends S3Error {
  readonly code = 'MissingContentLength'
  readonly status = 411
  constructor() {
    super('You must provide the Content-Length HTTP header.')
  }
}

export class EntityTooSmall extends S3Error {
  readonly code = 'EntityTooSmall'
  readonly status = 400
  /** A multipart part names its number and ETag; POST Object's content-length-range does not. */
  constructor(proposedSize: number, minSizeAllowed: number, partNumber?: number, eTag?: string) {
    super('Your proposed upload is smaller than the minimum allowed size', {
      ProposedSize: String(proposedSize),
      MinSizeAllowed: String(minSizeAllowed),
      ...(partNumber === undefined ? {} : { PartNumber: String(partNumber) }),
      ...(eTag === undefined ? {} : { ETag: eTag }),
    })
  }
}

export class EntityTooLarge extends S3Error {
  readonly code = 'EntityTooLarge'
  readonly status = 400
  constructor(proposedSize: number, maxSizeAllowed: number) {
    super('Your proposed upload exceeds the maximum allowed size', {
      ProposedSize: String(proposedSize),
      MaxSizeAllowed: String(maxSizeAllowed),
    })
  }
}

export class InvalidPart extends S3Error {
  readonly code = 'InvalidPart'
  readonly status = 400
  constructor(uploadId: string, partNumber: number, eTag: string) {
    super(
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      { UploadId: uploadId, PartNumber: String(partNumber), ETag: eTag },
    )
  }
}

export class InvalidPartOrder extends S3Error {
  readonly code = 'InvalidPartOrder'
  readonly status = 400
  constructor(uploadId: string) {
    super('The list of parts was not in ascending order. Parts must be ordered by part number.', {
      UploadId: uploadId,
    })
  }
}

// ── Authentication and authorisation ───────────────────────────────────────

export class AccessDenied extends S3Error {
  readonly code = 'AccessDenied'
  readonly status = 403
  constructor(message = 'Access Denied', fields: Record<string, string> = {}) {
    super(message, fields)
  }
  /** A presigned URL past its expiry. */
  static expired(expires: string, serverTime: string, xAmzExpires: string): AccessDenied {
    return new AccessDenied('Request has expired', {
      'X-Amz-Expires': xAmzExpires,
      Expires: expires,
      ServerTime: serverTime,
    })
  }
  /** The wrong SSE-C key on a read (reference §1.1). */
  static wrongCustomerKey(): AccessDenied {
    return new AccessDenied(
      'Requests specifying Server Side Encryption with Customer provided keys must provide the correct secret key.',
    )
  }
}

export class SignatureDoesNotMatch extends S3Error {
  readonly code = 'SignatureDoesNotMatch'
  readonly status = 403
  constructor(fields: Record<string, string> = {}) {
    super(
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      fields,
    )
  }
}

/**
 * A signature dated too far from the server's clock (strict mode). Captured from S3
 * (versity/versitygw#1514, aws/aws-sdk-php#612): RequestTime as signed, ServerTime in ISO 8601.
 */
export class RequestTimeTooSkewed extends S3Error {
  readonly code = 'RequestTimeTooSkewed'
  readonly status = 403
  constructor(
    /** The signature's `yyyymmddThhmmssZ`. */
    readonly requestTime: string,
    /** The world clock's time in ISO 8601 without milliseconds, as S3 writes it. */
    readonly serverTime: string,
    readonly maxSkewMs: number,
  ) {
    super('The difference between the request time and the current time is too large.', {
      RequestTime: requestTime,
      ServerTime: serverTime,
      MaxAllowedSkewMilliseconds: String(maxSkewMs),
    })
  }
}

export class AuthorizationQueryParametersError extends S3Error {
  readonly code = 'AuthorizationQueryParametersError'
  readonly status = 400
}

/** A SigV4 `Authorization` header that cannot be parsed; `Region` names the expected region. */
export class AuthorizationHeaderMalformed extends S3Error {
  readonly code = 'AuthorizationHeaderMalformed'
  readonly status = 400
  constructor(detail: string, region?: string) {
    super(
      `The authorization header is malformed; ${detail}`,
      region === undefined ? {} : { Region: region },
    )
  }
}

export class InvalidAccessKeyId extends S3Error {
  readonly code = 'InvalidAccessKeyId'
  readonly status = 403
  constructor(accessKeyId: string) {
    super('The AWS Access Key Id you provided does not exist in our records.', {
      AWSAccessKeyId: accessKeyId,
    })
  }
}

// ── Configuration lookups ───────────────────────────────────────────────────

export class NoSuchBucketPolicy extends BucketError {
  static override readonly text = 'The bucket policy does not exist'
  readonly code = 'NoSuchBucketPolicy'
  readonly status = 404
}

export class ServerSideEncryptionConfigurationNotFoundError extends BucketError {
  static override readonly text = 'The server side encryption configuration was not found'
  readonly code = 'ServerSideEncryptionConfigurationNotFoundError'
  readonly status = 404
}

// ── KMS failures as S3 reports them (reference §2.1: `KMS.<Exception>`, HTTP 400) ──

abstract class KmsThroughS3 extends S3Error {
  readonly status: number = 400
}

export class KmsNotFoundException extends KmsThroughS3 {
  readonly code = 'KMS.NotFoundException'
}
export class KmsDisabledException extends KmsThroughS3 {
  readonly code = 'KMS.DisabledException'
}
export class KmsInvalidStateException extends KmsThroughS3 {
  readonly code = 'KMS.KMSInvalidStateException'
}
export class KmsInvalidKeyUsageException extends KmsThroughS3 {
  readonly code = 'KMS.InvalidKeyUsageException'
}
export class KmsInvalidCiphertextException extends KmsThroughS3 {
  readonly code = 'KMS.InvalidCiphertextException'
}
/** KMS throttled S3's call; S3 passes it on as a retryable 503. */
export class KmsThrottlingException extends KmsThroughS3 {
  override readonly status = 503
  override readonly fault = 'server' as const
  readonly code = 'KMS.ThrottlingException'
}
/** KMS server faults S3 passes on; statuses are not captured (reference §3 lists them as 5xx). */
export class KmsInternalException extends KmsThroughS3 {
  override readonly status = 500
  override readonly fault = 'server' as const
  readonly code = 'KMS.KMSInternalException'
}
export class KmsKeyUnavailableException extends KmsThroughS3 {
  override readonly status = 500
  override readonly fault = 'server' as const
  readonly code = 'KMS.KeyUnavailableException'
}
export class KmsDependencyTimeoutException extends KmsThroughS3 {
  override readonly status = 503
  override readonly fault = 'server' as const
  readonly code = 'KMS.DependencyTimeoutException'
}

// ── Server side ─────────────────────────────────────────────────────────────

export class InternalError extends S3ServerError {
  readonly code = 'InternalError'
  readonly status = 500
  constructor() {
    super('We encountered an internal error. Please try again.')
  }
}

/** An operation this mock does not implement: answered, never passed to the real network. */
export class NotImplemented extends S3ServerError {
  readonly code = 'NotImplemented'
  readonly status = 501
  constructor(operation: string) {
    super(
      `A header or query you provided implies functionality that is not implemented. (s3-kms-mock: ${operation})`,
    )
  }
}

export class ServiceUnavailable extends S3ServerError {
  readonly code = 'ServiceUnavailable'
  readonly status = 503
  constructor() {
    super('Please reduce your request rate.')
  }
}

export class SlowDown extends S3ServerError {
  readonly code = 'SlowDown'
  readonly status = 503
  constructor() {
    super('Please reduce your request rate.')
  }
}

/**
 * S3 answered too slowly reading the request (400, retried by the SDK as a transient error). Text
 * from the S3 error-responses list.
 */
export class RequestTimeout extends S3Error {
  readonly code = 'RequestTimeout'
  readonly status = 400
  constructor() {
    super(
      'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.',
    )
  }
}
