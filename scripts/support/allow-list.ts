/**
 * A shrink-only allow-list: the findings a check tolerates today, each written out. The check
 * fails on a finding not in the list (new debt) and on a listed one that is gone (the list must
 * shrink with the code, so it can never hide a regression later).
 */
export function checkAllowList(
  what: string,
  found: readonly string[],
  allowed: readonly string[],
): boolean {
  const allowedSet = new Set(allowed)
  const foundSet = new Set(found)
  const unexpected = [...foundSet].filter((f) => !allowedSet.has(f)).sort()
  const gone = [...allowedSet].filter((a) => !foundSet.has(a)).sort()
  for (const f of unexpected) console.error(`new ${what}: ${f}`)
  for (const g of gone) {
    console.error(`allow-listed ${what} no longer exists: ${g} (delete it from the allow-list)`)
  }
  const ok = unexpected.length === 0 && gone.length === 0
  console.log(
    ok
      ? `${what}: none beyond the ${allowed.length} allow-listed`
      : `${what}: ${unexpected.length} new, ${gone.length} allow-listed gone`,
  )
  return ok
}
