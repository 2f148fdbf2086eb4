/**
 * `npm run demo`: a real scenario against the embedded mock, printed step by step.
 *
 * The application code below uses the real @aws-sdk/client-kms with default settings; the mock
 * intercepts its HTTPS traffic in-process. Nothing leaves this machine.
 */
import {
  CreateKeyCommand,
  DecryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
} from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { setupMockAws } from 's3-kms-mock/node'

const aws = setupMockAws({ region: 'eu-west-1' })
aws.listen({ onUnhandledRequest: 'error' })

const kms = new KMSClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'demo-secret' },
  maxAttempts: 1,
})

const say = (text: string): void => {
  console.log(text)
}

try {
  say('1. CreateKey: a symmetric KMS key, created in the in-memory keystore')
  const { KeyMetadata } = await kms.send(
    new CreateKeyCommand({ Description: 'demo key for invoices' }),
  )
  const keyArn = KeyMetadata?.Arn ?? ''
  say(`   → ${keyArn} (${KeyMetadata?.KeySpec ?? ''}, ${KeyMetadata?.KeyState ?? ''})`)

  const context = { tenant: 'acme', purpose: 'invoices' }
  say(`\n2. GenerateDataKey with encryption context ${JSON.stringify(context)}`)
  const dataKey = await kms.send(
    new GenerateDataKeyCommand({ KeyId: keyArn, KeySpec: 'AES_256', EncryptionContext: context }),
  )
  say(`   → a ${dataKey.Plaintext?.length ?? 0}-byte data key (not printed: it is a secret)`)
  say(
    `   → its wrapped form: ${dataKey.CiphertextBlob?.length ?? 0} bytes of AES-256-GCM ciphertext;`,
  )
  say('     the encryption context is bound to it as authenticated data')

  say('\n3. Decrypt with the same context')
  const opened = await kms.send(
    new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: context }),
  )
  const same = Buffer.from(opened.Plaintext ?? []).equals(Buffer.from(dataKey.Plaintext ?? []))
  say(
    `   → ok: KMS returned the same data key (${same ? 'bytes match' : 'BYTES DIFFER'}), key ${opened.KeyId ?? ''}`,
  )

  const wrong = { tenant: 'other', purpose: 'invoices' }
  say(`\n4. Decrypt with the wrong context ${JSON.stringify(wrong)}`)
  try {
    await kms.send(
      new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: wrong }),
    )
    say('   → unexpectedly succeeded')
    process.exitCode = 1
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } }
    say(`   → refused as AWS refuses it: ${e.name} (HTTP ${e.$metadata?.httpStatusCode ?? '?'})`)
  }

  say('\n5. S3 PutObject with SSE-KMS under that key and a context of our own')
  const s3 = new S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'demo-secret' },
    maxAttempts: 1,
  })
  await s3.send(
    new CreateBucketCommand({
      Bucket: 'invoices',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  )
  const plaintext = 'Invoice 42: 1,000 EUR'
  const put = await s3.send(
    new PutObjectCommand({
      Bucket: 'invoices',
      Key: '2026/42.txt',
      Body: plaintext,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyArn,
      SSEKMSEncryptionContext: Buffer.from(JSON.stringify({ tenant: 'acme' })).toString('base64'),
    }),
  )
  say(`   → stored with ${put.ServerSideEncryption ?? ''} under ${put.SSEKMSKeyId ?? ''}`)
  const atRest = Buffer.from(aws.s3.rawObject('invoices', '2026/42.txt'))
  say(
    `   → ${atRest.length} bytes at rest; contain the plaintext? ${atRest.includes(plaintext) ? 'YES (bug!)' : 'no'}`,
  )
  const stored = aws.s3.object('invoices', '2026/42.txt').describe()
  if (stored?.encryption.type === 'SSE-KMS') {
    say(`   → context S3 sent to KMS: ${JSON.stringify(stored.encryption.encryptionContext)}`)
  }
  const got = await s3.send(new GetObjectCommand({ Bucket: 'invoices', Key: '2026/42.txt' }))
  say(`   → GetObject decrypts it again: "${(await got.Body?.transformToString()) ?? ''}"`)

  say('\n6. What the audit log recorded (CloudTrail-shaped, no secrets):')
  for (const event of aws.audit.events()) {
    const who = event.userIdentity.invokedBy ?? 'you'
    const ctx = JSON.stringify(event.requestParameters?.encryptionContext ?? {})
    say(
      `   ${event.eventSource.split('.')[0]?.padEnd(4) ?? ''} ${event.eventName.padEnd(16)} by ${who.padEnd(17)} ${(event.errorCode ?? 'ok').padEnd(27)} context=${ctx}`,
    )
  }
} finally {
  aws.close()
}
