/**
 * Values in matcher messages, the same under jest and vitest and without colours, so failure
 * text can be pinned by inline snapshots: strings quoted, objects with sorted keys, asymmetric
 * matchers by their own description (`Any<String>`).
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === null || typeof value !== 'object') return String(value)
  if (value instanceof Uint8Array) return `<${value.length} bytes>`
  const asymmetric = value as { asymmetricMatch?: unknown; toAsymmetricMatcher?: () => string }
  if (typeof asymmetric.asymmetricMatch === 'function') {
    return typeof asymmetric.toAsymmetricMatcher === 'function'
      ? asymmetric.toAsymmetricMatcher()
      : 'expect.anything()'
  }
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
  if (entries.length === 0) return '{}'
  return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${show(v)}`).join(', ')} }`
}
