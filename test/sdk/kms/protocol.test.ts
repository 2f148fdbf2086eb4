import { CreateKeyCommand, DecryptCommand } from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { expectUnchanged } from '../../support/unchanged.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const aws = useMockAws()
const kms = kmsClient()
const ENDPOINT = 'https://kms.us-east-1.amazonaws.com/'
const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00'

interface RawCall {
  target?: string
  body: string
  signed?: boolean
}

/** One hand-made request, as a misbehaving client would send it. */
async function post({ target, body, signed = true }: RawCall) {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' }
  if (target !== undefined) headers['x-amz-target'] = target
  if (signed) headers.authorization = AUTHORIZATION
  const response = await fetch(ENDPOINT, { method: 'POST', headers, body })
  const json = (await response.json()) as { __type: string; message: string }
  return { status: response.status, contentType: response.headers.get('content-type'), json }
}

/**
 * A bad request gets KMS's JSON error: the right `__type` and message, a 4xx status (never a 500),
 * `application/x-amz-json-1.1`; it changes nothing and leaves exactly one audit event.
 */
async function expectRejected(
  call: RawCall,
  expected: { type: string; message: string; eventName: string },
) {
  const before = aws.audit.events().length
  const answer = await expectUnchanged(aws, () => post(call))
  expect(answer).toEqual({
    status: 400,
    contentType: 'application/x-amz-json-1.1',
    json: { __type: expected.type, message: expected.message },
  })
  const events = aws.audit.events()
  expect(events).toHaveLength(before + 1)
  expect(events.at(-1)).toMatchObject({
    eventName: expected.eventName,
    errorCode: expected.type,
    errorMessage: expected.message,
  })
}

async function keyId(): Promise<string> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  return KeyMetadata!.KeyId!
}

describe('bad KMS requests on the wire', () => {
  it('malformed JSON → SerializationException', async () => {
    await expectRejected(
      { target: 'TrentService.Encrypt', body: '{"KeyId": ' },
      {
        type: 'SerializationException',
        message: 'Unexpected character in the JSON body.',
        eventName: 'Encrypt',
      },
    )
  })

  it('an unknown X-Amz-Target → UnknownOperationException', async () => {
    await expectRejected(
      { target: 'TrentService.EncryptEverything', body: '{}' },
      { type: 'UnknownOperationException', message: '', eventName: 'EncryptEverything' },
    )
    await expectRejected(
      { body: '{}' },
      { type: 'UnknownOperationException', message: '', eventName: 'Unknown' },
    )
  })

  it('a missing required member → ValidationException naming it', async () => {
    await expectRejected(
      { target: 'TrentService.Encrypt', body: JSON.stringify({ Plaintext: 'aGk=' }) },
      {
        type: 'ValidationException',
        message:
          "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
        eventName: 'Encrypt',
      },
    )
  })

  it('wrong member types → SerializationException', async () => {
    await expectRejected(
      { target: 'TrentService.GenerateRandom', body: JSON.stringify({ NumberOfBytes: '32' }) },
      {
        type: 'SerializationException',
        message: 'STRING_VALUE can not be converted to an Integer',
        eventName: 'GenerateRandom',
      },
    )
    await expectRejected(
      { target: 'TrentService.Encrypt', body: JSON.stringify({ KeyId: {}, Plaintext: 'aGk=' }) },
      {
        type: 'SerializationException',
        message: 'Start of structure or map found where not expected.',
        eventName: 'Encrypt',
      },
    )
  })

  it('a blob that is not base64 → SerializationException', async () => {
    const id = await keyId()
    await expectRejected(
      { target: 'TrentService.Encrypt', body: JSON.stringify({ KeyId: id, Plaintext: '%%%' }) },
      {
        type: 'SerializationException',
        message: 'Base64 encoded data is not valid',
        eventName: 'Encrypt',
      },
    )
  })

  it('an oversized plaintext → ValidationException, the plaintext never echoed', async () => {
    const id = await keyId()
    await expectRejected(
      {
        target: 'TrentService.Encrypt',
        body: JSON.stringify({ KeyId: id, Plaintext: Buffer.alloc(4097, 1).toString('base64') }),
      },
      {
        type: 'ValidationException',
        message:
          "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
        eventName: 'Encrypt',
      },
    )
  })

  it('an unsigned request → MissingAuthenticationTokenException', async () => {
    await expectRejected(
      { target: 'TrentService.ListKeys', body: '{}', signed: false },
      {
        type: 'MissingAuthenticationTokenException',
        message: 'Missing Authentication Token',
        eventName: 'ListKeys',
      },
    )
  })

  it('an error AWS sends without text has an empty message on the wire', async () => {
    await expectRejected(
      {
        target: 'TrentService.Decrypt',
        body: JSON.stringify({ CiphertextBlob: Buffer.alloc(64, 7).toString('base64') }),
      },
      { type: 'InvalidCiphertextException', message: '', eventName: 'Decrypt' },
    )
  })

  it('a well-formed raw request succeeds like the SDK’s', async () => {
    const id = await keyId()
    const answer = await post({
      target: 'TrentService.Encrypt',
      body: JSON.stringify({ KeyId: id, Plaintext: 'aGk=' }),
    })
    expect(answer.status).toBe(200)
    expect(answer.contentType).toBe('application/x-amz-json-1.1')
    // The SDK decrypts what the raw call produced.
    const { CiphertextBlob } = answer.json as unknown as { CiphertextBlob: string }
    const opened = await kms.send(
      new DecryptCommand({ CiphertextBlob: Buffer.from(CiphertextBlob, 'base64') }),
    )
    expect(Buffer.from(opened.Plaintext!).toString()).toBe('hi')
  })
})
