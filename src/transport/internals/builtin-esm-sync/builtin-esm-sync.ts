import { syncBuiltinESMExports } from 'node:module'

/**
 * Makes the ESM namespaces of Node's builtins show what was patched on their CommonJS exports.
 * MSW intercepts by replacing `http.request`, `https.get`, … on the CommonJS modules; a module
 * that imports the namespace (`import * as https from 'node:https'`, e.g. the minio client) reads
 * a snapshot that misses the patch until this runs. Called after MSW installs its patches and
 * again after it removes them, so ESM importers stop reaching it.
 */
export function syncBuiltinNamespaces(): void {
  syncBuiltinESMExports()
}
