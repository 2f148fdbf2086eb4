import { describe, expect, it } from 'vitest'
import { isAwsError } from '../core/aws-error.js'
import { CORS_VARY, corsActual, corsPreflight, type CorsRule, validCorsRules } from './cors.js'

function failure(run: () => unknown) {
  try {
    run()
  } catch (error) {
    if (isAwsError(error)) {
      return { code: error.code, status: error.status, message: error.message, ...error.fields }
    }
    throw error
  }
  throw new Error('expected a failure')
}

const rule = (over: Partial<CorsRule> = {}): CorsRule => ({
  AllowedMethods: ['GET'],
  AllowedOrigins: ['https://app.example.com'],
  ...over,
})

describe('validCorsRules', () => {
  it('keeps rules as given', () => {
    const rules = [
      rule({ ID: 'a', AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 0 }),
    ]
    expect(validCorsRules(rules)).toEqual(rules)
  })

  it.each([
    ['no rules', []],
    ['101 rules', Array.from({ length: 101 }, () => rule())],
    ['a rule without origins', [rule({ AllowedOrigins: [] })]],
    ['a rule without methods', [rule({ AllowedMethods: [] })]],
  ])('refuses %s with MalformedXML', (_name, rules) => {
    expect(failure(() => validCorsRules(rules)).code).toBe('MalformedXML')
  })

  it('refuses an unknown method and a second wildcard with S3 texts', () => {
    expect(
      failure(() => validCorsRules([rule({ AllowedMethods: ['GET', 'OPTIONS'] })])),
    ).toMatchObject({
      code: 'InvalidRequest',
      message: 'Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS',
    })
    expect(
      failure(() => validCorsRules([rule({ AllowedOrigins: ['*example*.com'] })])),
    ).toMatchObject({
      code: 'InvalidRequest',
      message: 'AllowedOrigin "*example*.com" can not have more than one wildcard.',
    })
    expect(failure(() => validCorsRules([rule({ AllowedHeaders: ['x-*-*'] })])).message).toBe(
      'AllowedHeader "x-*-*" can not have more than one wildcard.',
    )
  })

  it('refuses duplicate and over-long IDs and a negative max age (InvalidArgument)', () => {
    expect(failure(() => validCorsRules([rule({ ID: 'a' }), rule({ ID: 'a' })])).code).toBe(
      'InvalidArgument',
    )
    expect(failure(() => validCorsRules([rule({ ID: 'i'.repeat(256) })])).code).toBe(
      'InvalidArgument',
    )
    expect(failure(() => validCorsRules([rule({ MaxAgeSeconds: -1 })])).code).toBe(
      'InvalidArgument',
    )
  })
})

describe('corsPreflight', () => {
  const rules = validCorsRules([
    rule({
      AllowedMethods: ['PUT', 'POST'],
      AllowedHeaders: ['Content-*', 'x-amz-*'],
      ExposeHeaders: ['ETag'],
      MaxAgeSeconds: 3000,
    }),
    rule({ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'HEAD'] }),
  ])
  const preflight = (origin: string | undefined, requestMethod?: string, requestHeaders?: string) =>
    corsPreflight(rules, { origin, method: 'OPTIONS', requestMethod, requestHeaders }, 'OBJECT')

  it('answers the first matching rule: origin, all its methods, requested headers lower-cased', () => {
    expect(preflight('https://app.example.com', 'PUT', 'Content-Type, X-Amz-Date')).toEqual({
      'Access-Control-Allow-Origin': 'https://app.example.com',
      'Access-Control-Allow-Methods': 'PUT, POST',
      'Access-Control-Allow-Headers': 'content-type, x-amz-date',
      'Access-Control-Expose-Headers': 'ETag',
      'Access-Control-Max-Age': '3000',
      'Access-Control-Allow-Credentials': 'true',
      Vary: CORS_VARY,
    })
  })

  it('answers * without credentials when only * allows the origin', () => {
    expect(preflight('https://other.example', 'GET')).toEqual({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, HEAD',
      Vary: CORS_VARY,
    })
  })

  it('matches one * in an origin against any run, the empty one included', () => {
    const wild = validCorsRules([rule({ AllowedOrigins: ['https://*.example.com'] })])
    const ask = (origin: string) =>
      corsActual(wild, { origin, method: 'GET' })?.['Access-Control-Allow-Origin']
    expect(ask('https://a.b.example.com')).toBe('https://a.b.example.com')
    expect(ask('https://.example.com')).toBe('https://.example.com')
    expect(ask('http://a.example.com')).toBeUndefined()
  })

  it('refuses what no rule allows, and buckets without CORS, with S3 texts', () => {
    expect(failure(() => preflight('https://app.example.com', 'DELETE'))).toEqual({
      code: 'AccessForbidden',
      status: 403,
      message:
        "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
      Method: 'DELETE',
      ResourceType: 'OBJECT',
    })
    expect(failure(() => preflight('https://app.example.com', 'PUT', 'x-custom')).code).toBe(
      'AccessForbidden',
    )
    expect(
      failure(() =>
        corsPreflight(
          undefined,
          { origin: 'https://a', method: 'OPTIONS', requestMethod: 'GET' },
          'BUCKET',
        ),
      ),
    ).toMatchObject({
      message: 'CORSResponse: CORS is not enabled for this bucket.',
      ResourceType: 'BUCKET',
    })
  })

  it('needs Origin and Access-Control-Request-Method (400 BadRequest)', () => {
    expect(failure(() => preflight(undefined, 'GET'))).toMatchObject({
      code: 'BadRequest',
      status: 400,
      message: 'Insufficient information. Origin request header needed.',
    })
    expect(failure(() => preflight('https://app.example.com')).code).toBe('BadRequest')
  })
})

describe('corsActual', () => {
  const rules = validCorsRules([rule({ AllowedMethods: ['GET'] })])
  it('adds headers for an allowed origin and method, none otherwise', () => {
    expect(corsActual(rules, { origin: 'https://app.example.com', method: 'GET' })).toMatchObject({
      'Access-Control-Allow-Origin': 'https://app.example.com',
    })
    expect(corsActual(rules, { origin: 'https://app.example.com', method: 'PUT' })).toBeUndefined()
    expect(corsActual(rules, { origin: undefined, method: 'GET' })).toBeUndefined()
    expect(
      corsActual(undefined, { origin: 'https://app.example.com', method: 'GET' }),
    ).toBeUndefined()
  })
})
