import { MalformedXML } from './errors.js'

/** Server access logging as PutBucketLogging sets it (model names). Logs are not written. */
export interface LoggingEnabled {
  readonly TargetBucket: string
  readonly TargetPrefix: string
  readonly TargetGrants?: readonly TargetGrant[]
  readonly TargetObjectKeyFormat?: {
    readonly SimplePrefix?: Record<string, never>
    readonly PartitionedPrefix?: { readonly PartitionDateSource?: string }
  }
}

interface TargetGrant {
  readonly Grantee?: {
    readonly Type?: string
    readonly ID?: string
    readonly EmailAddress?: string
    readonly URI?: string
    readonly DisplayName?: string
  }
  readonly Permission?: string
}

/** `BucketLogsPermission` and `PartitionDateSource` enums of the model. */
const PERMISSIONS: ReadonlySet<string> = new Set(['FULL_CONTROL', 'READ', 'WRITE'])
const DATE_SOURCES: ReadonlySet<string> = new Set(['EventTime', 'DeliveryTime'])

/**
 * The logging settings with each grantee's `xsi:type` (an XML attribute, inferred here from the
 * member it names as S3 requires one), or MalformedXML for a value outside the model's enums or
 * both key formats at once.
 */
export function validLogging(config: LoggingEnabled): LoggingEnabled {
  const format = config.TargetObjectKeyFormat
  if (format !== undefined) {
    if ((format.SimplePrefix === undefined) === (format.PartitionedPrefix === undefined)) {
      throw new MalformedXML()
    }
    const source = format.PartitionedPrefix?.PartitionDateSource
    if (source !== undefined && !DATE_SOURCES.has(source)) throw new MalformedXML()
  }
  const grants = config.TargetGrants?.map((grant): TargetGrant => {
    if (grant.Permission !== undefined && !PERMISSIONS.has(grant.Permission)) {
      throw new MalformedXML()
    }
    const grantee = grant.Grantee
    if (grantee === undefined) return grant
    const type =
      grantee.ID !== undefined
        ? 'CanonicalUser'
        : grantee.URI !== undefined
          ? 'Group'
          : grantee.EmailAddress !== undefined
            ? 'AmazonCustomerByEmail'
            : undefined
    if (type === undefined) throw new MalformedXML()
    return { ...grant, Grantee: { ...grantee, Type: type } }
  })
  return structuredClone({ ...config, ...(grants === undefined ? {} : { TargetGrants: grants }) })
}
