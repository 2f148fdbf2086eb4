import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { S3_RESOURCE_METHODS } from './resources.js'
import { SUBRESOURCES } from './routes.js'

/** Every command's HTTP trait in the installed S3 client: `["DELETE", "/?cors", 204]`. */
function sdkHttpTraits(): { method: string; path: string }[] {
  const entry = createRequire(import.meta.url).resolve('@aws-sdk/client-s3')
  const source = readFileSync(entry, 'utf8')
  return [...source.matchAll(/\[_h\]: \["([A-Z]+)", "([^"]+)"/g)].map((m) => ({
    method: m[1]!,
    path: m[2]!.replace(/[?&]x-id=\w+/, ''),
  }))
}

describe('the 405/501 line: S3 resources and their methods', () => {
  it('agrees with every S3 command of the installed SDK', () => {
    const traits = sdkHttpTraits()
    expect(traits.length).toBeGreaterThan(90)
    const missing: string[] = []
    for (const { method, path } of traits) {
      if (path === '/WriteGetObjectResponse') continue // Object Lambda's own endpoint
      const [resource = '', query = ''] = path.split('?')
      const target = resource === '/' ? 'bucket' : 'object'
      // CompleteMultipartUpload's uploadId is a query member, not in its path.
      const completes = method === 'POST' && path === '/{Key+}'
      const selector = completes ? 'uploadId' : (query.split(/[&=]/)[0] ?? '')
      const allowed = S3_RESOURCE_METHODS[target][selector] ?? []
      if (!allowed.includes(method as never)) missing.push(`${method} ${path}`)
      if (selector !== '' && !SUBRESOURCES.has(selector)) missing.push(`selector ${selector}`)
    }
    expect(missing).toEqual([])
  })
})
