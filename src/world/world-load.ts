import { constants, createHash, createPublicKey, publicEncrypt } from 'node:crypto'
import { UsageError } from '../core/usage-error.js'
import { type S3CallInput, type WorldClient, WorldCallError } from './world-client.js'
import type { WorldFile, WorldFileBucket, WorldFileKey, WorldFileObject } from './world-file.js'

const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/'

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const md5 = (body: string): string => createHash('md5').update(body).digest('base64')

interface LoadContext {
  readonly name: string
  readonly region: string
  readonly client: WorldClient
  /** Key ARNs by `ref`. */
  readonly refs: Map<string, string>
}

/** Runs one step; an AWS error becomes a UsageError naming the file, the JSON path and the call. */
async function step<T>(ctx: LoadContext, path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (!(error instanceof WorldCallError)) throw error
    const text = error.message.replace(/\.$/, '')
    const message = text === '' ? '' : `: ${text}`
    throw new UsageError(
      `Failed to load world file ${ctx.name}: ${path}: ${error.operation} failed with ${error.code}${message}. Fix the file: its format is the JSON Schema s3-kms-mock/schema/world.schema.json.`,
    )
  }
}

const keyArnOf = (ctx: LoadContext, reference: string): string =>
  ctx.refs.get(reference) ?? reference

/**
 * Pins key material through the import path a user would take on AWS: a key created with
 * Origin EXTERNAL, GetParametersForImport for an RSA wrapping key, the material wrapped with
 * RSAES_OAEP_SHA_256, ImportKeyMaterial without expiry.
 */
async function importMaterial(
  ctx: LoadContext,
  region: string,
  keyId: string,
  material: string,
): Promise<void> {
  const params = await ctx.client.kms(region, 'GetParametersForImport', {
    KeyId: keyId,
    WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
    WrappingKeySpec: 'RSA_2048',
  })
  const publicKey = createPublicKey({
    key: Buffer.from(String(params.PublicKey), 'base64'),
    format: 'der',
    type: 'spki',
  })
  const wrapped = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(material, 'base64'),
  )
  await ctx.client.kms(region, 'ImportKeyMaterial', {
    KeyId: keyId,
    ImportToken: params.ImportToken,
    EncryptedKeyMaterial: wrapped.toString('base64'),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  })
}

async function loadKey(ctx: LoadContext, key: WorldFileKey, path: string): Promise<void> {
  const region = key.region ?? ctx.region
  const created = await step(ctx, path, () =>
    ctx.client.kms(region, 'CreateKey', {
      ...(key.description === undefined ? {} : { Description: key.description }),
      ...(key.keySpec === undefined ? {} : { KeySpec: key.keySpec }),
      ...(key.keyUsage === undefined ? {} : { KeyUsage: key.keyUsage }),
      ...(key.material === undefined ? {} : { Origin: 'EXTERNAL' }),
      ...(key.tags === undefined
        ? {}
        : { Tags: Object.entries(key.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) }),
    }),
  )
  const metadata = created.KeyMetadata as { KeyId: string; Arn: string }
  if (key.ref !== undefined) ctx.refs.set(key.ref, metadata.Arn)
  const material = key.material
  if (material !== undefined) {
    await step(ctx, `${path}.material`, () => importMaterial(ctx, region, metadata.KeyId, material))
  }
  for (const [i, alias] of (key.aliases ?? []).entries()) {
    await step(ctx, `${path}.aliases[${i}]`, () =>
      ctx.client.kms(region, 'CreateAlias', { AliasName: alias, TargetKeyId: metadata.KeyId }),
    )
  }
  if (key.rotation === true) {
    await step(ctx, `${path}.rotation`, () =>
      ctx.client.kms(region, 'EnableKeyRotation', { KeyId: metadata.KeyId }),
    )
  }
  if (key.enabled === false) {
    await step(ctx, `${path}.enabled`, () =>
      ctx.client.kms(region, 'DisableKey', { KeyId: metadata.KeyId }),
    )
  }
}

function bucketEncryptionXml(ctx: LoadContext, bucket: WorldFileBucket): string | undefined {
  const e = bucket.encryption
  if (e === undefined) return undefined
  const algorithm = e.type === 'SSE-KMS' ? 'aws:kms' : 'AES256'
  const key =
    e.key === undefined ? '' : `<KMSMasterKeyID>${escapeXml(keyArnOf(ctx, e.key))}</KMSMasterKeyID>`
  const bucketKey =
    e.bucketKeyEnabled === undefined
      ? ''
      : `<BucketKeyEnabled>${e.bucketKeyEnabled}</BucketKeyEnabled>`
  const blocked =
    e.blockedEncryptionTypes === undefined
      ? ''
      : `<BlockedEncryptionTypes>${e.blockedEncryptionTypes.map((t) => `<EncryptionType>${t}</EncryptionType>`).join('')}</BlockedEncryptionTypes>`
  return `<ServerSideEncryptionConfiguration xmlns="${S3_XMLNS}"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${algorithm}</SSEAlgorithm>${key}</ApplyServerSideEncryptionByDefault>${bucketKey}${blocked}</Rule></ServerSideEncryptionConfiguration>`
}

function objectRequest(
  ctx: LoadContext,
  region: string,
  bucket: string,
  object: WorldFileObject,
): S3CallInput {
  const headers: Record<string, string> = {}
  if (object.contentType !== undefined) headers['content-type'] = object.contentType
  for (const [name, value] of Object.entries(object.metadata ?? {})) {
    headers[`x-amz-meta-${name.toLowerCase()}`] = value
  }
  const e = object.encryption
  if (e?.type === 'SSE-C' && e.customerKey !== undefined) {
    const key = Buffer.from(e.customerKey, 'base64')
    headers['x-amz-server-side-encryption-customer-algorithm'] = 'AES256'
    headers['x-amz-server-side-encryption-customer-key'] = key.toString('base64')
    headers['x-amz-server-side-encryption-customer-key-md5'] = createHash('md5')
      .update(key)
      .digest('base64')
  } else if (e !== undefined) {
    headers['x-amz-server-side-encryption'] = e.type === 'SSE-KMS' ? 'aws:kms' : 'AES256'
    if (e.key !== undefined) {
      headers['x-amz-server-side-encryption-aws-kms-key-id'] = keyArnOf(ctx, e.key)
    }
    if (e.context !== undefined) {
      headers['x-amz-server-side-encryption-context'] = Buffer.from(
        JSON.stringify(e.context),
      ).toString('base64')
    }
    if (e.bucketKeyEnabled !== undefined) {
      headers['x-amz-server-side-encryption-bucket-key-enabled'] = String(e.bucketKeyEnabled)
    }
  }
  const body =
    object.bodyBase64 !== undefined
      ? new Uint8Array(Buffer.from(object.bodyBase64, 'base64'))
      : (object.body ?? '')
  return { region, method: 'PUT', bucket, key: object.key, headers, body }
}

async function loadBucket(ctx: LoadContext, bucket: WorldFileBucket, path: string): Promise<void> {
  const region = bucket.region ?? ctx.region
  const location =
    region === 'us-east-1'
      ? undefined
      : `<CreateBucketConfiguration xmlns="${S3_XMLNS}"><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`
  await step(ctx, path, () =>
    ctx.client.s3({
      region,
      method: 'PUT',
      bucket: bucket.name,
      ...(location === undefined ? {} : { body: location }),
    }),
  )
  if (bucket.versioning !== undefined) {
    const body = `<VersioningConfiguration xmlns="${S3_XMLNS}"><Status>${bucket.versioning}</Status></VersioningConfiguration>`
    await step(ctx, `${path}.versioning`, () =>
      ctx.client.s3({
        region,
        method: 'PUT',
        bucket: bucket.name,
        query: { versioning: '' },
        body,
        headers: { 'content-md5': md5(body) },
      }),
    )
  }
  if (bucket.policy !== undefined) {
    const policy = JSON.stringify(bucket.policy)
    await step(ctx, `${path}.policy`, () =>
      ctx.client.s3({
        region,
        method: 'PUT',
        bucket: bucket.name,
        query: { policy: '' },
        body: policy,
      }),
    )
  }
  const encryption = bucketEncryptionXml(ctx, bucket)
  if (encryption !== undefined) {
    await step(ctx, `${path}.encryption`, () =>
      ctx.client.s3({
        region,
        method: 'PUT',
        bucket: bucket.name,
        query: { encryption: '' },
        body: encryption,
        headers: { 'content-md5': md5(encryption) },
      }),
    )
  }
  for (const [j, object] of (bucket.objects ?? []).entries()) {
    await step(ctx, `${path}.objects[${j}]`, () =>
      ctx.client.s3(objectRequest(ctx, region, bucket.name, object)),
    )
  }
}

/** Creates what a checked world file describes, keys first, through the world's own APIs. */
export async function loadWorld(
  file: WorldFile,
  name: string,
  region: string,
  client: WorldClient,
): Promise<void> {
  const ctx: LoadContext = { name, region, client, refs: new Map() }
  for (const [i, key] of (file.keys ?? []).entries()) await loadKey(ctx, key, `$.keys[${i}]`)
  for (const [i, bucket] of (file.buckets ?? []).entries()) {
    await loadBucket(ctx, bucket, `$.buckets[${i}]`)
  }
}
