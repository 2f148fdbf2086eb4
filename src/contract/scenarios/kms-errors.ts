import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  GenerateRandomCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import { defineScenario, type Scenario } from '../define.js'
import {
  aliasArnOf,
  createKey,
  keyArnLike,
  otherRegion,
  uniqueAliasName,
  UNKNOWN_KEY_ID,
} from './kms-support.js'

/**
 * The KMS error contract (SPEC §3, reference §3): key state, unknown keys, wrong key usage and
 * validation, with the status, code and message AWS sends.
 */

const plaintext = new TextEncoder().encode('state matters')

const disabledKey = defineScenario({
  name: 'kms-disabled-key',
  description:
    'A disabled key refuses Encrypt, Decrypt and GenerateDataKey with DisabledException, and works again once enabled.',
  requires: ['kms', 'kms-create-keys'],
  async run(t) {
    const key = await createKey(t)
    const { CiphertextBlob } = await t.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: plaintext }),
    )
    await t.kms.send(new DisableKeyCommand({ KeyId: key.keyId }))
    const { KeyMetadata } = await t.kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))
    t.check('DescribeKey: KeyState', KeyMetadata?.KeyState, 'Disabled')
    t.check('DescribeKey: Enabled', KeyMetadata?.Enabled, false)
    const disabled = { status: 400, code: 'DisabledException', message: `${key.arn} is disabled.` }
    const statusQuestion = {
      openQuestion:
        'reference §6.8: DisabledException HTTP status (400 captured, 409 in the API reference)',
    }
    await t.expectError(
      'Encrypt',
      t.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: plaintext })),
      disabled,
      statusQuestion,
    )
    await t.expectError(
      'Decrypt',
      t.kms.send(new DecryptCommand({ CiphertextBlob })),
      disabled,
      statusQuestion,
    )
    await t.expectError(
      'GenerateDataKey',
      t.kms.send(new GenerateDataKeyCommand({ KeyId: key.keyId, KeySpec: 'AES_256' })),
      disabled,
      statusQuestion,
    )
    await t.kms.send(new EnableKeyCommand({ KeyId: key.keyId }))
    const reopened = await t.kms.send(new DecryptCommand({ CiphertextBlob }))
    t.check(
      'Decrypt after EnableKey',
      Buffer.from(reopened.Plaintext ?? []).toString(),
      'state matters',
    )
  },
})

const pendingDeletionKey = defineScenario({
  name: 'kms-pending-deletion-key',
  description:
    'A key scheduled for deletion refuses crypto with KMSInvalidStateException; CancelKeyDeletion leaves it Disabled.',
  requires: ['kms', 'kms-create-keys'],
  async run(t) {
    const key = await createKey(t)
    const { CiphertextBlob } = await t.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: plaintext }),
    )
    const scheduled = await t.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }),
    )
    t.check('ScheduleKeyDeletion: KeyId', scheduled.KeyId, key.arn)
    t.check('ScheduleKeyDeletion: KeyState', scheduled.KeyState, 'PendingDeletion')
    t.check('ScheduleKeyDeletion: PendingWindowInDays', scheduled.PendingWindowInDays, 7)
    t.check('ScheduleKeyDeletion: DeletionDate', scheduled.DeletionDate instanceof Date, true)
    const pending = {
      status: 400,
      code: 'KMSInvalidStateException',
      message: `${key.arn} is pending deletion.`,
    }
    await t.expectError(
      'Encrypt',
      t.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: plaintext })),
      pending,
    )
    await t.expectError('Decrypt', t.kms.send(new DecryptCommand({ CiphertextBlob })), pending)
    await t.expectError(
      'ScheduleKeyDeletion again',
      t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 })),
      pending,
    )
    await t.kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId }))
    const { KeyMetadata } = await t.kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))
    t.check('after CancelKeyDeletion: KeyState', KeyMetadata?.KeyState, 'Disabled')
    t.check('after CancelKeyDeletion: DeletionDate', KeyMetadata?.DeletionDate, undefined)
  },
})

const deletionWindowBounds = defineScenario({
  name: 'kms-deletion-window-bounds',
  description:
    'ScheduleKeyDeletion refuses a waiting period shorter than 7 or longer than 30 days.',
  requires: ['kms', 'kms-create-keys'],
  async run(t) {
    const key = await createKey(t)
    const openQuestion =
      'uncaptured: ValidationException text for PendingWindowInDays outside 7–30 (the model allows 1–365)'
    await t.expectError(
      'PendingWindowInDays 6',
      t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 6 })),
      {
        status: 400,
        code: 'ValidationException',
        message:
          "1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7",
      },
      { openQuestion },
    )
    await t.expectError(
      'PendingWindowInDays 31',
      t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 31 })),
      {
        status: 400,
        code: 'ValidationException',
        message:
          "1 validation error detected: Value '31' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 30",
      },
      { openQuestion },
    )
  },
})

const unknownKey = defineScenario({
  name: 'kms-unknown-key',
  description:
    'A key that does not exist fails with NotFoundException, worded by the form used: malformed id, missing key, ARN of another region.',
  requires: ['kms'],
  async run(t) {
    const key = await t.customerKey()
    const missingArn = keyArnLike(key, UNKNOWN_KEY_ID)
    const encrypt = (keyId: string) =>
      t.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))
    await t.expectError('Encrypt with fake-key-id', encrypt('fake-key-id'), {
      status: 400,
      code: 'NotFoundException',
      message: "Invalid keyId 'fake-key-id'",
    })
    await t.expectError('Encrypt with an unknown key id', encrypt(UNKNOWN_KEY_ID), {
      status: 400,
      code: 'NotFoundException',
      message: `Key '${missingArn}' does not exist`,
    })
    await t.expectError('Encrypt with an unknown key ARN', encrypt(missingArn), {
      status: 400,
      code: 'NotFoundException',
      message: `Key '${missingArn}' does not exist`,
    })
    const elsewhere = otherRegion(t.region)
    await t.expectError(
      'DescribeKey with a key ARN of another region',
      t.kms.send(
        new DescribeKeyCommand({ KeyId: key.arn.replace(`:${t.region}:`, `:${elsewhere}:`) }),
      ),
      { status: 400, code: 'NotFoundException', message: `Invalid arn ${elsewhere}` },
    )
    await t.expectError(
      'DescribeKey with a dashless key id',
      t.kms.send(new DescribeKeyCommand({ KeyId: UNKNOWN_KEY_ID.replace(/-/g, '') })),
      {
        status: 400,
        code: 'NotFoundException',
        message: `Invalid keyId '${UNKNOWN_KEY_ID.replace(/-/g, '')}'`,
      },
    )
  },
})

const aliasNotFound = defineScenario({
  name: 'kms-alias-not-found',
  description:
    'An alias name or alias ARN that names no alias fails with NotFoundException naming the alias ARN.',
  requires: ['kms'],
  async run(t) {
    const key = await t.customerKey()
    const missing = uniqueAliasName(t, 'missing')
    const openQuestion =
      'uncaptured: the alias-not-found text (moto and LocalStack agree, reference §3)'
    const expected = {
      status: 400,
      code: 'NotFoundException',
      message: `Alias ${aliasArnOf(key, missing)} is not found.`,
    }
    await t.expectError(
      'Encrypt with an unknown alias name',
      t.kms.send(new EncryptCommand({ KeyId: missing, Plaintext: plaintext })),
      expected,
      { openQuestion },
    )
    await t.expectError(
      'DescribeKey with an unknown alias ARN',
      t.kms.send(new DescribeKeyCommand({ KeyId: aliasArnOf(key, missing) })),
      expected,
      { openQuestion },
    )
  },
})

const invalidKeyUsage = defineScenario({
  name: 'kms-invalid-key-usage',
  description:
    'A key used for an operation its KeyUsage does not allow fails with InvalidKeyUsageException naming the usage and operation.',
  requires: ['kms', 'kms-create-keys'],
  async run(t) {
    const symmetric = await t.customerKey()
    const signing = await createKey(t, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    const mac = await createKey(t, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    await t.expectError(
      'Encrypt with a SIGN_VERIFY key',
      t.kms.send(new EncryptCommand({ KeyId: signing.keyId, Plaintext: plaintext })),
      {
        status: 400,
        code: 'InvalidKeyUsageException',
        message: `${signing.arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
      },
    )
    await t.expectError(
      'GenerateDataKey with an HMAC key',
      t.kms.send(new GenerateDataKeyCommand({ KeyId: mac.keyId, KeySpec: 'AES_256' })),
      {
        status: 400,
        code: 'InvalidKeyUsageException',
        message: `${mac.arn} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.`,
      },
    )
    await t.expectError(
      'GenerateMac with a symmetric encryption key',
      t.kms.send(
        new GenerateMacCommand({
          KeyId: symmetric.keyId,
          MacAlgorithm: 'HMAC_SHA_256',
          Message: plaintext,
        }),
      ),
      {
        status: 400,
        code: 'InvalidKeyUsageException',
        message: `${symmetric.arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`,
      },
    )
  },
})

const createKeyUsageMismatch = defineScenario({
  name: 'kms-create-key-usage-mismatch',
  description:
    'CreateKey refuses a KeyUsage that the KeySpec cannot serve (an HMAC spec for ENCRYPT_DECRYPT).',
  requires: ['kms', 'kms-create-keys'],
  async run(t) {
    const attempt = t.kms
      .send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'ENCRYPT_DECRYPT' }))
      .then((created) => {
        // Should a target accept it, the key still gets its deletion scheduled.
        const keyId = created.KeyMetadata?.KeyId
        if (keyId !== undefined) {
          t.defer(() =>
            t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })),
          )
        }
        return created
      })
    await t.expectError(
      'CreateKey HMAC_256 with ENCRYPT_DECRYPT',
      attempt,
      { status: 400, code: 'ValidationException' },
      { openQuestion: 'uncaptured: the ValidationException text for a KeySpec/KeyUsage mismatch' },
    )
  },
})

const plaintextTooLong = defineScenario({
  name: 'kms-plaintext-too-long',
  description: 'Encrypt refuses more than 4096 bytes of plaintext with a ValidationException.',
  requires: ['kms'],
  async run(t) {
    const key = await t.customerKey()
    await t.expectError(
      'Encrypt 4097 bytes',
      t.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: new Uint8Array(4097) })),
      {
        status: 400,
        code: 'ValidationException',
        message:
          "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
      },
    )
    const fits = await t.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: new Uint8Array(4096) }),
    )
    t.check('Encrypt 4096 bytes succeeds', fits.KeyId, key.arn)
  },
})

const generateRandomBounds = defineScenario({
  name: 'kms-generate-random-bounds',
  description:
    'GenerateRandom refuses 0, 1025 and a missing NumberOfBytes with ValidationException.',
  requires: ['kms'],
  async run(t) {
    await t.expectError(
      'NumberOfBytes 0',
      t.kms.send(new GenerateRandomCommand({ NumberOfBytes: 0 })),
      {
        status: 400,
        code: 'ValidationException',
        message:
          "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
      },
    )
    await t.expectError(
      'NumberOfBytes 1025',
      t.kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })),
      {
        status: 400,
        code: 'ValidationException',
        message:
          "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      },
    )
    await t.expectError('NumberOfBytes missing', t.kms.send(new GenerateRandomCommand({})), {
      status: 400,
      code: 'ValidationException',
      message: 'NumberOfBytes is required.',
    })
  },
})

const generateDataKeyNeedsOneSize = defineScenario({
  name: 'kms-generate-data-key-needs-one-size',
  description:
    'GenerateDataKey needs exactly one of KeySpec and NumberOfBytes: both or neither is a ValidationException.',
  requires: ['kms'],
  async run(t) {
    const key = await t.customerKey()
    const openQuestion = 'reference §6.8: GenerateDataKey validation texts (emulators disagree)'
    await t.expectError(
      'both KeySpec and NumberOfBytes',
      t.kms.send(
        new GenerateDataKeyCommand({ KeyId: key.keyId, KeySpec: 'AES_256', NumberOfBytes: 32 }),
      ),
      {
        status: 400,
        code: 'ValidationException',
        message: 'Please specify either number of bytes or key spec.',
      },
      { openQuestion },
    )
    await t.expectError(
      'neither KeySpec nor NumberOfBytes',
      t.kms.send(new GenerateDataKeyCommand({ KeyId: key.keyId })),
      {
        status: 400,
        code: 'ValidationException',
        message: 'Please specify either number of bytes or key spec.',
      },
      { openQuestion },
    )
  },
})

export const kmsErrorScenarios: readonly Scenario[] = [
  disabledKey,
  pendingDeletionKey,
  deletionWindowBounds,
  unknownKey,
  aliasNotFound,
  invalidKeyUsage,
  createKeyUsageMismatch,
  plaintextTooLong,
  generateRandomBounds,
  generateDataKeyNeedsOneSize,
]
