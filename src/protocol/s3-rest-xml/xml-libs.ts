import type BuilderModule from 'fast-xml-builder'
import type * as ParserModule from 'fast-xml-parser'
import { createRequire } from 'node:module'

/**
 * fast-xml-parser and fast-xml-builder, loaded through their CommonJS builds. Their ESM builds
 * are dozens of small files: importing them cost ~35 ms of start-up on the project's 2-core VM,
 * against ~4 ms for the single-file CommonJS bundle of the same version (bench/RESULTS.md,
 * startup). Same package, same code, same behaviour.
 */
const require = createRequire(import.meta.url)

const parser = require('fast-xml-parser') as typeof ParserModule
// XMLValidator is deprecated in favour of fast-xml-validator, not a dependency yet (xml.ts).
// eslint-disable-next-line @typescript-eslint/no-deprecated
export const { XMLParser, XMLValidator } = parser

// The CommonJS build exports the class as `default` (its typings say `export =`).
const builder = require('fast-xml-builder') as {
  default?: typeof BuilderModule
} & typeof BuilderModule
export const XMLBuilder: typeof BuilderModule = builder.default ?? builder
