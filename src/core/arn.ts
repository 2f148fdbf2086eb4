/** AWS partition for a region: China and GovCloud have their own. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

export interface ParsedArn {
  partition: string
  service: string
  region: string
  accountId: string
  resource: string
}

/** Splits `arn:partition:service:region:account:resource`; undefined when it is not an ARN. */
export function parseArn(value: string): ParsedArn | undefined {
  const parts = value.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  const [, partition = '', service = '', region = '', accountId = ''] = parts
  return { partition, service, region, accountId, resource: parts.slice(5).join(':') }
}
