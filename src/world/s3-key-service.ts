import type { OperationContext } from '../core/context.js'
import { Secret } from '../core/secret.js'
import { ensureAwsManagedKey } from '../kms/managed-keys.js'
import type { KmsState } from '../kms/state.js'
import type { RequestMeta } from '../protocol/request-meta.js'
import { AWS_MANAGED_S3_KEY, type KeyService } from '../s3/key-service.js'
import type { WorldDispatcher } from './dispatcher.js'

const S3_PRINCIPAL = 's3.amazonaws.com'

const kmsUrls = new Map<string, URL>()

/** KMS's endpoint URL in a region; parsed once per region, not once per S3 request. */
function kmsUrl(region: string): URL {
  let url = kmsUrls.get(region)
  if (url === undefined) {
    url = new URL(`https://kms.${region}.amazonaws.com/`)
    kmsUrls.set(region, url)
  }
  return url
}

/**
 * The KeyService port S3 calls KMS through (DESIGN §3 rule 3), bound to one S3 request. Each call
 * runs KMS's own operation through the world's dispatcher as S3 would make it: same account and
 * access key as the user, `invokedBy: s3.amazonaws.com`, in the bucket's region. So the calls are
 * audited (SPEC §6 `toHaveKmsCall`) and faultable ("KMS unavailable as seen through S3").
 */
export function s3KeyService(
  dispatcher: WorldDispatcher,
  kms: () => KmsState,
  s3: OperationContext,
): KeyService {
  const caller = {
    ...s3.caller,
    invokedBy: S3_PRINCIPAL,
    sourceIp: S3_PRINCIPAL,
    userAgent: S3_PRINCIPAL,
  }

  const meta = (region: string): RequestMeta => ({
    requestId: s3.random.uuid(),
    method: 'POST',
    url: kmsUrl(region),
    secure: true,
    caller,
  })

  return {
    async generateDataKey({ keyId, encryptionContext, region }) {
      if (keyId === AWS_MANAGED_S3_KEY) {
        // S3 creates the AWS managed key the first time it needs it (reference §2).
        ensureAwsManagedKey(
          { ...s3, region, caller, notes: { resources: [] }, kms: kms().region(region) },
          AWS_MANAGED_S3_KEY,
        )
      }
      const output = await dispatcher.kms(
        'GenerateDataKey',
        { KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: encryptionContext },
        { region, meta: meta(region) },
        caller,
      )
      return {
        plaintext: new Secret(output.Plaintext),
        ciphertextBlob: output.CiphertextBlob,
        keyArn: output.KeyId,
      }
    },

    async decrypt({ ciphertextBlob, encryptionContext, region }) {
      const input = { CiphertextBlob: ciphertextBlob, EncryptionContext: encryptionContext }
      const output = await dispatcher.kms('Decrypt', input, { region, meta: meta(region) }, caller)
      return { plaintext: new Secret(output.Plaintext), keyArn: output.KeyId }
    },

    async encrypt({ keyId, plaintext, encryptionContext, region }) {
      const input = {
        KeyId: keyId,
        Plaintext: plaintext.reveal(),
        EncryptionContext: encryptionContext,
      }
      const output = await dispatcher.kms('Encrypt', input, { region, meta: meta(region) }, caller)
      return { ciphertextBlob: output.CiphertextBlob, keyArn: output.KeyId }
    },

    async reEncrypt(req) {
      const input = {
        CiphertextBlob: req.ciphertextBlob,
        SourceEncryptionContext: req.sourceEncryptionContext,
        DestinationKeyId: req.destinationKeyId,
        DestinationEncryptionContext: req.destinationEncryptionContext,
      }
      const output = await dispatcher.kms(
        'ReEncrypt',
        input,
        { region: req.region, meta: meta(req.region) },
        caller,
      )
      return {
        ciphertextBlob: output.CiphertextBlob,
        keyArn: output.KeyId,
        sourceKeyArn: output.SourceKeyId,
      }
    },

    async describeKey({ keyId, region }) {
      const output = await dispatcher.kms(
        'DescribeKey',
        { KeyId: keyId },
        { region, meta: meta(region) },
        caller,
      )
      return { keyArn: output.KeyMetadata.Arn, keyManager: output.KeyMetadata.KeyManager }
    },
  }
}
