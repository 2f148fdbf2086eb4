import { AwsError } from '../../src/core/aws-error.js'
import { type Random, seededRandom } from '../../src/core/random.js'
import { Secret } from '../../src/core/secret.js'
import { open, seal } from '../../src/crypto/aead.js'
import { canonicalEncryptionContext } from '../../src/crypto/encryption-context.js'
import type { KeyService } from '../../src/s3/key-service.js'

/** A KMS error as the world's KeyService throws it: KMS's code and message. */
export class FakeKmsError extends AwsError {
  readonly code: string
  readonly status: number
  constructor(code: string, message: string, status = 400) {
    super(message)
    this.code = code
    this.status = status
  }
}

type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion'

interface FakeKey {
  readonly id: string
  readonly arn: string
  readonly material: Uint8Array
  readonly usage: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY'
  state: KeyState
}

export interface KeyServiceCall {
  operation: 'GenerateDataKey' | 'Decrypt' | 'Encrypt' | 'ReEncrypt' | 'DescribeKey'
  keyId?: string
  encryptionContext: Record<string, string>
  region: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * A stand-in for the world's KeyService in S3 domain tests: real AES-GCM wrapping with the
 * encryption context as AAD (so a wrong context fails as KMS would), key states, aliases,
 * `alias/aws/s3` created on first use, KMS's error codes and texts (reference §3), a call log,
 * and one-shot injected failures.
 */
export class FakeKeyService implements KeyService {
  readonly calls: KeyServiceCall[] = []
  readonly #keys = new Map<string, FakeKey>()
  readonly #aliases = new Map<string, string>()
  readonly #random: Random
  readonly #accountId: string
  #nextFailure: FakeKmsError | undefined

  constructor(options: { accountId?: string; random?: Random } = {}) {
    this.#accountId = options.accountId ?? '123456789012'
    this.#random = options.random ?? seededRandom('fake-key-service')
  }

  /** Creates a key in a region and returns its ARN; `alias` names it too. */
  createKey(
    region: string,
    options: { alias?: string; usage?: FakeKey['usage'] } = {},
  ): { id: string; arn: string } {
    const id = this.#random.uuid()
    const arn = `arn:aws:kms:${region}:${this.#accountId}:key/${id}`
    this.#keys.set(arn, {
      id,
      arn,
      material: this.#random.bytes(32),
      usage: options.usage ?? 'ENCRYPT_DECRYPT',
      state: 'Enabled',
    })
    if (options.alias !== undefined) this.#aliases.set(`${region}/${options.alias}`, arn)
    return { id, arn }
  }

  setState(arn: string, state: KeyState): void {
    const key = this.#keys.get(arn)
    if (key === undefined) throw new Error(`no key ${arn}`)
    key.state = state
  }

  /** The ARN behind an alias in a region, if it exists. */
  aliasArn(region: string, alias: string): string | undefined {
    return this.#aliases.get(`${region}/${alias}`)
  }

  /** The next call fails with this KMS error (e.g. ThrottlingException). */
  failNext(code: string, message = '', status = 400): void {
    this.#nextFailure = new FakeKmsError(code, message, status)
  }

  #failure(): void {
    const failure = this.#nextFailure
    this.#nextFailure = undefined
    if (failure !== undefined) throw failure
  }

  #resolve(keyId: string, region: string): FakeKey {
    if (keyId === 'alias/aws/s3' && !this.#aliases.has(`${region}/${keyId}`)) {
      this.createKey(region, { alias: keyId })
    }
    let arn: string
    if (keyId.startsWith('alias/')) {
      const target = this.#aliases.get(`${region}/${keyId}`)
      if (target === undefined) {
        throw new FakeKmsError(
          'NotFoundException',
          `Alias arn:aws:kms:${region}:${this.#accountId}:${keyId} is not found.`,
        )
      }
      arn = target
    } else if (keyId.startsWith('arn:')) {
      const keyRegion = keyId.split(':')[3] ?? ''
      if (keyRegion !== region)
        throw new FakeKmsError('NotFoundException', `Invalid arn ${keyRegion}`)
      arn = keyId
    } else if (UUID.test(keyId)) {
      arn = `arn:aws:kms:${region}:${this.#accountId}:key/${keyId}`
    } else {
      throw new FakeKmsError('NotFoundException', `Invalid keyId '${keyId}'`)
    }
    const key = this.#keys.get(arn)
    if (key === undefined)
      throw new FakeKmsError('NotFoundException', `Key '${arn}' does not exist`)
    return key
  }

  #assertUsable(key: FakeKey, operation: string): void {
    if (key.state === 'Disabled')
      throw new FakeKmsError('DisabledException', `${key.arn} is disabled.`)
    if (key.state === 'PendingDeletion') {
      throw new FakeKmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`)
    }
    if (key.usage !== 'ENCRYPT_DECRYPT') {
      throw new FakeKmsError(
        'InvalidKeyUsageException',
        `${key.arn} key usage is ${key.usage} which is not valid for ${operation}.`,
      )
    }
  }

  generateDataKey(req: {
    keyId: string
    encryptionContext: Record<string, string>
    region: string
  }): Promise<{ plaintext: Secret; ciphertextBlob: Uint8Array; keyArn: string }> {
    this.calls.push({ operation: 'GenerateDataKey', ...req })
    this.#failure()
    const key = this.#resolve(req.keyId, req.region)
    this.#assertUsable(key, 'GenerateDataKey')
    const plaintext = this.#random.bytes(32)
    const iv = this.#random.bytes(12)
    const { ciphertext, tag } = seal(
      key.material,
      iv,
      plaintext,
      canonicalEncryptionContext(req.encryptionContext),
    )
    const arnBytes = new TextEncoder().encode(key.arn)
    const blob = Buffer.concat([Buffer.from([arnBytes.length]), arnBytes, iv, tag, ciphertext])
    return Promise.resolve({
      plaintext: new Secret(plaintext),
      ciphertextBlob: blob,
      keyArn: key.arn,
    })
  }

  #wrap(key: FakeKey, plaintext: Uint8Array, context: Record<string, string>): Uint8Array {
    const iv = this.#random.bytes(12)
    const { ciphertext, tag } = seal(
      key.material,
      iv,
      plaintext,
      canonicalEncryptionContext(context),
    )
    const arnBytes = new TextEncoder().encode(key.arn)
    return Buffer.concat([Buffer.from([arnBytes.length]), arnBytes, iv, tag, ciphertext])
  }

  encrypt(req: {
    keyId: string
    plaintext: Secret
    encryptionContext: Record<string, string>
    region: string
  }): Promise<{ ciphertextBlob: Uint8Array; keyArn: string }> {
    this.calls.push({
      operation: 'Encrypt',
      keyId: req.keyId,
      encryptionContext: req.encryptionContext,
      region: req.region,
    })
    this.#failure()
    const key = this.#resolve(req.keyId, req.region)
    this.#assertUsable(key, 'Encrypt')
    const blob = this.#wrap(key, req.plaintext.reveal(), req.encryptionContext)
    return Promise.resolve({ ciphertextBlob: blob, keyArn: key.arn })
  }

  describeKey(req: {
    keyId: string
    region: string
  }): Promise<{ keyArn: string; keyManager: 'AWS' | 'CUSTOMER' }> {
    this.calls.push({ operation: 'DescribeKey', ...req, encryptionContext: {} })
    this.#failure()
    const key = this.#resolve(req.keyId, req.region)
    return Promise.resolve({ keyArn: key.arn, keyManager: 'CUSTOMER' })
  }

  reEncrypt(req: {
    ciphertextBlob: Uint8Array
    sourceEncryptionContext: Record<string, string>
    destinationKeyId: string
    destinationEncryptionContext: Record<string, string>
    region: string
  }): Promise<{ ciphertextBlob: Uint8Array; keyArn: string; sourceKeyArn: string }> {
    this.calls.push({
      operation: 'ReEncrypt',
      keyId: req.destinationKeyId,
      encryptionContext: req.destinationEncryptionContext,
      region: req.region,
    })
    this.#failure()
    const opened = this.#open(req.ciphertextBlob, req.sourceEncryptionContext, 'ReEncrypt')
    const key = this.#resolve(req.destinationKeyId, req.region)
    this.#assertUsable(key, 'ReEncrypt')
    const blob = this.#wrap(key, opened.plaintext, req.destinationEncryptionContext)
    return Promise.resolve({ ciphertextBlob: blob, keyArn: key.arn, sourceKeyArn: opened.arn })
  }

  #open(
    blob: Uint8Array,
    context: Record<string, string>,
    operation: string,
  ): { plaintext: Uint8Array; arn: string } {
    const arnLength = blob[0] ?? 0
    const arn = new TextDecoder().decode(blob.subarray(1, 1 + arnLength))
    const key = this.#keys.get(arn)
    if (key === undefined) throw new FakeKmsError('InvalidCiphertextException', '')
    this.#assertUsable(key, operation)
    const at = 1 + arnLength
    const plaintext = open(
      key.material,
      blob.subarray(at, at + 12),
      blob.subarray(at + 28),
      blob.subarray(at + 12, at + 28),
      canonicalEncryptionContext(context),
    )
    if (plaintext === undefined) throw new FakeKmsError('InvalidCiphertextException', '')
    return { plaintext: new Uint8Array(plaintext), arn }
  }

  decrypt(req: {
    ciphertextBlob: Uint8Array
    encryptionContext: Record<string, string>
    region: string
  }): Promise<{ plaintext: Secret; keyArn: string }> {
    this.calls.push({
      operation: 'Decrypt',
      encryptionContext: req.encryptionContext,
      region: req.region,
    })
    this.#failure()
    const blob = req.ciphertextBlob
    const arnLength = blob[0] ?? 0
    const arn = new TextDecoder().decode(blob.subarray(1, 1 + arnLength))
    const key = this.#keys.get(arn)
    if (key === undefined) throw new FakeKmsError('InvalidCiphertextException', '')
    this.#assertUsable(key, 'Decrypt')
    const at = 1 + arnLength
    const plaintext = open(
      key.material,
      blob.subarray(at, at + 12),
      blob.subarray(at + 28),
      blob.subarray(at + 12, at + 28),
      canonicalEncryptionContext(req.encryptionContext),
    )
    if (plaintext === undefined) throw new FakeKmsError('InvalidCiphertextException', '')
    return Promise.resolve({ plaintext: new Secret(new Uint8Array(plaintext)), keyArn: key.arn })
  }
}
