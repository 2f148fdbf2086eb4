import type { KmsKey } from '../kms/key.js'
import type { KmsState } from '../kms/state.js'
import type { Bucket } from '../s3/bucket.js'
import type { EncryptionDescriptor, VersionEntry } from '../s3/object-version.js'
import type { S3State } from '../s3/state.js'

/**
 * What `world.inspect()` shows.
 * @public
 */
export interface InspectOptions {
  /** Only this bucket (keys are still listed: they say what the bucket's objects are under). */
  bucket?: string
  /** At most this many objects per bucket; the rest are counted. Default 50. */
  maxObjects?: number
}

interface Node {
  label: string
  children: Node[]
}

const node = (label: string, children: Node[] = []): Node => ({ label, children })

/** `alias/a, alias/b` for a key id, from the aliases of its region. */
type AliasIndex = (region: string, keyId: string) => string[]

function aliasIndex(kms: KmsState): AliasIndex {
  const index = new Map<string, string[]>()
  for (const [region, state] of kms.regions()) {
    for (const alias of state.aliases.values()) {
      const id = `${region}/${alias.targetKeyId}`
      index.set(id, [...(index.get(id) ?? []), alias.name].sort())
    }
  }
  return (region, keyId) => index.get(`${region}/${keyId}`) ?? []
}

/** `key/<id>` part and region of a key ARN; undefined for anything else (alias ARNs, ids). */
function keyArnParts(arn: string): { region: string; keyId: string } | undefined {
  const match = /^arn:[^:]+:kms:([^:]+):\d+:key\/(.+)$/.exec(arn)
  return match === null ? undefined : { region: match[1] ?? '', keyId: match[2] ?? '' }
}

/**
 * A key as people recognise it: its id and its aliases, e.g.
 * `1234abcd-… (alias/invoices)`. Used by inspect and the matchers' messages.
 * @internal
 */
export function describeKeyArn(arn: string, aliases: AliasIndex): string {
  const parts = keyArnParts(arn)
  if (parts === undefined) return arn
  const names = aliases(parts.region, parts.keyId)
  return names.length === 0 ? arn : `${arn} (${names.join(', ')})`
}

function keyLine(key: KmsKey, aliases: string[]): string {
  const facts = [
    key.keySpec,
    key.keyUsage,
    key.state,
    ...(key.keyManager === 'AWS' ? ['AWS managed'] : []),
    ...(key.origin === 'AWS_KMS' ? [] : [`origin ${key.origin}`]),
    ...(key.rotation.enabled ? ['rotation on'] : []),
  ]
  const named = aliases.length === 0 ? '' : ` ${aliases.join(', ')}`
  const description = key.description === '' ? '' : ` "${key.description}"`
  return `key ${key.id}${named}: ${facts.join(', ')}${description}`
}

function encryptionText(e: EncryptionDescriptor, aliases: AliasIndex): string {
  switch (e.kind) {
    case 'SSE-S3':
      return 'SSE-S3'
    case 'SSE-KMS': {
      const algorithm = e.algorithm === 'aws:kms:dsse' ? 'DSSE-KMS' : 'SSE-KMS'
      const bucketKey = e.bucketKeyEnabled ? ', bucket key' : ''
      return `${algorithm} key ${describeKeyArn(e.keyArn, aliases)}${bucketKey}, context ${JSON.stringify(sortedObject(e.encryptionContext))}`
    }
    case 'SSE-C':
      // The key MD5 is what S3 itself echoes in responses; it reveals nothing of the key.
      return `SSE-C customer key MD5 ${e.keyMd5}`
  }
}

function sortedObject(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)))
}

const ALGORITHMS: Readonly<Record<string, string>> = {
  AES256: 'SSE-S3',
  'aws:kms': 'SSE-KMS',
  'aws:kms:dsse': 'DSSE-KMS',
}

function bucketNode(bucket: Bucket, aliases: AliasIndex, uploads: number, max: number): Node {
  const rule = bucket.encryption
  const byDefault = rule.ApplyServerSideEncryptionByDefault
  const defaults: string[] = []
  if (byDefault !== undefined) {
    const algorithm = ALGORITHMS[byDefault.SSEAlgorithm] ?? byDefault.SSEAlgorithm
    const key =
      byDefault.KMSMasterKeyID === undefined
        ? ''
        : ` key ${describeKeyArn(byDefault.KMSMasterKeyID, aliases)}`
    defaults.push(`${algorithm}${key}`)
  }
  if (rule.BucketKeyEnabled === true) defaults.push('bucket key')
  const blocked = rule.BlockedEncryptionTypes?.EncryptionType ?? []
  if (blocked.length > 0 && !blocked.includes('NONE')) defaults.push(`blocks ${blocked.join(', ')}`)
  const facts = [bucket.region]
  if (bucket.versioning !== 'Unversioned') facts.push(`versioning ${bucket.versioning}`)
  facts.push(`default ${defaults.join(', ')}`)
  if (uploads > 0) facts.push(`${uploads} multipart upload${uploads === 1 ? '' : 's'} in progress`)

  const keys = [...bucket.objects.keys()].sort()
  const children = keys
    .slice(0, max)
    .map((key) => objectNode(key, bucket.objects.get(key) ?? [], aliases))
  if (keys.length > max) children.push(node(`… ${keys.length - max} more`))
  if (keys.length === 0) children.push(node('(no objects)'))
  return node(`bucket ${bucket.name} (${facts.join(', ')})`, children)
}

function objectNode(key: string, entries: readonly VersionEntry[], aliases: AliasIndex): Node {
  const [latest, ...older] = entries
  const more =
    older.length === 0 ? '' : ` (+${older.length} older version${older.length === 1 ? '' : 's'})`
  if (latest === undefined) return node(key)
  if (latest.kind === 'deleteMarker') return node(`${key}: delete marker${more}`)
  const version = latest.versionId === 'null' ? '' : `, version ${latest.versionId}`
  return node(
    `${key} (${latest.size} B${version})${more}: ${encryptionText(latest.encryption, aliases)}`,
  )
}

function render(root: Node): string {
  const lines = [root.label]
  const walk = (n: Node, prefix: string): void => {
    n.children.forEach((child, i) => {
      const last = i === n.children.length - 1
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${child.label}`)
      walk(child, `${prefix}${last ? '   ' : '│  '}`)
    })
  }
  walk(root, '')
  return lines.join('\n')
}

/**
 * `world.inspect()`: a readable tree of the world for failing tests (SPEC §6). Shows which key,
 * context and encryption; never key material, data keys or customer keys (SPEC §5.6): only
 * metadata is read here, and no descriptor field holding a wrapped key is printed.
 */
export function inspectWorld(
  kms: KmsState,
  s3: S3State,
  world: { accountId: string; region: string },
  options: InspectOptions = {},
  audit?: { readonly dropped: number; readonly maxEvents: number; readonly size: number },
): string {
  const aliases = aliasIndex(kms)
  const regions = [...kms.regions()].filter(([, r]) => r.keys.size > 0)
  const kmsNode = node(
    'KMS',
    regions.length === 0
      ? [node('(no keys)')]
      : regions.map(([name, region]) =>
          node(
            name,
            [...region.keys.values()].map((key) => node(keyLine(key, aliases(name, key.id)))),
          ),
        ),
  )
  const uploads = new Map<string, number>()
  for (const upload of s3.uploads.values()) {
    uploads.set(upload.bucket.name, (uploads.get(upload.bucket.name) ?? 0) + 1)
  }
  const buckets = [...s3.buckets.values()]
    .filter((b) => options.bucket === undefined || b.name === options.bucket)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
  const missing = options.bucket !== undefined && buckets.length === 0
  const s3Node = node(
    'S3',
    missing
      ? [node(`(no bucket ${options.bucket ?? ''})`)]
      : buckets.length === 0
        ? [node('(no buckets)')]
        : buckets.map((b) =>
            bucketNode(b, aliases, uploads.get(b.name) ?? 0, options.maxObjects ?? 50),
          ),
  )
  const nodes = [kmsNode, s3Node]
  // Only a bounded log says anything: an unbounded one never drops.
  if (audit !== undefined && Number.isFinite(audit.maxEvents)) {
    const kept = audit.size - audit.dropped
    nodes.push(
      node(
        `audit log: ${kept} event${kept === 1 ? '' : 's'} kept (at most ${audit.maxEvents}), ${audit.dropped} dropped`,
      ),
    )
  }
  return render(node(`world: account ${world.accountId}, region ${world.region}`, nodes))
}

/** @internal The alias index of a keystore, for the matchers' messages. */
export function aliasesOf(kms: KmsState): AliasIndex {
  return aliasIndex(kms)
}
