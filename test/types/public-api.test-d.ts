import type { RequestHandler } from 'msw'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type AuditEvent,
  createMockAws,
  type KeyMetadata,
  ManualClock,
  type MockAws,
  type MockAwsOptions,
  type StoredEncryption,
  UsageError,
} from 's3-kms-mock'
import { type MockAwsServer, setupMockAws } from 's3-kms-mock/node'

describe('public types', () => {
  it('createMockAws takes the options of SPEC §2 and returns a world', () => {
    expectTypeOf(createMockAws).parameter(0).toEqualTypeOf<MockAwsOptions | undefined>()
    expectTypeOf(
      createMockAws({ region: 'eu-west-1', seed: 1, clock: new ManualClock(0) }),
    ).toEqualTypeOf<MockAws>()
    expectTypeOf<MockAws['handlers']>().toEqualTypeOf<RequestHandler[]>()
    // @ts-expect-error unknown options are a compile error
    createMockAws({ regoin: 'eu-west-1' })
  })

  it('setupMockAws adds listen/close to the world', () => {
    const aws = setupMockAws()
    expectTypeOf(aws).toExtend<MockAws>()
    expectTypeOf(aws).toEqualTypeOf<MockAwsServer>()
    expectTypeOf<Parameters<MockAwsServer['listen']>[0]>().toEqualTypeOf<
      { onUnhandledRequest?: 'bypass' | 'warn' | 'error' } | undefined
    >()
  })

  it('views expose metadata and encryption descriptions, never key material', () => {
    const aws = createMockAws()
    expectTypeOf(aws.kms.describeKey('alias/x')).toEqualTypeOf<KeyMetadata>()
    expectTypeOf(aws.s3.object('b', 'k').describe()).toExtend<
      { encryption: StoredEncryption } | undefined
    >()
    expectTypeOf(aws.s3.rawObject('b', 'k')).toEqualTypeOf<Uint8Array>()
    expectTypeOf(aws.audit.events({ eventName: 'Decrypt' })).toEqualTypeOf<AuditEvent[]>()
    expectTypeOf<UsageError>().toExtend<Error>()
  })
})
