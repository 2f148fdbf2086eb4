import { decodeBlob } from '../ciphertext-blob.js'

/**
 * What one KMS call needs permission for (KMS developer guide, "AWS KMS permissions" table): the
 * action, the key it acts on (as the request names it; undefined for actions on `*` such as
 * CreateKey, which only identity policies decide), the grant operation that could allow it, and
 * the encryption context that grant constraints and `kms:EncryptionContext:` keys see.
 */
export interface KmsNeed {
  readonly action: string
  readonly keyReference: string | undefined
  /** The name a grant lists for this operation; undefined when no grant can allow it. */
  readonly grantOperation: string | undefined
  readonly encryptionContext: Readonly<Record<string, string>> | undefined
  /** The Region whose key is meant, when not the request's (the replica of UpdatePrimaryRegion). */
  readonly region?: string
}

type Input = Readonly<Record<string, unknown>>

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const context = (value: unknown): Record<string, string> | undefined =>
  value !== null && typeof value === 'object' && !(value instanceof Uint8Array)
    ? (value as Record<string, string>)
    : undefined

/** The key a symmetric ciphertext names, for Decrypt and ReEncrypt without a key id. */
function keyOfCiphertext(blob: unknown, keyId: unknown): string | undefined {
  const named = text(keyId)
  if (named !== undefined) return named
  return blob instanceof Uint8Array ? decodeBlob(blob)?.keyId : undefined
}

/** Operations acting on no particular key: identity policies alone decide them. */
const ON_ANY_RESOURCE = new Set([
  'CreateKey',
  'ListKeys',
  'ListAliases',
  'GenerateRandom',
  'ListRetirableGrants',
  'CreateCustomKeyStore',
  'DescribeCustomKeyStores',
  'UpdateCustomKeyStore',
  'DeleteCustomKeyStore',
  'ConnectCustomKeyStore',
  'DisconnectCustomKeyStore',
])

/** Operations a grant can allow (KMS developer guide, "Grant operations"). */
const GRANT_OPERATIONS = new Set([
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateMac',
  'VerifyMac',
  'Sign',
  'Verify',
  'GetPublicKey',
  'DescribeKey',
  'CreateGrant',
  'RetireGrant',
  'DeriveSharedSecret',
  'Encapsulate',
  'Decapsulate',
])

/** What the call `name` with `input` needs; one need per key it touches. */
export function kmsNeeds(name: string, input: Input): KmsNeed[] {
  if (ON_ANY_RESOURCE.has(name)) {
    return [
      {
        action: `kms:${name}`,
        keyReference: undefined,
        grantOperation: undefined,
        encryptionContext: undefined,
      },
    ]
  }
  switch (name) {
    case 'Decrypt':
      return [
        {
          action: 'kms:Decrypt',
          keyReference: keyOfCiphertext(input.CiphertextBlob, input.KeyId),
          grantOperation: 'Decrypt',
          encryptionContext: context(input.EncryptionContext) ?? {},
        },
      ]
    case 'ReEncrypt':
      return [
        {
          action: 'kms:ReEncryptFrom',
          keyReference: keyOfCiphertext(input.CiphertextBlob, input.SourceKeyId),
          grantOperation: 'ReEncryptFrom',
          encryptionContext: context(input.SourceEncryptionContext) ?? {},
        },
        {
          action: 'kms:ReEncryptTo',
          keyReference: text(input.DestinationKeyId),
          grantOperation: 'ReEncryptTo',
          encryptionContext: context(input.DestinationEncryptionContext) ?? {},
        },
      ]
    case 'ReplicateKey':
      // kms:ReplicateKey on the primary key, and kms:CreateKey in an IAM policy for the replica
      // (ReplicateKey API reference, "Required permissions").
      return [
        keyNeed(name, text(input.KeyId), undefined),
        {
          action: 'kms:CreateKey',
          keyReference: undefined,
          grantOperation: undefined,
          encryptionContext: undefined,
        },
      ]
    case 'UpdatePrimaryRegion': {
      // kms:UpdatePrimaryRegion on the current primary key and on the replica key, each in its
      // own Region's key policy (UpdatePrimaryRegion API reference, "Required permissions"). The
      // replica has the primary's key id; an ARN names the request's Region, so only its id is
      // looked up in the other one.
      const keyId = text(input.KeyId)
      const region = text(input.PrimaryRegion)
      const replicaId = keyId?.startsWith('arn:') === true ? keyId.split('/').pop() : keyId
      return [
        keyNeed(name, keyId, undefined),
        ...(region === undefined ? [] : [{ ...keyNeed(name, replicaId, undefined), region }]),
      ]
    }
    case 'CreateAlias':
    case 'UpdateAlias':
      return [keyNeed(name, text(input.TargetKeyId), undefined)]
    case 'DeleteAlias':
      return [keyNeed(name, text(input.AliasName), undefined)]
    default: {
      const encryptionContext = context(input.EncryptionContext)
      return [keyNeed(name, text(input.KeyId), encryptionContext)]
    }
  }
}

function keyNeed(
  name: string,
  keyReference: string | undefined,
  encryptionContext: Record<string, string> | undefined,
): KmsNeed {
  return {
    action: `kms:${name}`,
    keyReference,
    grantOperation: GRANT_OPERATIONS.has(name) ? name : undefined,
    encryptionContext:
      encryptionContext ?? (/^(Encrypt|GenerateDataKey)/.test(name) ? {} : undefined),
  }
}
