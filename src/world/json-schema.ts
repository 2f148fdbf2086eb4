/**
 * The subset of JSON Schema the world-file schema uses (type, enum, properties, required,
 * additionalProperties, items, pattern, min/maxLength, writeOnly, $ref into $defs), interpreted directly so
 * the shipped schema is also the validator. Each problem names its JSON path (`$.buckets[0].name`).
 */

export interface SchemaProblem {
  readonly path: string
  readonly message: string
}

type Schema = Readonly<Record<string, unknown>>

const typeOf = (value: unknown): string => {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (Number.isInteger(value)) return 'integer'
  return typeof value
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/**
 * A value as problems may quote it: never for a `writeOnly` field (key material, SSE-C keys), whose
 * value is a secret; what is wrong with it is said instead.
 */
const shown = (value: unknown, schema: Schema): string =>
  schema.writeOnly === true
    ? `${typeOf(value) === 'integer' || typeOf(value) === 'array' || typeOf(value) === 'object' ? 'an' : 'a'} ${typeOf(value)}${typeof value === 'string' ? ` of ${value.length} characters` : ''}, not shown: it is secret`
    : show(value)

const childPath = (path: string, key: string): string =>
  /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`

function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref
  if (typeof ref !== 'string') return schema
  const name = ref.replace(/^#\/\$defs\//, '')
  const defs = root.$defs as Record<string, Schema> | undefined
  const target = defs?.[name]
  if (target === undefined) throw new Error(`schema: unknown $ref ${ref}`)
  return target
}

function check(
  value: unknown,
  schemaOrRef: Schema,
  root: Schema,
  path: string,
  out: SchemaProblem[],
): void {
  const schema = resolve(schemaOrRef, root)
  const actual = typeOf(value)

  if (Array.isArray(schema.enum)) {
    const allowed = schema.enum as unknown[]
    if (!allowed.includes(value)) {
      out.push({
        path,
        message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')} (found ${shown(value, schema)})`,
      })
    }
    return
  }

  const type = schema.type as string | undefined
  if (type !== undefined) {
    const fits = type === actual || (type === 'number' && actual === 'integer')
    if (!fits) {
      out.push({
        path,
        message: `must be ${type === 'array' || type === 'object' ? 'an' : 'a'} ${type} (found ${actual === 'null' ? 'null' : schema.writeOnly === true ? shown(value, schema) : `${actual} ${show(value)}`})`,
      })
      return
    }
  }

  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
      const message =
        schema.minLength === 1
          ? 'must not be empty'
          : `must not be shorter than ${schema.minLength} characters`
      out.push({ path, message })
    }
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
      out.push({ path, message: `must not be longer than ${schema.maxLength} characters` })
    }
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      out.push({
        path,
        message:
          schema.writeOnly === true
            ? `is not base64 (${shown(value, schema)}); it must match ${schema.pattern}`
            : `${show(value)} does not match ${schema.pattern}`,
      })
    }
  }

  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, i) => {
      check(item, schema.items as Schema, root, `${path}[${i}]`, out)
    })
  }

  if (actual === 'object') {
    const record = value as Record<string, unknown>
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in record)) out.push({ path, message: `is missing the required "${name}"` })
    }
    for (const [name, item] of Object.entries(record)) {
      const known = properties[name]
      if (known !== undefined) {
        check(item, known, root, childPath(path, name), out)
      } else if (schema.additionalProperties === false) {
        const names = Object.keys(properties).filter((p) => p !== '$schema')
        out.push({
          path: childPath(path, name),
          message: `is not a known field${names.length === 0 ? '' : ` (known: ${names.join(', ')})`}`,
        })
      } else if (typeof schema.additionalProperties === 'object') {
        check(item, schema.additionalProperties as Schema, root, childPath(path, name), out)
      }
    }
  }
}

/** Every place `value` breaks `schema`, in document order. */
export function validateAgainstSchema(value: unknown, schema: Schema): SchemaProblem[] {
  const out: SchemaProblem[] = []
  check(value, schema, schema, '$', out)
  return out
}
