import type { AwsError } from '../core/aws-error.js'
import type { FaultTarget } from '../core/faults.js'
import * as E from './errors.js'

type Factory = (target: FaultTarget) => AwsError

/** A KMS failure S3 passes on (`KMS.<Exception>`), with KMS's text for an injected fault. */
const kms =
  (make: new (message: string) => AwsError, message: string): Factory =>
  () =>
    new make(message)

/**
 * Every S3 error code the mock knows, as a fault rule can name it (SPEC §6): AWS's status, text
 * and body members, with the call's bucket and key where the error names them. Values the call
 * cannot supply (a range, a part number) are plausible stand-ins.
 */
export const s3FaultErrors: Readonly<Record<string, Factory>> = {
  // Server side: what SDK retry tests want.
  InternalError: () => new E.InternalError(),
  ServiceUnavailable: () => new E.ServiceUnavailable(),
  SlowDown: () => new E.SlowDown(),
  RequestTimeout: () => new E.RequestTimeout(),
  NotImplemented: ({ operation }) => new E.NotImplemented(operation ?? 'fault'),
  // Buckets and objects.
  NoSuchBucket: ({ bucket }) => new E.NoSuchBucket(bucket ?? ''),
  NoSuchKey: ({ key }) => new E.NoSuchKey(key ?? ''),
  NoSuchVersion: ({ key }) => new E.NoSuchVersion(key ?? '', 'null'),
  NoSuchUpload: () => new E.NoSuchUpload(''),
  BucketAlreadyExists: ({ bucket }) => new E.BucketAlreadyExists(bucket ?? ''),
  BucketAlreadyOwnedByYou: ({ bucket }) => new E.BucketAlreadyOwnedByYou(bucket ?? ''),
  BucketNotEmpty: ({ bucket }) => new E.BucketNotEmpty(bucket ?? ''),
  InvalidBucketName: ({ bucket }) => new E.InvalidBucketName(bucket ?? ''),
  InvalidLocationConstraint: () => new E.InvalidLocationConstraint(''),
  IllegalLocationConstraintException: () => new E.IllegalLocationConstraintException(''),
  InvalidStorageClass: () => new E.InvalidStorageClass(''),
  KeyTooLongError: () => new E.KeyTooLongError(),
  InvalidObjectState: () => E.InvalidObjectState.archived('GLACIER'),
  RestoreAlreadyInProgress: () => new E.RestoreAlreadyInProgress(),
  InvalidToken: () => new E.InvalidToken(),
  MethodNotAllowed: ({ bucket, key }) =>
    new E.MethodNotAllowed(
      '',
      key !== undefined ? 'OBJECT' : bucket !== undefined ? 'BUCKET' : 'SERVICE',
    ),
  NoSuchBucketPolicy: ({ bucket }) => new E.NoSuchBucketPolicy(bucket ?? ''),
  ServerSideEncryptionConfigurationNotFoundError: ({ bucket }) =>
    new E.ServerSideEncryptionConfigurationNotFoundError(bucket ?? ''),
  // Conditions and ranges.
  PreconditionFailed: () => new E.PreconditionFailed('If-Match'),
  RequestTimeTooSkewed: () =>
    new E.RequestTimeTooSkewed('20260101T000000Z', '2026-01-01T00:20:00Z', 900_000),
  NotModified: () => new E.NotModified(),
  InvalidRange: () => new E.InvalidRange('bytes=0-0', 0),
  InvalidPartNumber: () => new E.InvalidPartNumber(1, 0),
  // Request validation and bodies.
  InvalidArgument: () => new E.InvalidArgument('Invalid Argument'),
  InvalidRequest: () => new E.InvalidRequest('Invalid Request'),
  InvalidEncryptionAlgorithmError: () => new E.InvalidEncryptionAlgorithmError(''),
  InvalidURI: ({ key }) => new E.InvalidURI(key ?? '/'),
  MalformedXML: () => new E.MalformedXML(),
  MissingRequestBodyError: () => new E.MissingRequestBodyError(),
  MaxMessageLengthExceeded: () => new E.MaxMessageLengthExceeded(),
  MalformedPolicy: () => new E.MalformedPolicy('Policies must be valid JSON'),
  InvalidPolicyDocument: () => new E.InvalidPolicyDocument('Invalid Policy: Invalid JSON.'),
  MalformedPOSTRequest: () => new E.MalformedPOSTRequest(),
  IncorrectNumberOfFilesInPostRequest: () => new E.IncorrectNumberOfFilesInPostRequest(),
  MaxPostPreDataLengthExceeded: () => new E.MaxPostPreDataLengthExceeded(20480),
  InvalidDigest: () => new E.InvalidDigest(),
  BadDigest: () => E.BadDigest.contentMd5(),
  XAmzContentSHA256Mismatch: () => new E.XAmzContentSHA256Mismatch('', ''),
  IncompleteBody: () => new E.IncompleteBody(),
  InvalidChunkSizeError: () => new E.InvalidChunkSizeError(1, 0),
  MalformedTrailerError: () => new E.MalformedTrailerError(),
  MissingContentLength: () => new E.MissingContentLength(),
  EntityTooSmall: () => new E.EntityTooSmall(0, 5 * 1024 * 1024),
  EntityTooLarge: () => new E.EntityTooLarge(0, 5 * 1024 ** 3),
  InvalidPart: () => new E.InvalidPart('', 1, '""'),
  InvalidPartOrder: () => new E.InvalidPartOrder(''),
  // Authentication and authorisation.
  AccessDenied: () => new E.AccessDenied(),
  SignatureDoesNotMatch: () => new E.SignatureDoesNotMatch(),
  AuthorizationQueryParametersError: () =>
    new E.AuthorizationQueryParametersError(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    ),
  AuthorizationHeaderMalformed: () => new E.AuthorizationHeaderMalformed('the header is malformed'),
  InvalidAccessKeyId: () => new E.InvalidAccessKeyId(''),
  // KMS failures as S3 passes them on (reference §2.1).
  'KMS.NotFoundException': kms(E.KmsNotFoundException, 'Invalid keyId'),
  'KMS.DisabledException': kms(E.KmsDisabledException, 'The key is disabled.'),
  'KMS.KMSInvalidStateException': kms(E.KmsInvalidStateException, 'The key is pending deletion.'),
  'KMS.InvalidKeyUsageException': kms(E.KmsInvalidKeyUsageException, 'The key cannot be used.'),
  'KMS.InvalidCiphertextException': kms(E.KmsInvalidCiphertextException, ''),
  'KMS.ThrottlingException': kms(E.KmsThrottlingException, 'Rate exceeded'),
  'KMS.KMSInternalException': kms(E.KmsInternalException, 'An internal error occurred.'),
  'KMS.KeyUnavailableException': kms(E.KmsKeyUnavailableException, 'The key is unavailable.'),
  'KMS.DependencyTimeoutException': kms(E.KmsDependencyTimeoutException, 'Dependency timed out.'),
}
