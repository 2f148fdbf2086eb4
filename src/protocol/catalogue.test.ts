import { describe, expect, it } from 'vitest'
import { AwsError } from '../core/aws-error.js'
import * as kmsErrors from '../kms/errors.js'
import { describeKey } from '../kms/operations/keys.js'
import { getBucketPolicy } from '../s3/operations/bucket-policy.js'
import * as s3Errors from '../s3/errors.js'
import { defineKmsOperation } from './kms-json/define.js'
import { kmsOperations } from './kms-json/operations/index.js'
import { renderKmsError } from './kms-json/render-error.js'
import { defineS3Operation } from './s3-rest-xml/define.js'
import { emptyResponse } from './s3-rest-xml/http.js'
import { s3Operations } from './s3-rest-xml/operations/index.js'
import { renderS3Error } from './s3-rest-xml/render-error.js'
import { matchRoute, S3_ROUTES } from './s3-rest-xml/routes.js'

/**
 * The catalogue (DESIGN §4, ADR 0009): every error class is one AWS code with a status that both
 * protocols render, every operation definition is reachable, and every route names a definition.
 */

type ErrorClass = new (...args: string[]) => AwsError

const ABSTRACT_BASES = new Set(['S3Error', 'BucketError'])

/** Every exported AwsError subclass of a module but the abstract bases (S3Error, BucketError). */
function errorClasses(module: Record<string, unknown>): [string, ErrorClass][] {
  return Object.entries(module).filter(
    (entry): entry is [string, ErrorClass] =>
      typeof entry[1] === 'function' &&
      entry[1].prototype instanceof AwsError &&
      !ABSTRACT_BASES.has(entry[0]),
  )
}

/** An instance built with placeholder arguments: the code and status do not depend on them. */
const instance = (Class: ErrorClass): AwsError =>
  new Class(...Array.from({ length: Class.length }, () => '1'))

const services = { s3: errorClasses(s3Errors), kms: errorClasses(kmsErrors) }

describe('the error catalogue', () => {
  it('finds the error classes', () => {
    expect(services.s3.length).toBeGreaterThan(40)
    expect(services.kms.length).toBeGreaterThan(30)
  })

  for (const [service, classes] of Object.entries(services)) {
    it.each(classes)(`${service}: %s has a code and a status`, (name, Class) => {
      const error = instance(Class)
      expect(error.code).toMatch(/^[A-Za-z][A-Za-z0-9.]*$/)
      // Named as the code (DESIGN §4); S3's `KMS.*` codes (KMS errors seen through S3) as `Kms…`.
      expect(error.code.replace(/^KMS\.(KMS)?/, 'Kms')).toBe(name)
      expect(Number.isInteger(error.status) && error.status >= 300 && error.status < 600).toBe(true)
      expect(error.fault).toBe(error.status >= 500 ? 'server' : 'client')
    })

    it(`${service}: each code is one class`, () => {
      const codes = classes.map(([, Class]) => instance(Class).code)
      expect(new Set(codes).size).toBe(codes.length)
    })

    it.each(classes)(`${service}: %s renders as S3 XML and as KMS JSON`, async (_name, Class) => {
      const error = instance(Class)
      const xml = renderS3Error(error, 'GET', 'REQ', 'HOST')
      expect(xml.status).toBe(error.status)
      // 304 Not Modified is S3's alone, and carries no body in any protocol.
      if (error.status === 304) return
      expect(await xml.text()).toContain(`<Code>${error.code}</Code>`)
      const json = renderKmsError(error, 'REQ')
      expect(json.status).toBe(error.status)
      expect(await json.json()).toMatchObject({ __type: error.code, message: error.message })
    })
  }
})

describe('the S3 operation definitions', () => {
  const definitions = Object.entries(s3Operations)

  it.each(definitions)('%s is named as its key, with IAM actions of S3', (key, definition) => {
    expect(definition.name).toBe(key)
    for (const action of [...definition.actions, ...(definition.copySourceActions ?? [])]) {
      for (const name of typeof action === 'string' ? [action] : [action.plain, action.version])
        expect(name).toMatch(/^(?:s3|s3express|s3-object-lambda):[A-Z][A-Za-z]+$/)
    }
  })

  it.each(definitions)('%s is routed: each of its routes reaches it', (name, definition) => {
    for (const route of definition.routes) {
      const query = new URLSearchParams()
      for (const key of route.query ?? []) query.set(key, '1')
      for (const [key, value] of Object.entries(route.queryValues ?? {})) query.set(key, value)
      const headers = new Headers()
      for (const header of route.headers ?? []) headers.set(header, 'b/k')
      if (route.contentType !== undefined) headers.set('content-type', `${route.contentType}; x`)
      const match = matchRoute({
        method: route.method,
        target: definition.resource,
        query,
        headers,
        ...(route.signingService === undefined ? {} : { signingService: route.signingService }),
      })
      expect(match.operation).toBe(name)
    }
  })

  it('every route names a definition', () => {
    for (const route of S3_ROUTES) expect(Object.hasOwn(s3Operations, route.operation)).toBe(true)
    const routed = S3_ROUTES.length
    const declared = Object.values(s3Operations).reduce((n, d) => n + d.routes.length, 0)
    expect(routed).toBe(declared)
  })
})

describe('the KMS operation definitions', () => {
  it.each(Object.entries(kmsOperations))('%s is named as its key', (key, definition) => {
    expect(definition.name).toBe(key)
    expect(typeof definition.readOnly).toBe('boolean')
  })
})

describe('a definition that does not fit does not compile', () => {
  it('S3: every part is required, and decode → run → encode must agree', () => {
    const parts = {
      name: 'GetBucketPolicy',
      resource: 'bucket',
      routes: [{ method: 'GET', query: ['policy'] }],
      actions: ['s3:GetBucketPolicy'],
      readOnly: true,
      decode: () => ({ Bucket: 'b' }),
      run: getBucketPolicy,
      encode: () => emptyResponse(),
    } as const
    expect(defineS3Operation(parts).name).toBe('GetBucketPolicy')
    const { encode: _encode, ...withoutEncode } = parts
    // @ts-expect-error encode is missing
    defineS3Operation(withoutEncode)
    // @ts-expect-error the decoded input lacks the Bucket that run needs
    defineS3Operation({ ...parts, decode: () => ({}) })
  })

  it('KMS: the members must describe every member of the input, with the right kind', () => {
    const KeyId = { type: 'string', required: true } as const
    const GrantTokens = { type: 'list', of: { type: 'string' } } as const
    const parts = { name: 'DescribeKey', readOnly: true, run: describeKey } as const
    expect(defineKmsOperation({ ...parts, members: { KeyId, GrantTokens } }).name).toBe(
      'DescribeKey',
    )
    // @ts-expect-error DescribeKey's KeyId has no member
    defineKmsOperation({ ...parts, members: { GrantTokens } })
    // @ts-expect-error GrantTokens is a list, not a string
    defineKmsOperation({ ...parts, members: { KeyId, GrantTokens: KeyId } })
  })
})
