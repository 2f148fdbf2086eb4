import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  type CreateCustomKeyStoreCommandInput,
  CreateKeyCommand,
  type CreateKeyCommandInput,
  DecryptCommand,
  DeleteCustomKeyStoreCommand,
  DescribeCustomKeyStoresCommand,
  DescribeKeyCommand,
  DisconnectCustomKeyStoreCommand,
  EncryptCommand,
  GenerateRandomCommand,
  ScheduleKeyDeletionCommand,
  UpdateCustomKeyStoreCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/core/clock.js'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const START = new Date('2026-03-01T00:00:00.000Z')
const clock = new ManualClock(START)
const aws = useMockAws({ clock })
const kms = kmsClient()

const cloudHsm = (name = 'hsm-store'): CreateCustomKeyStoreCommandInput => ({
  CustomKeyStoreName: name,
  CloudHsmClusterId: 'cluster-234abcdefgh',
  TrustAnchorCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
  KeyStorePassword: 'kmsuser-password',
})

const external = (name = 'xks-store'): CreateCustomKeyStoreCommandInput => ({
  CustomKeyStoreName: name,
  CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
  XksProxyConnectivity: 'PUBLIC_ENDPOINT',
  XksProxyUriEndpoint: 'https://xks.example.com',
  XksProxyUriPath: '/example/kms/xks/v1',
  XksProxyAuthenticationCredential: {
    AccessKeyId: 'ABCDEFGHIJKLMNOPQRST',
    RawSecretAccessKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  },
})

async function createStore(input: CreateCustomKeyStoreCommandInput): Promise<string> {
  const { CustomKeyStoreId } = await kms.send(new CreateCustomKeyStoreCommand(input))
  return CustomKeyStoreId!
}

async function describeStore(id: string) {
  const { CustomKeyStores } = await kms.send(
    new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }),
  )
  return CustomKeyStores![0]!
}

const connect = (id: string) => kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }))
const disconnect = (id: string) =>
  kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }))

describe('CreateCustomKeyStore and DescribeCustomKeyStores', () => {
  it('creates a CloudHSM key store, DISCONNECTED, and never shows its password', async () => {
    const { CustomKeyStoreId } = await audited(aws, 'CreateCustomKeyStore', () =>
      kms.send(new CreateCustomKeyStoreCommand(cloudHsm())),
    )
    expect(CustomKeyStoreId).toMatch(/^cks-[0-9a-f]{17}$/)
    const store = await audited(aws, 'DescribeCustomKeyStores', () =>
      describeStore(CustomKeyStoreId!),
    )
    expect(store).toEqual({
      CustomKeyStoreId,
      CustomKeyStoreName: 'hsm-store',
      CustomKeyStoreType: 'AWS_CLOUDHSM',
      CloudHsmClusterId: 'cluster-234abcdefgh',
      TrustAnchorCertificate: cloudHsm().TrustAnchorCertificate,
      ConnectionState: 'DISCONNECTED',
      CreationDate: START,
    })
    // CloudTrail hides the kmsuser password.
    expect(JSON.stringify(aws.audit.events())).not.toContain('kmsuser-password')
    expect(aws.audit.events({ eventName: 'CreateCustomKeyStore' })[0]?.requestParameters).toEqual({
      customKeyStoreName: 'hsm-store',
      cloudHsmClusterId: 'cluster-234abcdefgh',
      trustAnchorCertificate: cloudHsm().TrustAnchorCertificate,
      keyStorePassword: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    })
  })

  it('creates an external key store with its proxy configuration, never its secret', async () => {
    const id = await createStore(external())
    expect(await describeStore(id)).toMatchObject({
      CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
      ConnectionState: 'DISCONNECTED',
      XksProxyConfiguration: {
        Connectivity: 'PUBLIC_ENDPOINT',
        AccessKeyId: 'ABCDEFGHIJKLMNOPQRST',
        UriEndpoint: 'https://xks.example.com',
        UriPath: '/example/kms/xks/v1',
      },
    })
    expect(JSON.stringify(await describeStore(id))).not.toContain('abcdefghijklmnopqrstuvwxyz')
    expect(JSON.stringify(aws.audit.events())).not.toContain('abcdefghijklmnopqrstuvwxyz')
  })

  it('lists every store, finds one by name, and answers NotFound for unknown ones', async () => {
    const a = await createStore(cloudHsm('a'))
    const b = await createStore(external('b'))
    const { CustomKeyStores, Truncated } = await kms.send(new DescribeCustomKeyStoresCommand({}))
    expect(CustomKeyStores!.map((s) => s.CustomKeyStoreId)).toEqual([a, b])
    expect(Truncated).toBe(false)
    const page = await kms.send(new DescribeCustomKeyStoresCommand({ Limit: 1 }))
    expect(page).toMatchObject({ Truncated: true, CustomKeyStores: [{ CustomKeyStoreId: a }] })
    const byName = await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: 'b' }))
    expect(byName.CustomKeyStores!.map((s) => s.CustomKeyStoreId)).toEqual([b])
    await expectKmsError(
      aws,
      'DescribeCustomKeyStores',
      () =>
        kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: 'cks-00000000000000000' })),
      {
        name: 'CustomKeyStoreNotFoundException',
        message: "Custom key store 'cks-00000000000000000' does not exist.",
      },
    )
    await expectKmsError(
      aws,
      'DescribeCustomKeyStores',
      () => kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: 'nope' })),
      {
        name: 'CustomKeyStoreNotFoundException',
        message: "Custom key store with name 'nope' does not exist.",
      },
    )
  })

  it('refuses a name, cluster or proxy URI already in use', async () => {
    const taken = await createStore(cloudHsm('taken'))
    const xks = await createStore(external('xks'))
    await expectKmsError(aws, 'CreateCustomKeyStore', () => createStore(external('taken')), {
      name: 'CustomKeyStoreNameInUseException',
      message: "A custom key store with name 'taken' already exists in this account and Region.",
    })
    await expectKmsError(aws, 'CreateCustomKeyStore', () => createStore(cloudHsm('other')), {
      name: 'CloudHsmClusterInUseException',
      message: `CloudHSM cluster cluster-234abcdefgh is already associated with custom key store ${taken}.`,
    })
    await expectKmsError(aws, 'CreateCustomKeyStore', () => createStore(external('xks-2')), {
      name: 'XksProxyUriInUseException',
      message: `The external key store proxy URI https://xks.example.com/example/kms/xks/v1 is already used by custom key store ${xks}.`,
    })
  })

  it('requires the parameters of its type and refuses those of the other', async () => {
    const { KeyStorePassword: _omitted, ...noPassword } = cloudHsm()
    await expectKmsError(aws, 'CreateCustomKeyStore', () => createStore(noPassword), {
      name: 'ValidationException',
      message: 'KeyStorePassword is required for a custom key store of type AWS_CLOUDHSM.',
    })
    await expectKmsError(
      aws,
      'CreateCustomKeyStore',
      () => createStore({ ...external(), CloudHsmClusterId: 'cluster-234abcdefgh' }),
      {
        name: 'ValidationException',
        message:
          'CloudHsmClusterId is not valid for a custom key store of type EXTERNAL_KEY_STORE.',
      },
    )
    await expectKmsError(
      aws,
      'CreateCustomKeyStore',
      () => createStore({ ...external(), XksProxyConnectivity: 'VPC_ENDPOINT_SERVICE' }),
      {
        name: 'ValidationException',
        message:
          'XksProxyVpcEndpointServiceName is required for a custom key store of type EXTERNAL_KEY_STORE.',
      },
    )
    await expectKmsError(
      aws,
      'CreateCustomKeyStore',
      () => createStore({ ...external(), XksProxyUriPath: '/kms/xks/v2/wrong' }),
      {
        name: 'XksProxyInvalidConfigurationException',
        message:
          "XksProxyUriPath '/kms/xks/v2/wrong' must end with /kms/xks/v1, after an optional prefix.",
      },
    )
    await expectKmsError(
      aws,
      'CreateCustomKeyStore',
      () => createStore({ ...cloudHsm(), KeyStorePassword: 'short' }),
      {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value at 'keyStorePassword' failed to satisfy constraint: Member must have length between 7 and 32",
      },
    )
  })
})

describe('the connection state machine', () => {
  it('connects, disconnects and deletes, refusing each transition from the wrong state', async () => {
    const id = await createStore(cloudHsm())
    await expectKmsError(aws, 'DisconnectCustomKeyStore', () => disconnect(id), {
      name: 'CustomKeyStoreInvalidStateException',
      message: `Custom key store ${id} is DISCONNECTED, which is not valid for DisconnectCustomKeyStore.`,
    })
    await audited(aws, 'ConnectCustomKeyStore', () => connect(id))
    expect((await describeStore(id)).ConnectionState).toBe('CONNECTED')
    await connect(id) // connecting a connected store succeeds and changes nothing
    await expectKmsError(
      aws,
      'DeleteCustomKeyStore',
      () => kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id })),
      {
        name: 'CustomKeyStoreInvalidStateException',
        message: `Custom key store ${id} is CONNECTED, which is not valid for DeleteCustomKeyStore.`,
      },
    )
    await audited(aws, 'DisconnectCustomKeyStore', () => disconnect(id))
    expect((await describeStore(id)).ConnectionState).toBe('DISCONNECTED')
    await audited(aws, 'DeleteCustomKeyStore', () =>
      kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id })),
    )
    await expectKmsError(aws, 'ConnectCustomKeyStore', () => connect(id), {
      name: 'CustomKeyStoreNotFoundException',
      message: `Custom key store '${id}' does not exist.`,
    })
  })

  it('renames a connected store but changes anything else only when disconnected', async () => {
    const id = await createStore(external())
    await connect(id)
    await audited(aws, 'UpdateCustomKeyStore', () =>
      kms.send(
        new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, NewCustomKeyStoreName: 'renamed' }),
      ),
    )
    expect((await describeStore(id)).CustomKeyStoreName).toBe('renamed')
    const move = { CustomKeyStoreId: id, XksProxyUriPath: '/moved/kms/xks/v1' }
    await expectKmsError(
      aws,
      'UpdateCustomKeyStore',
      () => kms.send(new UpdateCustomKeyStoreCommand(move)),
      {
        name: 'CustomKeyStoreInvalidStateException',
        message: `Custom key store ${id} is CONNECTED, which is not valid for UpdateCustomKeyStore.`,
      },
    )
    await disconnect(id)
    await kms.send(new UpdateCustomKeyStoreCommand(move))
    expect((await describeStore(id)).XksProxyConfiguration?.UriPath).toBe('/moved/kms/xks/v1')
    await expectKmsError(
      aws,
      'UpdateCustomKeyStore',
      () =>
        kms.send(
          new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, KeyStorePassword: 'password1' }),
        ),
      {
        name: 'ValidationException',
        message: 'KeyStorePassword is not valid for a custom key store of type EXTERNAL_KEY_STORE.',
      },
    )
  })
})

describe('KMS keys in a custom key store', () => {
  const inStore = (CustomKeyStoreId: string, extra: CreateKeyCommandInput = {}) =>
    kms.send(new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId, ...extra }))

  it('are created only in a CONNECTED store, and encrypt like any symmetric key', async () => {
    const id = await createStore(cloudHsm())
    await expectKmsError(aws, 'CreateKey', () => inStore(id), {
      name: 'CustomKeyStoreInvalidStateException',
      message: `Custom key store ${id} is DISCONNECTED, which is not valid for CreateKey.`,
    })
    await connect(id)
    const { KeyMetadata } = await inStore(id)
    expect(KeyMetadata).toMatchObject({
      Origin: 'AWS_CLOUDHSM',
      CustomKeyStoreId: id,
      CloudHsmClusterId: 'cluster-234abcdefgh',
      KeyState: 'Enabled',
    })
    const KeyId = KeyMetadata!.KeyId!
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId, Plaintext: new TextEncoder().encode('hsm') }),
    )
    const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }))
    expect(new TextDecoder().decode(Plaintext)).toBe('hsm')
    const random = await kms.send(
      new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: id }),
    )
    expect(random.Plaintext).toHaveLength(8)
  })

  it('become Unavailable while their store is disconnected, and block its deletion', async () => {
    const id = await createStore(cloudHsm())
    await connect(id)
    const KeyId = (await inStore(id)).KeyMetadata!.KeyId!
    await disconnect(id)
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId }))
    expect(KeyMetadata!.KeyState).toBe('Unavailable')
    await expectKmsError(
      aws,
      'Encrypt',
      () => kms.send(new EncryptCommand({ KeyId, Plaintext: new Uint8Array([1]) })),
      { name: 'KMSInvalidStateException', message: `${KeyMetadata!.Arn} is unavailable.` },
    )
    await expectKmsError(
      aws,
      'DeleteCustomKeyStore',
      () => kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id })),
      {
        name: 'CustomKeyStoreHasCMKsException',
        message: `Custom key store ${id} contains KMS keys. Delete them before deleting the custom key store.`,
      },
    )
    await connect(id)
    expect((await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.KeyState).toBe(
      'Enabled',
    )
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }))
    await disconnect(id)
    clock.advance(8 * 86_400_000)
    await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id }))
  })

  it('in an external key store name their external key, once each', async () => {
    const id = await createStore(external())
    await connect(id)
    const create = (XksKeyId?: string) =>
      kms.send(
        new CreateKeyCommand({
          Origin: 'EXTERNAL_KEY_STORE',
          CustomKeyStoreId: id,
          ...(XksKeyId === undefined ? {} : { XksKeyId }),
        }),
      )
    const { KeyMetadata } = await create('external-key-1')
    expect(KeyMetadata).toMatchObject({
      Origin: 'EXTERNAL_KEY_STORE',
      CustomKeyStoreId: id,
      XksKeyConfiguration: { Id: 'external-key-1' },
    })
    await expectKmsError(aws, 'CreateKey', () => create('external-key-1'), {
      name: 'XksKeyAlreadyInUseException',
      message: `External key external-key-1 is already used by KMS key ${KeyMetadata!.Arn}.`,
    })
    await expectKmsError(aws, 'CreateKey', () => create(), {
      name: 'ValidationException',
      message: 'Origin EXTERNAL_KEY_STORE requires an XksKeyId.',
    })
    await expectKmsError(aws, 'CreateKey', () => inStore(id), {
      name: 'ValidationException',
      message: `Origin AWS_CLOUDHSM does not match custom key store ${id} of type EXTERNAL_KEY_STORE.`,
    })
    await expectKmsError(
      aws,
      'GenerateRandom',
      () => kms.send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: id })),
      {
        name: 'UnsupportedOperationException',
        message: `${id} is an external key store, which is not valid for GenerateRandom.`,
      },
    )
  })

  it('must be symmetric and name a store', async () => {
    const id = await createStore(cloudHsm())
    await connect(id)
    await expectKmsError(
      aws,
      'CreateKey',
      () => inStore(id, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }),
      {
        name: 'UnsupportedOperationException',
        message: 'KeySpec RSA_2048 is not valid for a KMS key in a custom key store.',
      },
    )
    await expectKmsError(
      aws,
      'CreateKey',
      () => kms.send(new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM' })),
      { name: 'ValidationException', message: 'Origin AWS_CLOUDHSM requires a CustomKeyStoreId.' },
    )
  })
})
