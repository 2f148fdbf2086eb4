import { InvalidArgument, InvalidRequest, MalformedXML } from './errors.js'

/**
 * A bucket's static website configuration (PutBucketWebsite), named as S3's model names it. Stored
 * and returned; the website endpoint itself is not served (docs/fidelity.md).
 */
export interface WebsiteConfiguration {
  readonly ErrorDocument?: { readonly Key: string }
  readonly IndexDocument?: { readonly Suffix: string }
  readonly RedirectAllRequestsTo?: { readonly HostName: string; readonly Protocol?: string }
  readonly RoutingRules?: readonly RoutingRule[]
}

interface RoutingRule {
  readonly Condition?: {
    readonly HttpErrorCodeReturnedEquals?: string
    readonly KeyPrefixEquals?: string
  }
  readonly Redirect: Readonly<Record<string, string | undefined>> & {
    readonly Protocol?: string
    readonly ReplaceKeyPrefixWith?: string
    readonly ReplaceKeyWith?: string
  }
}

/** "You can have up to 50 routing rules" (user guide, configuring redirects). */
const MAX_ROUTING_RULES = 50
const PROTOCOL_TEXT =
  'Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.'

const checkProtocol = (protocol: string | undefined): void => {
  if (protocol !== undefined && protocol !== 'http' && protocol !== 'https') {
    throw new InvalidRequest(PROTOCOL_TEXT)
  }
}

/**
 * Validates a website configuration in S3's order (texts as LocalStack's AWS-validated tests
 * record them): RedirectAllRequestsTo stands alone; otherwise an IndexDocument whose Suffix is
 * not empty and has no slash; routing rules with a non-empty Condition and Redirect.
 */
export function validWebsite(config: WebsiteConfiguration): WebsiteConfiguration {
  if (config.RedirectAllRequestsTo !== undefined) {
    if (Object.keys(config).length > 1) {
      throw new InvalidArgument(
        'RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.',
        'RedirectAllRequestsTo',
        'not null',
      )
    }
    if (config.RedirectAllRequestsTo.HostName === '') throw new MalformedXML()
    checkProtocol(config.RedirectAllRequestsTo.Protocol)
    return structuredClone(config)
  }
  if (config.IndexDocument === undefined) {
    throw new InvalidArgument(
      'A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty',
      'IndexDocument',
      'null',
    )
  }
  const suffix = config.IndexDocument.Suffix
  if (suffix === '' || suffix.includes('/')) {
    throw new InvalidArgument(
      'The IndexDocument Suffix is not well formed',
      'IndexDocument',
      suffix,
    )
  }
  if (config.ErrorDocument !== undefined && config.ErrorDocument.Key === '') {
    throw new MalformedXML()
  }
  const rules = config.RoutingRules
  if (rules !== undefined) {
    if (rules.length === 0) throw new MalformedXML()
    if (rules.length > MAX_ROUTING_RULES) {
      // _uncaptured_ text; the limit is the user guide's.
      throw new InvalidRequest('The number of routing rules must not exceed 50.')
    }
    for (const rule of rules) {
      const redirect = rule.Redirect
      if (redirect.ReplaceKeyPrefixWith !== undefined && redirect.ReplaceKeyWith !== undefined) {
        throw new InvalidRequest('You can only define ReplaceKeyPrefix or ReplaceKey but not both.')
      }
      if (Object.values(redirect).some((v) => v === '')) throw new MalformedXML()
      if (rule.Condition !== undefined && Object.keys(rule.Condition).length === 0) {
        throw new InvalidRequest(
          "Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn't be present.",
        )
      }
      checkProtocol(redirect.Protocol)
    }
  }
  return structuredClone(config)
}
