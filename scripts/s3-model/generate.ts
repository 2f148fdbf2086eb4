import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'

/**
 * Turns the installed `@aws-sdk/client-s3`'s Smithy schemas (dist-es/schemas/schemas_0.js) into the
 * static shape table of src/protocol/s3-rest-xml/model/shapes.ts: for each structure reachable from
 * the listed operations, its members (name, XML element, shape, required, flattened, attribute)
 * in the model's order (the order of the SDK's .d.ts interfaces; the schemas list required
 * members first). The library never reads the SDK at run time: it is a peer dependency of any
 * version, so the table is generated here and committed.
 */

/** The operations whose XML documents the model-driven codec reads and writes. */
export const MODEL_OPERATIONS = [
  'PutBucketWebsite',
  'GetBucketWebsite',
  'PutBucketLogging',
  'GetBucketLogging',
  'PutBucketNotificationConfiguration',
  'GetBucketNotificationConfiguration',
  'PutBucketReplication',
  'GetBucketReplication',
  'PutBucketAccelerateConfiguration',
  'GetBucketAccelerateConfiguration',
  'PutBucketRequestPayment',
  'GetBucketRequestPayment',
  'PutBucketAnalyticsConfiguration',
  'GetBucketAnalyticsConfiguration',
  'ListBucketAnalyticsConfigurations',
  'PutBucketInventoryConfiguration',
  'GetBucketInventoryConfiguration',
  'ListBucketInventoryConfigurations',
  'PutBucketMetricsConfiguration',
  'GetBucketMetricsConfiguration',
  'ListBucketMetricsConfigurations',
  'PutBucketIntelligentTieringConfiguration',
  'GetBucketIntelligentTieringConfiguration',
  'ListBucketIntelligentTieringConfigurations',
  'PutBucketAbac',
  'GetBucketAbac',
  'CreateBucketMetadataTableConfiguration',
  'GetBucketMetadataTableConfiguration',
  'CreateBucketMetadataConfiguration',
  'GetBucketMetadataConfiguration',
  'UpdateBucketMetadataInventoryTableConfiguration',
  'UpdateBucketMetadataJournalTableConfiguration',
  'UpdateBucketMetadataAnnotationTableConfiguration',
] as const

/** Where the table goes. */
export const OUTPUT = fileURLToPath(
  new URL('../../src/protocol/s3-rest-xml/model/shapes.ts', import.meta.url),
)

type Traits = Record<string, unknown> | number
type SchemaRef = number | (() => unknown) | readonly [number | (() => unknown), Traits]
type Schema = readonly unknown[]

interface MemberOut {
  name: string
  xml: string
  shape: string
  required?: true
  flat?: true
  attribute?: true
}
type ShapeOut =
  | { kind: 'structure' | 'union'; xmlName?: string; members: MemberOut[] }
  | { kind: 'list'; item: string; itemXml: string }

const PRIMITIVES: Record<number, string> = {
  0: 'string',
  1: 'number',
  2: 'boolean',
  4: 'timestamp',
  5: 'timestamp',
  6: 'timestamp',
  7: 'timestamp',
}

function sdkDir(): string {
  const require = createRequire(import.meta.url)
  return dirname(dirname(require.resolve('@aws-sdk/client-s3')))
}

/** Member order of each interface in the SDK's .d.ts files (the model's order). */
function declaredOrder(dir: string): Map<string, string[]> {
  const order = new Map<string, string[]>()
  for (const file of ['models_0.d.ts', 'models_1.d.ts']) {
    const text = readFileSync(join(dir, 'dist-types/models', file), 'utf8')
    for (const match of text.matchAll(/export interface (\w+) \{\n([\s\S]*?)\n\}/g)) {
      const names = [...(match[2] ?? '').matchAll(/^ {4}(\w+)\??:/gm)].map((m) => m[1] ?? '')
      order.set(match[1] ?? '', names)
    }
  }
  return order
}

const traitsOf = (t: Traits | undefined): Record<string, unknown> =>
  typeof t === 'object' ? t : {}

export async function generateModel(): Promise<string> {
  const dir = sdkDir()
  const schemas = (await import(join(dir, 'dist-es/schemas/schemas_0.js'))) as Record<
    string,
    Schema
  >
  const order = declaredOrder(dir)
  const shapes = new Map<string, ShapeOut>()

  const unwrap = (ref: SchemaRef): [number | Schema, Record<string, unknown>] => {
    const [target, traits] = Array.isArray(ref) ? (ref as [unknown, Traits]) : [ref, 0]
    const resolved = typeof target === 'function' ? (target as () => unknown)() : target
    return [resolved as number | Schema, traitsOf(traits)]
  }

  const visit = (schema: number | Schema): string => {
    if (typeof schema === 'number' && (schema & 64) !== 0) {
      // A list of a simple type without traits (`64 | 0`): items are `<member>` unless flattened.
      const item = visit(schema & ~64)
      shapes.set(`${item}List`, { kind: 'list', item, itemXml: 'member' })
      return `${item}List`
    }
    if (typeof schema === 'number') {
      const primitive = PRIMITIVES[schema]
      if (primitive === undefined) throw new Error(`unsupported simple schema ${schema}`)
      return primitive
    }
    const [kind, , name] = schema as [number, string, string]
    if (kind === 0) return visit(unwrap(schema[4] as SchemaRef)[0]) // a simple shape with traits
    if (shapes.has(name)) return name
    if (kind === 1) {
      const [item, itemTraits] = unwrap(schema[4] as SchemaRef)
      const entry: ShapeOut = { kind: 'list', item: '', itemXml: '' }
      shapes.set(name, entry)
      entry.item = visit(item)
      entry.itemXml = (itemTraits['xmlName'] as string | undefined) ?? 'member'
      return name
    }
    if (kind !== 3 && kind !== 4) throw new Error(`unsupported schema kind ${kind} (${name})`)
    const names = schema[4] as string[]
    const refs = schema[5] as SchemaRef[]
    const requiredCount = (schema[6] as number | undefined) ?? 0
    const xmlName = traitsOf(schema[3] as Traits)['xmlName'] as string | undefined
    const entry: ShapeOut = {
      kind: kind === 3 ? 'structure' : 'union',
      ...(xmlName === undefined ? {} : { xmlName }),
      members: [],
    }
    shapes.set(name, entry)
    const members = names.map((member, i): MemberOut => {
      const [target, traits] = unwrap(refs[i] as SchemaRef)
      return {
        name: member,
        xml: (traits['xmlName'] as string | undefined) ?? member,
        shape: visit(target),
        ...(i < requiredCount ? { required: true as const } : {}),
        ...(traits['xmlFlattened'] === 1 ? { flat: true as const } : {}),
        ...(traits['xmlAttribute'] === 1 ? { attribute: true as const } : {}),
      }
    })
    const declared = order.get(name) ?? []
    const rank = (m: MemberOut) => {
      const at = declared.indexOf(m.name)
      return at === -1 ? declared.length : at
    }
    entry.members = members.sort((a, b) => rank(a) - rank(b))
    return name
  }

  for (const operation of MODEL_OPERATIONS) {
    const schema = schemas[`${operation}$`]
    if (schema === undefined) throw new Error(`no schema for ${operation}`)
    for (const thunk of [schema[4], schema[5]] as (() => Schema | string)[]) {
      const io = thunk()
      if (typeof io !== 'string') visit(io)
    }
  }
  const body = [...shapes.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, shape]) => `  ${name}: ${JSON.stringify(shape)},`)
    .join('\n')
  const text = `// Generated by \`npx tsx scripts/s3-model.ts\` from @aws-sdk/client-s3. Don't edit by hand.
// test/sdk/s3-model.test.ts fails when it is stale.
import type { ModelShape } from './types.js'

/** The S3 model's shapes that the configuration operations read and write (scripts/s3-model). */
export const S3_SHAPES: Readonly<Record<string, ModelShape>> = {
${body}
}
`
  const options = await resolveConfig(OUTPUT)
  return format(text, { ...options, filepath: OUTPUT })
}
