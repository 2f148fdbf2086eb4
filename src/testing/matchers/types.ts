/**
 * What a KMS encryption is expected to be. `keyId` takes any of the four ways to name a key (key
 * id, key ARN, alias name, alias ARN); `context` lists pairs that must be present (S3 adds
 * `aws:s3:arn` itself, so it need not be listed). Values may be asymmetric matchers such as
 * `expect.any(String)`.
 * @public
 */
export interface KmsExpectation {
  keyId?: string
  context?: Record<string, unknown>
}

/**
 * Which refusal a denial matcher looks for. `principal` takes a full ARN (user, role, session) or
 * a declared principal's short name (`'role/reporting'`); `reason` is the policy that decided.
 * @public
 */
export interface DenialExpectation {
  principal?: string
  reason?: 'key policy' | 'identity policy' | 'bucket policy' | 'grant'
  /** `true`: refused by a Deny statement; `false`: no statement allowed it. */
  explicit?: boolean
}

/**
 * The matchers of SPEC §6, for vitest (`s3-kms-mock/vitest`) and jest (`s3-kms-mock/jest`).
 * Their subject is an object reference, `world.s3.object(bucket, key)`, or for the KMS call
 * matchers also the world itself.
 * @public
 */
export interface S3KmsMockMatchers<R = unknown> {
  /**
   * The object is stored with SSE-KMS (or DSSE-KMS), under `keyId` when given, with an
   * encryption context containing `context` when given.
   * @example
   * ```ts
   * expect(aws.s3.object('invoices', 'acme/42.pdf')).toBeEncryptedWithKms({
   *   keyId: 'alias/invoices',
   *   context: { tenant: 'acme' },
   * })
   * ```
   */
  toBeEncryptedWithKms(expected?: KmsExpectation): R
  /**
   * The object is stored with SSE-C, under this customer key when given (raw bytes, or a string
   * read as the AWS SDK reads `SSECustomerKey`: base64 of 32 bytes, else UTF-8). Only the key's
   * MD5 is compared: the mock never stores customer keys.
   */
  toBeEncryptedWithCustomerKey(key?: string | Uint8Array): R
  /** The object is stored with SSE-S3 (S3-managed keys, `AES256`). */
  toBeEncryptedWithS3Managed(): R
  /**
   * The object is stored without server-side encryption. S3 encrypts every new object since
   * January 2023, so this holds for no object; `.not.toBeUnencrypted()` documents the guarantee.
   */
  toBeUnencrypted(): R
  /**
   * KMS received `operation` (`GenerateDataKey`, `Decrypt`, …), for the object when the subject
   * is an object reference (its ARN in the encryption context), with `keyId` and `context` when
   * given. Failed calls count: the call was made.
   * @example
   * ```ts
   * expect(aws).toHaveKmsCall('GenerateDataKey', { keyId: 'alias/invoices', context: { tenant: 'acme' } })
   * ```
   */
  toHaveKmsCall(operation: string, expected?: KmsExpectation): R
  /** A successful KMS `Decrypt` under `keyId` (for the object, when the subject is one). */
  toHaveBeenDecryptedBy(keyId: string): R
  /**
   * KMS refused `operation` (`Decrypt`, `GenerateDataKey`, …) to a declared principal (SPEC §5.7),
   * S3's own calls on a caller's behalf included. The subject is the world. On failure the
   * message lists the operation's calls and the statement, grant or missing Allow that decided.
   * @example
   * ```ts
   * expect(aws).toHaveDeniedKmsCall('Decrypt', { principal: 'role/reporting', reason: 'key policy' })
   * ```
   */
  toHaveDeniedKmsCall(operation: string, expected?: DenialExpectation): R
  /** S3 refused `operation` (`PutObject`, `GetObject`, …) to a declared principal; as above. */
  toHaveDeniedS3Call(operation: string, expected?: DenialExpectation): R
}
