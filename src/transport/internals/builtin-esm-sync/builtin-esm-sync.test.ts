import http from 'node:http'
import * as httpNamespace from 'node:http'
import { expect, it } from 'vitest'
import { internalMessage } from '../versions.js'
import { syncBuiltinNamespaces } from './builtin-esm-sync.js'

it('a patch on node:http’s CommonJS exports reaches its ESM namespace once synced', () => {
  const original = http.get
  const patched = ((...args: Parameters<typeof http.get>) => original(...args)) as typeof http.get
  http.get = patched
  try {
    syncBuiltinNamespaces()
    expect(
      httpNamespace.get,
      internalMessage('node:module syncBuiltinESMExports', 'no longer updates node:http'),
    ).toBe(patched)
  } finally {
    http.get = original
    syncBuiltinNamespaces()
  }
  expect(httpNamespace.get).toBe(original)
})
