import { Secret } from '../core/secret.js'
import type { KmsContext } from './context.js'
import type { KeyMaterial, KeyPair, KmsKey } from './key.js'
import { keyArn } from './key-id.js'
import type { KeySpec, KeyUsage, Origin, Tag } from './shapes.js'

const HMAC_KEY_BYTES: Partial<Record<KeySpec, number>> = {
  HMAC_224: 28,
  HMAC_256: 32,
  HMAC_384: 48,
  HMAC_512: 64,
}

export function newMaterialId(ctx: Pick<KmsContext, 'random'>): string {
  return Buffer.from(ctx.random.bytes(32)).toString('hex')
}

/** Fresh backing material for a symmetric or HMAC key. */
export function newSecretMaterial(
  ctx: Pick<KmsContext, 'random' | 'clock'>,
  spec: KeySpec,
  bytes?: Uint8Array,
): KeyMaterial {
  const length = spec === 'SYMMETRIC_DEFAULT' ? 32 : (HMAC_KEY_BYTES[spec] ?? 32)
  return {
    id: newMaterialId(ctx),
    secret: new Secret(bytes ?? ctx.random.bytes(length)),
    createdAt: ctx.clock.now(),
  }
}

/** The default key policy AWS attaches: the account root may do everything. */
export function defaultKeyPolicy(accountId: string, partition = 'aws'): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
    null,
    2,
  )
}

export interface NewKeyParameters {
  keySpec: KeySpec
  keyUsage: KeyUsage
  origin: Origin
  keyManager: 'AWS' | 'CUSTOMER'
  description: string
  policy?: string
  tags: readonly Tag[]
  /** For asymmetric specs: the generated pair (crypto/asymmetric.ts makes it from ctx.random). */
  keyPair?: KeyPair
  /** `mrk-…` for a multi-Region primary key (a fresh UUID otherwise). */
  multiRegion?: boolean
  customKeyStore?: { id: string; cloudHsmClusterId?: string; xksKeyId?: string }
}

/** `mrk-` and 32 hex digits: the key id of every key in a multi-Region set. */
export const newMultiRegionKeyId = (ctx: Pick<KmsContext, 'random'>): string =>
  `mrk-${Buffer.from(ctx.random.bytes(16)).toString('hex')}`

/** Builds a key entity; the caller stores it. EXTERNAL keys start without material, in PendingImport. */
export function buildKey(ctx: KmsContext, params: NewKeyParameters): KmsKey {
  const id = params.multiRegion === true ? newMultiRegionKeyId(ctx) : ctx.random.uuid()
  const external = params.origin === 'EXTERNAL'
  const material =
    external || params.keyPair !== undefined ? undefined : newSecretMaterial(ctx, params.keySpec)
  const now = ctx.clock.now()
  const key: KmsKey = {
    id,
    arn: keyArn(ctx, id),
    accountId: ctx.accountId,
    region: ctx.region,
    createdAt: now,
    description: params.description,
    keySpec: params.keySpec,
    keyUsage: params.keyUsage,
    origin: params.origin,
    keyManager: params.keyManager,
    state: external ? 'PendingImport' : 'Enabled',
    policy: params.policy ?? defaultKeyPolicy(ctx.accountId),
    tags: params.tags,
    materials: material === undefined ? [] : [material],
    rotation: { enabled: false, periodInDays: 365, onDemandRotations: 0, history: [] },
    ...(material === undefined ? {} : { currentMaterialId: material.id }),
    ...(params.keyPair === undefined ? {} : { keyPair: params.keyPair }),
    ...(params.multiRegion === true ? { multiRegion: 'PRIMARY' as const } : {}),
    ...(params.customKeyStore === undefined
      ? {}
      : {
          customKeyStoreId: params.customKeyStore.id,
          ...(params.customKeyStore.cloudHsmClusterId === undefined
            ? {}
            : { cloudHsmClusterId: params.customKeyStore.cloudHsmClusterId }),
          ...(params.customKeyStore.xksKeyId === undefined
            ? {}
            : { xksKeyId: params.customKeyStore.xksKeyId }),
        }),
  }
  return key
}
