import type { Random } from '../core/random.js'
import { InvalidArgument, InvalidRequest, MalformedXML } from './errors.js'

/** A bucket's replication configuration (PutBucketReplication), model names. Nothing is copied. */
export interface ReplicationConfiguration {
  readonly Role: string
  readonly Rules: readonly ReplicationRule[]
}

interface ReplicationRule {
  readonly ID?: string
  readonly Priority?: number
  readonly Prefix?: string
  readonly Filter?: object
  readonly Status: string
  readonly DeleteMarkerReplication?: { readonly Status?: string }
  readonly Destination: { readonly Bucket: string; readonly StorageClass?: string }
}

/** "A replication configuration can have up to 1,000 rules" (user guide, replication config). */
const MAX_RULES = 1000
const STATUSES: ReadonlySet<string> = new Set(['Enabled', 'Disabled'])
const STORAGE_CLASSES: ReadonlySet<string> = new Set([
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'OUTPOSTS',
  'GLACIER_IR',
  'SNOW',
  'EXPRESS_ONEZONE',
  'FSX_OPENZFS',
  'FSX_ONTAP',
])
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)$/

/**
 * Validates as S3 does: versioning Enabled on the source ("Versioning must be 'Enabled' on the
 * bucket to apply a replication configuration", InvalidRequest), 1–1,000 rules with a Status,
 * a destination bucket ARN naming a bucket with versioning enabled ("Destination bucket must
 * have versioning enabled.", also when it does not exist); texts from LocalStack's AWS-validated
 * tests. A rule with a Filter (schema V2) needs DeleteMarkerReplication and distinct priorities:
 * texts _uncaptured_. Rules without an ID get one, as S3 assigns them.
 */
export function validReplication(
  config: ReplicationConfiguration,
  versioningEnabled: (bucket: string) => boolean,
  source: string,
  random: Random,
): ReplicationConfiguration {
  if (!versioningEnabled(source)) {
    throw new InvalidRequest(
      "Versioning must be 'Enabled' on the bucket to apply a replication configuration",
    )
  }
  if (config.Rules.length === 0 || config.Rules.length > MAX_RULES) throw new MalformedXML()
  if (config.Role === '') throw new MalformedXML()
  const priorities = new Set<number>()
  const rules = config.Rules.map((rule) => {
    if (!STATUSES.has(rule.Status)) throw new MalformedXML()
    const dmr = rule.DeleteMarkerReplication?.Status
    if (dmr !== undefined && !STATUSES.has(dmr)) throw new MalformedXML()
    const storageClass = rule.Destination.StorageClass
    if (storageClass !== undefined && !STORAGE_CLASSES.has(storageClass)) throw new MalformedXML()
    if (rule.Filter !== undefined) {
      if (rule.DeleteMarkerReplication === undefined) {
        throw new InvalidArgument(
          'DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema.',
        )
      }
      if (rule.Priority !== undefined) {
        if (priorities.has(rule.Priority)) {
          throw new InvalidRequest('Found duplicate priority ' + String(rule.Priority))
        }
        priorities.add(rule.Priority)
      }
    }
    const name = BUCKET_ARN.exec(rule.Destination.Bucket)?.[1]
    if (name === undefined) {
      throw new InvalidArgument('Invalid bucket ARN', 'Bucket', rule.Destination.Bucket)
    }
    if (!versioningEnabled(name)) {
      throw new InvalidRequest('Destination bucket must have versioning enabled.')
    }
    return {
      ...structuredClone(rule),
      ID: rule.ID ?? Buffer.from(random.uuid()).toString('base64'),
    }
  })
  return { ...structuredClone(config), Rules: rules }
}
