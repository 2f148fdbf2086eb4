import { CreateKeyCommand } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
} from '@aws-sdk/client-s3'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { createHash, createHmac } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/core/clock.js'
import { kmsClient, testCredentials, useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

// Signatures are verified in full in this file (credentials configured), and time is injected so
// that a policy can expire without waiting.
const clock = new ManualClock(Date.now())
const aws = useMockAws({ clock, credentials: testCredentials })
const s3 = s3Client()
const md5 = (data: string) => createHash('md5').update(data).digest('hex')

type PresignOptions = Omit<Parameters<typeof createPresignedPost>[1], 'Bucket'>

beforeEach(async () => {
  clock.set(Date.now())
  await s3.send(new CreateBucketCommand({ Bucket: 'inbox' }))
})

const presign = (options: PresignOptions, client = s3) =>
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- s3-presigned-post bundles its own copy of client-s3; only the config it reads matters
  createPresignedPost(client, { Bucket: 'inbox', ...options })

interface Submission {
  fields: Record<string, string>
  /** Fields to add after the presigned ones (still before the file). */
  extra?: [string, string][]
  file?: { body: string; name?: string } | null
}

/** Posts the form with fetch and a FormData, as a browser would (MSW intercepts it). */
function submit(
  url: string,
  { fields, extra = [], file = { body: 'form body' } }: Submission,
  init: RequestInit = {},
) {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  for (const [name, value] of extra) form.append(name, value)
  if (file !== null) form.append('file', new Blob([file.body]), file.name ?? 'upload.txt')
  return fetch(url, { method: 'POST', body: form, ...init })
}

/** An S3 error response's code and message. */
async function s3Error(response: Response) {
  const text = await response.text()
  return {
    status: response.status,
    code: /<Code>(.*?)<\/Code>/.exec(text)?.[1],
    message: /<Message>(.*?)<\/Message>/s
      .exec(text)?.[1]
      ?.replaceAll('&quot;', '"')
      .replaceAll('&apos;', "'"),
    text,
  }
}

/** A refused form: its error, after checking that the world did not change. */
const refused = (send: () => Promise<Response>) =>
  expectUnchanged(aws, async () => s3Error(await send()))

async function text(key: string): Promise<string> {
  const got = await s3.send(new GetObjectCommand({ Bucket: 'inbox', Key: key }))
  return (await bodyBytes(got.Body)).toString()
}

describe('POST Object with createPresignedPost', () => {
  it('stores the file: 204 by default, SSE-S3 by default, ETag and Location', async () => {
    const { url, fields } = await presign({ Key: 'docs/a.txt' })
    expect(fields.Policy).toBeDefined()
    const response = await submit(url, { fields })
    expect(response.status).toBe(204)
    expect(response.headers.get('etag')).toBe(`"${md5('form body')}"`)
    expect(response.headers.get('x-amz-server-side-encryption')).toBe('AES256')
    expect(response.headers.get('location')).toBe(`${new URL(url).origin}/docs%2Fa.txt`)
    expect(await text('docs/a.txt')).toBe('form body')
    expect(aws.s3.object('inbox', 'docs/a.txt').describe()?.encryption).toEqual({ type: 'SSE-S3' })
    expect(aws.audit.events({ eventName: 'PostObject' })).toHaveLength(1)
  })

  it('tags the object from the tagging field’s XML document', async () => {
    const tagging =
      '<Tagging><TagSet><Tag><Key>team</Key><Value>a b</Value></Tag></TagSet></Tagging>'
    const { url, fields } = await presign({ Key: 'tagged.txt', Fields: { tagging } })
    expect((await submit(url, { fields })).status).toBe(204)
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: 'inbox', Key: 'tagged.txt' }))
    expect(tags.TagSet).toEqual([{ Key: 'team', Value: 'a b' }])
    const bad = await presign({ Key: 'bad.txt', Fields: { tagging: '<Tagging><TagSet>' } })
    const error = await refused(() => submit(bad.url, { fields: bad.fields }))
    expect([error.status, error.code]).toEqual([400, 'MalformedXML'])
  })

  it('puts the uploaded file’s name in place of ${filename}', async () => {
    const { url, fields } = await presign({ Key: 'uploads/${filename}' })
    const response = await submit(url, { fields, file: { body: 'x', name: 'photo.txt' } })
    expect(response.status).toBe(204)
    expect(aws.s3.keys('inbox')).toEqual(['uploads/photo.txt'])
  })

  it('answers 201 with a PostResponse document, or an empty 200, as success_action_status asks', async () => {
    const created = await presign({ Key: 'a', Fields: { success_action_status: '201' } })
    const response = await submit(created.url, { fields: created.fields })
    expect(response.status).toBe(201)
    const body = await response.text()
    expect(body).toContain('<PostResponse>')
    expect(body).toContain(`<Location>${new URL(created.url).origin}/a</Location>`)
    expect(body).toContain('<Bucket>inbox</Bucket><Key>a</Key>')
    expect(body).toContain(`<ETag>&quot;${md5('form body')}&quot;</ETag>`)
    const ok = await presign({ Key: 'b', Fields: { success_action_status: '200' } })
    const plain = await submit(ok.url, { fields: ok.fields })
    expect(plain.status).toBe(200)
    expect(await plain.text()).toBe('')
  })

  it('redirects (303) to success_action_redirect with bucket, key and etag', async () => {
    const { url, fields } = await presign({
      Key: 'r.txt',
      Fields: { success_action_redirect: 'https://app.example/done?x=1' },
    })
    const response = await submit(url, { fields }, { redirect: 'manual' })
    expect(response.status).toBe(303)
    const location = new URL(response.headers.get('location')!)
    expect(location.origin + location.pathname).toBe('https://app.example/done')
    expect(Object.fromEntries(location.searchParams)).toEqual({
      x: '1',
      bucket: 'inbox',
      key: 'r.txt',
      etag: `"${md5('form body')}"`,
    })
  })

  it('stores Content-Type, content headers and x-amz-meta-* fields', async () => {
    const { url, fields } = await presign({
      Key: 'meta.txt',
      Fields: {
        'Content-Type': 'text/plain',
        'Cache-Control': 'max-age=60',
        'x-amz-meta-owner': 'me',
      },
    })
    expect((await submit(url, { fields })).status).toBe(204)
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'inbox', Key: 'meta.txt' }))
    expect(head.ContentType).toBe('text/plain')
    expect(head.CacheControl).toBe('max-age=60')
    expect(head.Metadata).toEqual({ owner: 'me' })
  })

  it('encrypts with SSE-KMS from the form fields, through the audited KeyService', async () => {
    const keyArn = (await kmsClient().send(new CreateKeyCommand({}))).KeyMetadata!.Arn!
    const { url, fields } = await presign({
      Key: 'secret.txt',
      Fields: {
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id': keyArn,
      },
    })
    const response = await submit(url, { fields, file: { body: 'classified' } })
    expect(response.status).toBe(204)
    expect(response.headers.get('x-amz-server-side-encryption')).toBe('aws:kms')
    expect(response.headers.get('x-amz-server-side-encryption-aws-kms-key-id')).toBe(keyArn)
    expect(response.headers.get('etag')).not.toBe(`"${md5('classified')}"`)
    const generate = aws.audit.events({ eventName: 'GenerateDataKey' })
    expect(generate).toHaveLength(1)
    expect(generate[0]!.userIdentity.invokedBy).toBe('s3.amazonaws.com')
    expect(generate[0]!.requestParameters?.encryptionContext).toEqual({
      'aws:s3:arn': 'arn:aws:s3:::inbox/secret.txt',
    })
    expect(await text('secret.txt')).toBe('classified')
    expect(Buffer.from(aws.s3.rawObject('inbox', 'secret.txt')).includes('classified')).toBe(false)
  })

  it('accepts x-ignore-* fields that no condition names', async () => {
    const { url, fields } = await presign({ Key: 'i.txt' })
    const response = await submit(url, { fields, extra: [['x-ignore-tracking', '42']] })
    expect(response.status).toBe(204)
  })
})

describe('POST Object: the policy decides', () => {
  it('refuses an expired policy (checked against the injected clock)', async () => {
    const { url, fields } = await presign({ Key: 'late.txt', Expires: 60 })
    clock.advance(61_000)
    const err = await refused(() => submit(url, { fields }))
    expect(err).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy expired.',
    })
  })

  it('refuses a starts-with condition that fails, naming it as S3 does', async () => {
    const { url, fields } = await presign({
      Key: 'user/a.txt',
      Conditions: [['starts-with', '$key', 'user/']],
    })
    const err = await refused(() => submit(url, { fields: { ...fields, key: 'admin/a.txt' } }))
    expect(err).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/"]',
    })
  })

  it('refuses an eq condition and an exact match that fail', async () => {
    const { url, fields } = await presign({
      Key: 'a.txt',
      Conditions: [['eq', '$Content-Type', 'text/plain']],
      Fields: { 'Content-Type': 'text/plain' },
    })
    const eq = await refused(() =>
      submit(url, { fields: { ...fields, 'Content-Type': 'image/png' } }),
    )
    expect(eq.message).toBe(
      'Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "text/plain"]',
    )
    // The same form sent to another bucket fails the policy's {"bucket": "inbox"}.
    await s3.send(new CreateBucketCommand({ Bucket: 'elsewhere' }))
    const other = url.replace('//inbox.', '//elsewhere.')
    const bucket = await refused(() => submit(other, { fields }))
    expect(bucket.message).toBe(
      'Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "inbox"]',
    )
  })

  it('refuses fields that no condition names', async () => {
    const { url, fields } = await presign({ Key: 'a.txt' })
    const err = await refused(() => submit(url, { fields, extra: [['x-amz-meta-note', 'hi']] }))
    expect(err).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Extra input fields: x-amz-meta-note',
    })
  })

  it('enforces content-length-range with EntityTooLarge and EntityTooSmall', async () => {
    const { url, fields } = await presign({
      Key: 'sized.txt',
      Conditions: [['content-length-range', 2, 5]],
    })
    const large = await refused(() => submit(url, { fields, file: { body: '123456' } }))
    expect(large).toMatchObject({ status: 400, code: 'EntityTooLarge' })
    expect(large.text).toContain('<ProposedSize>6</ProposedSize>')
    expect(large.text).toContain('<MaxSizeAllowed>5</MaxSizeAllowed>')
    const small = await refused(() => submit(url, { fields, file: { body: '1' } }))
    expect(small).toMatchObject({ status: 400, code: 'EntityTooSmall' })
    expect(small.text).toContain('<MinSizeAllowed>2</MinSizeAllowed>')
    expect((await submit(url, { fields, file: { body: '12345' } })).status).toBe(204)
  })
})

describe('POST Object: signatures and form errors', () => {
  it('refuses a policy changed after signing (SignatureDoesNotMatch)', async () => {
    const { url, fields } = await presign({ Key: 'a.txt' })
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString()) as {
      conditions: unknown[]
    }
    policy.conditions.push(['starts-with', '$x-amz-meta-anything', ''])
    const forged = Buffer.from(JSON.stringify(policy)).toString('base64')
    const err = await refused(() => submit(url, { fields: { ...fields, Policy: forged } }))
    expect(err).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' })
  })

  it('refuses an access key the mock does not know (InvalidAccessKeyId)', async () => {
    const stranger = s3Client('us-east-1', {
      credentials: { accessKeyId: 'AKIASTRANGER', secretAccessKey: 'nope' },
    })
    const { url, fields } = await presign({ Key: 'a.txt' }, stranger)
    const err = await refused(() => submit(url, { fields }))
    expect(err).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' })
  })

  it('refuses an unsigned form (the bucket is private)', async () => {
    const { url } = await presign({ Key: 'a.txt' })
    const err = await refused(() => submit(url, { fields: { key: 'a.txt' } }))
    expect(err).toMatchObject({ status: 403, code: 'AccessDenied', message: 'Access Denied' })
  })

  it('refuses fields over 20 KB before the file, and fetch gets the answer', async () => {
    // The form is refused before its file is read; the rest of the body is read and dropped, so
    // fetch (msw 3 on Node 24 hung here while MSW's body stream was cancelled) gets the 400.
    const { url, fields } = await presign({ Key: 'a.txt' })
    const pad: [string, string][] = [['x-ignore-pad', 'p'.repeat(21 * 1024)]]
    const err = await refused(() => submit(url, { fields, extra: pad }))
    expect(err).toMatchObject({ status: 400, code: 'MaxPostPreDataLengthExceeded' })
    expect(err.message).toBe('Your POST request fields preceeding the upload file was too large.')
  })

  it('refuses a form with part of a signature', async () => {
    const { url, fields } = await presign({ Key: 'a.txt' })
    const { 'X-Amz-Signature': _signature, ...rest } = fields
    const err = await refused(() => submit(url, { fields: rest }))
    expect(err).toMatchObject({
      status: 400,
      code: 'InvalidArgument',
      message:
        "Bucket POST must contain a field named 'X-Amz-Signature'.  If it is specified, please check the order of the fields.",
    })
  })

  it('refuses a form without a file, or without a key', async () => {
    const { url, fields } = await presign({ Key: 'a.txt' })
    const noFile = await refused(() => submit(url, { fields, file: null }))
    expect(noFile).toMatchObject({
      status: 400,
      code: 'IncorrectNumberOfFilesInPostRequest',
      message: 'POST requires exactly one file upload per request.',
    })
    const { key: _key, ...keyless } = fields
    const noKey = await refused(() => submit(url, { fields: keyless }))
    expect(noKey).toMatchObject({
      status: 400,
      code: 'InvalidArgument',
      message:
        "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
    })
  })

  it('refuses SigV2 forms in strict mode, as S3 refuses SigV2 where only SigV4 is accepted', async () => {
    const { url } = await presign({ Key: 'v2.txt' })
    const policy = Buffer.from(
      JSON.stringify({
        expiration: new Date(clock.now().getTime() + 60_000),
        conditions: [{ bucket: 'inbox' }, { key: 'v2.txt' }],
      }),
    ).toString('base64')
    const signature = createHmac('sha1', testCredentials.secretAccessKey)
      .update(policy)
      .digest('base64')
    const fields = {
      key: 'v2.txt',
      AWSAccessKeyId: testCredentials.accessKeyId,
      Policy: policy,
      Signature: signature,
    }
    const refusedV2 = await expectUnchanged(aws, () => refused(() => submit(url, { fields })))
    expect(refusedV2).toMatchObject({
      status: 400,
      code: 'InvalidRequest',
      message:
        'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    })
  })
})
