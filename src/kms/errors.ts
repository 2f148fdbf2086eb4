import { AwsError } from '../core/aws-error.js'

/**
 * KMS error codes (reference/aws-sse-error-contract.md §3). Every client error AWS KMS was
 * captured returning came back with HTTP 400, `DisabledException` included; server faults are 5xx.
 * Messages are AWS's text; callers pass the parts that vary (key ARN, operation).
 */
abstract class KmsClientError extends AwsError {
  readonly status: number = 400
}

abstract class KmsServerError extends AwsError {
  override readonly fault = 'server' as const
  readonly status: number = 500
}

export class NotFoundException extends KmsClientError {
  readonly code = 'NotFoundException'
  /** `Invalid keyId 'x'` for ids that are not a key id, ARN or alias form. */
  static invalidKeyId(keyId: string): NotFoundException {
    return new NotFoundException(`Invalid keyId '${keyId}'`)
  }
  /** A well-formed key id or ARN with no key behind it: AWS always names the ARN. */
  static keyDoesNotExist(keyArn: string): NotFoundException {
    return new NotFoundException(`Key '${keyArn}' does not exist`)
  }
  static invalidArnRegion(region: string): NotFoundException {
    return new NotFoundException(`Invalid arn ${region}`)
  }
  static aliasNotFound(aliasArn: string): NotFoundException {
    return new NotFoundException(`Alias ${aliasArn} is not found.`)
  }
}

export class DisabledException extends KmsClientError {
  readonly code = 'DisabledException'
  constructor(keyArn: string) {
    super(`${keyArn} is disabled.`)
  }
}

export class KMSInvalidStateException extends KmsClientError {
  readonly code = 'KMSInvalidStateException'
}

export class InvalidCiphertextException extends KmsClientError {
  readonly code = 'InvalidCiphertextException'
  constructor() {
    // AWS answers with an empty message (captured 2025-09-22).
    super('')
  }
}

export class IncorrectKeyException extends KmsClientError {
  readonly code = 'IncorrectKeyException'
  constructor() {
    super('The key ID in the request does not identify a CMK that can perform this operation.')
  }
}

export class InvalidKeyUsageException extends KmsClientError {
  readonly code = 'InvalidKeyUsageException'
  static wrongUsage(keyArn: string, usage: string, operation: string): InvalidKeyUsageException {
    return new InvalidKeyUsageException(
      `${keyArn} key usage is ${usage} which is not valid for ${operation}.`,
    )
  }
  static wrongSpec(keyArn: string, spec: string, operation: string): InvalidKeyUsageException {
    return new InvalidKeyUsageException(
      `${keyArn} key spec is ${spec} which is not valid for ${operation}.`,
    )
  }
}

export class ValidationException extends KmsClientError {
  readonly code = 'ValidationException'
}

/** Type mismatches in the JSON body, raised by the protocol before any operation runs. */
export class SerializationException extends KmsClientError {
  readonly code = 'SerializationException'
}

export class UnknownOperationException extends KmsClientError {
  readonly code = 'UnknownOperationException'
  constructor() {
    super('')
  }
}

export class NotAuthorizedException extends KmsClientError {
  readonly code = 'NotAuthorizedException'
  constructor() {
    super('')
  }
}

export class AlreadyExistsException extends KmsClientError {
  readonly code = 'AlreadyExistsException'
}

export class LimitExceededException extends KmsClientError {
  readonly code = 'LimitExceededException'
}

export class UnsupportedOperationException extends KmsClientError {
  readonly code = 'UnsupportedOperationException'
}

export class AccessDeniedException extends KmsClientError {
  readonly code = 'AccessDeniedException'
}

export class DryRunOperationException extends KmsClientError {
  readonly code = 'DryRunOperationException'
  constructor() {
    super('The request would have succeeded, but the DryRun option is set.')
  }
}

export class InvalidMarkerException extends KmsClientError {
  readonly code = 'InvalidMarkerException'
}

export class InvalidGrantIdException extends KmsClientError {
  readonly code = 'InvalidGrantIdException'
}

export class InvalidGrantTokenException extends KmsClientError {
  readonly code = 'InvalidGrantTokenException'
}

export class MalformedPolicyDocumentException extends KmsClientError {
  readonly code = 'MalformedPolicyDocumentException'
}

export class TagException extends KmsClientError {
  readonly code = 'TagException'
}

export class InvalidImportTokenException extends KmsClientError {
  readonly code = 'InvalidImportTokenException'
}

export class IncorrectKeyMaterialException extends KmsClientError {
  readonly code = 'IncorrectKeyMaterialException'
}

export class ExpiredImportTokenException extends KmsClientError {
  readonly code = 'ExpiredImportTokenException'
}

export class KMSInvalidSignatureException extends KmsClientError {
  readonly code = 'KMSInvalidSignatureException'
  constructor() {
    super('')
  }
}

export class KMSInvalidMacException extends KmsClientError {
  readonly code = 'KMSInvalidMacException'
  constructor() {
    super('')
  }
}

export class ThrottlingException extends KmsClientError {
  readonly code = 'ThrottlingException'
  constructor(message = 'Rate exceeded') {
    super(message)
  }
}

export class KMSInternalException extends KmsServerError {
  readonly code = 'KMSInternalException'
  constructor(message = 'An internal error occurred.') {
    super(message)
  }
}

export class DependencyTimeoutException extends KmsServerError {
  override readonly status = 503
  readonly code = 'DependencyTimeoutException'
  constructor(message = 'The system timed out while trying to fulfill the request.') {
    super(message)
  }
}

export class KeyUnavailableException extends KmsServerError {
  readonly code = 'KeyUnavailableException'
  constructor(
    message = 'The request was rejected because the specified KMS key was not available.',
  ) {
    super(message)
  }
}

/** Errors a fault rule can name by code, with AWS's default text. */
export const kmsFaultErrors: Readonly<Record<string, () => AwsError>> = {
  ThrottlingException: () => new ThrottlingException(),
  KMSInternalException: () => new KMSInternalException(),
  DependencyTimeoutException: () => new DependencyTimeoutException(),
  KeyUnavailableException: () => new KeyUnavailableException(),
}

/** An unsigned request (no SigV4 Authorization header or presigned query). */
export class MissingAuthenticationTokenException extends KmsClientError {
  readonly code = 'MissingAuthenticationTokenException'
  constructor() {
    super('Missing Authentication Token')
  }
}

/**
 * A signature that does not verify against the configured credentials (SPEC §5.5), or one dated
 * too far from the clock (`InvalidSignatureException.expired` / `.notYetCurrent`).
 */
export class InvalidSignatureException extends KmsClientError {
  readonly code = 'InvalidSignatureException'
  constructor(
    message = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  ) {
    super(message)
  }
  /**
   * KMS's clock-skew answers, captured (aws/aws-sdk-js-v3#6400 for KMS; aws/aws-sdk-go#2194):
   * `Signature expired: <signed> is now earlier than <now - 5 min> (<now> - 5 min.)`, and the
   * mirror `Signature not yet current: … is still later than … (… + 5 min.)`.
   */
  static skewed(signedAt: string, now: Date, maxSkewMs: number): InvalidSignatureException {
    const long = (ms: number) =>
      new Date(ms)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '')
    const minutes = Math.round(maxSkewMs / 60_000)
    const t = now.getTime()
    const signed = Date.parse(
      `${signedAt.slice(0, 4)}-${signedAt.slice(4, 6)}-${signedAt.slice(6, 8)}T${signedAt.slice(9, 11)}:${signedAt.slice(11, 13)}:${signedAt.slice(13, 15)}Z`,
    )
    return signed < t
      ? new InvalidSignatureException(
          `Signature expired: ${signedAt} is now earlier than ${long(t - maxSkewMs)} (${long(t)} - ${minutes} min.)`,
        )
      : new InvalidSignatureException(
          `Signature not yet current: ${signedAt} is still later than ${long(t + maxSkewMs)} (${long(t)} + ${minutes} min.)`,
        )
  }
}

/**
 * An `Authorization` header KMS cannot read as SigV4: SigV2, an unknown scheme, or SigV4 with
 * parts missing. Captured text (aws/aws-sdk-js#4285 for a SigV2 header on a JSON service,
 * aws/chalice#828): one sentence per missing part, then `Authorization=<header>`.
 */
export class IncompleteSignatureException extends KmsClientError {
  readonly code = 'IncompleteSignatureException'
}

/** A body over the mock's KMS request cap (not captured from AWS: see docs/fidelity.md). */
export class RequestEntityTooLargeException extends KmsClientError {
  override readonly status = 413
  readonly code = 'RequestEntityTooLargeException'
  constructor(limit: number) {
    super(`Request body is larger than ${limit} bytes.`)
  }
}

/** An access key the mock was not configured with (SPEC §5.5). */
export class UnrecognizedClientException extends KmsClientError {
  readonly code = 'UnrecognizedClientException'
  constructor() {
    super('The security token included in the request is invalid.')
  }
}

/*
 * Custom key store and multi-Region errors (kms/2014-11-01 error shapes). Their codes are the
 * service model's; their messages are not captured from AWS (docs/fidelity.md, "Custom key
 * stores", "Multi-Region keys") and name the condition the API reference gives for each.
 */

export class CustomKeyStoreNotFoundException extends KmsClientError {
  readonly code = 'CustomKeyStoreNotFoundException'
}

export class CustomKeyStoreNameInUseException extends KmsClientError {
  readonly code = 'CustomKeyStoreNameInUseException'
}

export class CustomKeyStoreInvalidStateException extends KmsClientError {
  readonly code = 'CustomKeyStoreInvalidStateException'
}

export class CustomKeyStoreHasCMKsException extends KmsClientError {
  readonly code = 'CustomKeyStoreHasCMKsException'
}

export class CloudHsmClusterInUseException extends KmsClientError {
  readonly code = 'CloudHsmClusterInUseException'
}

export class XksProxyUriInUseException extends KmsClientError {
  readonly code = 'XksProxyUriInUseException'
}

export class XksProxyVpcEndpointServiceInUseException extends KmsClientError {
  readonly code = 'XksProxyVpcEndpointServiceInUseException'
}

export class XksProxyInvalidConfigurationException extends KmsClientError {
  readonly code = 'XksProxyInvalidConfigurationException'
}

export class XksKeyAlreadyInUseException extends KmsClientError {
  readonly code = 'XksKeyAlreadyInUseException'
}

export class InvalidArnException extends KmsClientError {
  readonly code = 'InvalidArnException'
}
