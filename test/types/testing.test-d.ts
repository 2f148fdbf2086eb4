import { expect as jestExpect } from '@jest/globals'
import { describe, expectTypeOf, it } from 'vitest'
import type { InspectOptions, MockAws, MockCredentials, S3ObjectRef, WorldFile } from 's3-kms-mock'
import { type KmsExpectation, matchers, type S3KmsMockMatchers } from 's3-kms-mock/jest'
import { expect, type MockAwsFixtures, test } from 's3-kms-mock/vitest'
import { aws as setupWorld } from 's3-kms-mock/vitest-setup'

describe('the test surface types', () => {
  it('gives tests an aws fixture typed as a world, with options', () => {
    test('fixture', ({ aws, awsOptions }) => {
      expectTypeOf(aws).toEqualTypeOf<MockAws>()
      expectTypeOf(awsOptions.seed).toEqualTypeOf<string | number | undefined>()
    })
    test.concurrent('concurrent fixture', ({ aws }) => {
      expectTypeOf(aws).toEqualTypeOf<MockAws>()
    })
    expectTypeOf<MockAwsFixtures['aws']>().toEqualTypeOf<MockAws>()
    expectTypeOf(setupWorld).toEqualTypeOf<MockAws>()
    test.extend({ awsOptions: { seed: 1, region: 'eu-west-1' } })
  })

  it('types the vitest matchers and their arguments', () => {
    const ref: S3ObjectRef = setupWorld.s3.object('b', 'k')
    expect(ref).toBeEncryptedWithKms()
    expect(ref).toBeEncryptedWithKms({ keyId: 'alias/x', context: { tenant: expect.any(String) } })
    expect(ref).not.toBeEncryptedWithCustomerKey(new Uint8Array(32))
    expect(ref).toBeEncryptedWithCustomerKey('base64-or-text')
    expect(ref).toBeEncryptedWithS3Managed()
    expect(ref).not.toBeUnencrypted()
    expect(setupWorld).toHaveKmsCall('GenerateDataKey', { keyId: 'alias/x' })
    expect(ref).toHaveBeenDecryptedBy('alias/x')
    // @ts-expect-error misspelt option
    expect(ref).toBeEncryptedWithKms({ keyid: 'alias/x' })
    // @ts-expect-error the operation is required
    expect(setupWorld).toHaveKmsCall()
    // @ts-expect-error a customer key is bytes or a string
    expect(ref).toBeEncryptedWithCustomerKey(42)
    expect(setupWorld).toHaveDeniedKmsCall('Decrypt', { principal: 'role/r', reason: 'key policy' })
    expect(setupWorld).not.toHaveDeniedS3Call('PutObject', { explicit: true })
    // @ts-expect-error reasons are the policies that decide
    expect(setupWorld).toHaveDeniedKmsCall('Decrypt', { reason: 'scp' })
  })

  it('types principals, world.as() and its client config', () => {
    test.extend({
      awsOptions: {
        principals: [
          { arn: 'arn:aws:iam::123456789012:role/r', accessKeyId: 'A', secretAccessKey: 'S' },
        ],
      },
    })
    const access = setupWorld.as('role/r')
    expectTypeOf(access.config.credentials).toEqualTypeOf<MockCredentials>()
    expectTypeOf(access.identityArn).toEqualTypeOf<string>()
  })

  it('types the jest matchers through @jest/globals', () => {
    const ref = setupWorld.s3.object('b', 'k')
    jestExpect.extend(matchers)
    jestExpect(ref).toBeEncryptedWithKms({ keyId: 'alias/x' })
    jestExpect(ref).not.toBeEncryptedWithS3Managed()
    jestExpect(setupWorld).toHaveKmsCall('Decrypt')
    jestExpect(setupWorld).toHaveDeniedKmsCall('Decrypt', { principal: 'role/r' })
    jestExpect(setupWorld).not.toHaveDeniedS3Call('GetObject')
    // @ts-expect-error the key id is required
    jestExpect(ref).toHaveBeenDecryptedBy()
    expectTypeOf(matchers).toHaveProperty('toBeEncryptedWithKms')
    expectTypeOf<S3KmsMockMatchers<void>['toBeEncryptedWithKms']>()
      .parameter(0)
      .toEqualTypeOf<KmsExpectation | undefined>()
  })

  it('types world files and inspect', () => {
    const file: WorldFile = {
      keys: [{ ref: 'k', material: 'AAAA', aliases: ['alias/k'] }],
      buckets: [{ name: 'b', encryption: { type: 'SSE-KMS', key: 'k' }, objects: [{ key: 'o' }] }],
    }
    expectTypeOf(setupWorld.load(file)).toEqualTypeOf<Promise<void>>()
    expectTypeOf<MockAws['load']>().parameter(0).toEqualTypeOf<string | URL | WorldFile>()
    expectTypeOf<MockAws['inspect']>().parameter(0).toEqualTypeOf<InspectOptions | undefined>()
    expectTypeOf(setupWorld.inspect()).toEqualTypeOf<string>()
    const bad: WorldFile['buckets'] = [
      // @ts-expect-error an object's encryption type is SSE-S3 or SSE-KMS
      { name: 'b', objects: [{ key: 'o', encryption: { type: 'AES' } }] },
    ]
    expectTypeOf(bad).toEqualTypeOf<WorldFile['buckets']>()
  })
})
