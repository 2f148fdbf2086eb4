import type BuilderModule from 'fast-xml-builder'
import type * as ParserModule from 'fast-xml-parser'
import { createRequire } from 'node:module'

/**
 * fast-xml-parser and fast-xml-builder, loaded through their CommonJS builds with the first
 * request that parses or writes XML, not at import (~12 CPU ms of start-up, bench startup). Their
 * ESM builds are dozens of small files (~35 ms) against a single-file CommonJS bundle of the same
 * version. Same package, same code, same behaviour; `require` is synchronous (no `import()`,
 * which jest's ESM mode cannot run concurrently).
 */
const require = createRequire(import.meta.url)

let parser: typeof ParserModule | undefined
export function xmlParser(): typeof ParserModule {
  parser ??= require('fast-xml-parser') as typeof ParserModule
  return parser
}

let builder: typeof BuilderModule | undefined
export function xmlBuilderClass(): typeof BuilderModule {
  if (builder !== undefined) return builder
  // The CommonJS build exports the class as `default` (its typings say `export =`).
  const loaded = require('fast-xml-builder') as {
    default?: typeof BuilderModule
  } & typeof BuilderModule
  builder = loaded.default ?? loaded
  return builder
}
