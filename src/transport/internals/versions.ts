import { createRequire } from 'node:module'

/**
 * What the internals in this folder depend on, for messages that name it when a release changes
 * it: msw's version as installed (a peer dependency, so the user's) and Node's.
 */
export function platformVersions(): string {
  return `msw ${mswVersion() ?? 'not installed'}, Node ${process.version}`
}

/** msw's installed version; undefined without msw (an optional peer for the fast lane). */
export function mswVersion(): string | undefined {
  try {
    const manifest: unknown = createRequire(import.meta.url)('msw/package.json')
    if (typeof manifest === 'object' && manifest !== null && 'version' in manifest) {
      return String(manifest.version)
    }
  } catch {
    // Not installed.
  }
  return undefined
}

/** What to say when a release removed or changed an internal: what, and on what. */
export function internalMessage(internal: string, change: string): string {
  return (
    `s3-kms-mock: ${internal} ${change} (${platformVersions()}); the workaround in ` +
    'src/transport/internals/ needs updating for this release'
  )
}

/** The error for an internal that a release removed or changed. */
export function internalChanged(internal: string, change: string): Error {
  return new Error(internalMessage(internal, change))
}
