import {
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  KMSClient,
} from '@aws-sdk/client-kms'
import { expect, test as base } from '../../../../src/vitest.js'

const test = base.extend({
  awsOptions: {
    principals: [
      {
        arn: 'arn:aws:iam::123456789012:role/platform',
        accessKeyId: 'AKIAPLATFORM00000001',
        secretAccessKey: 'platform-secret',
      },
      {
        // A worker whose own policy grants no KMS access at all: only the grant below does.
        arn: 'arn:aws:iam::123456789012:role/acme-worker',
        accessKeyId: 'AKIAACMEWORKER000001',
        secretAccessKey: 'acme-worker-secret',
        policy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
        },
      },
    ],
  },
})

test('a grant lets the worker decrypt one tenant’s data only', async ({ aws }) => {
  const platform = new KMSClient(aws.as('role/platform').config)
  const { KeyMetadata } = await platform.send(new CreateKeyCommand({}))
  const keyId = KeyMetadata!.KeyId!
  const sealed = async (tenant: string) =>
    (
      await platform.send(
        new EncryptCommand({
          KeyId: keyId,
          Plaintext: Buffer.from(`${tenant} api token`),
          EncryptionContext: { tenant },
        }),
      )
    ).CiphertextBlob!

  await platform.send(
    new CreateGrantCommand({
      KeyId: keyId,
      GranteePrincipal: 'arn:aws:iam::123456789012:role/acme-worker',
      Operations: ['Decrypt'],
      Constraints: { EncryptionContextSubset: { tenant: 'acme' } },
    }),
  )

  const worker = new KMSClient(aws.as('role/acme-worker').config)
  const acme = await worker.send(
    new DecryptCommand({
      CiphertextBlob: await sealed('acme'),
      EncryptionContext: { tenant: 'acme' },
    }),
  )
  expect(Buffer.from(acme.Plaintext!).toString()).toBe('acme api token')

  await expect(
    worker.send(
      new DecryptCommand({
        CiphertextBlob: await sealed('globex'),
        EncryptionContext: { tenant: 'globex' },
      }),
    ),
  ).rejects.toThrow('is not authorized to perform: kms:Decrypt')
  // The default key policy lets IAM decide, and the worker's identity policy has no kms: Allow.
  expect(aws).toHaveDeniedKmsCall('Decrypt', {
    principal: 'role/acme-worker',
    reason: 'identity policy',
  })
})
