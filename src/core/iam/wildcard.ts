/**
 * IAM's wildcards: `*` matches any run of characters (none included, `/` included), `?` exactly
 * one. Used for Action (case-insensitively), Resource, `StringLike` and `ArnLike`.
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern
  const v = ignoreCase ? value.toLowerCase() : value
  let pi = 0
  let vi = 0
  let star = -1
  let resume = 0
  while (vi < v.length) {
    const c = p[pi]
    if (c !== undefined && c !== '*' && (c === '?' || c === v[vi])) {
      pi++
      vi++
    } else if (c === '*') {
      star = pi++
      resume = vi
    } else if (star !== -1) {
      pi = star + 1
      vi = ++resume
    } else {
      return false
    }
  }
  while (p[pi] === '*') pi++
  return pi === p.length
}
