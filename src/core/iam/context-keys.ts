import type { Principal } from './principal.js'

/**
 * The global condition keys a principal supplies (IAM, "AWS global condition context keys"),
 * names in lower case as conditions look them up.
 */
export function principalConditionKeys(p: Principal): Record<string, readonly string[]> {
  const keys: Record<string, readonly string[]> = {
    'aws:principalarn': [p.arn],
    'aws:principalaccount': [p.accountId],
    'aws:principaltype': [
      p.type === 'IAMUser' ? 'User' : p.type === 'Root' ? 'Account' : 'AssumedRole',
    ],
  }
  if (p.type === 'IAMUser') keys['aws:username'] = [p.name]
  return keys
}
