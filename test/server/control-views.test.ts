import {
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
} from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import https from 'node:https'
import { describe, expect, it } from 'vitest'
import type { MockAwsHttpServer } from '../../src/server.js'
import { CONTROL_HEADER } from '../../src/transport/control.js'
import { stateSnapshot } from '../support/state-snapshot.js'
import { customerKey, sseC, unblockSseC } from '../support/sse-c.js'
import { expectUnchanged } from '../support/unchanged.js'
import { kmsFor, s3For, useServer } from './support.js'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A control request over the server's https, with the control header (`null`: without). */
function control(
  server: MockAwsHttpServer,
  path: string,
  { method = 'GET', header = '1' }: { method?: string; header?: string | null } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = header === null ? {} : { [CONTROL_HEADER]: header }
    const req = https.request(
      new URL(path, server.url),
      { method, headers, ca: server.ca },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body })
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
}

const json = (reply: Reply): unknown => JSON.parse(reply.body)
/** What a value looks like once it went through JSON (Dates become strings). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

describe('control views: audit and object descriptions for suites in other languages', () => {
  const server = useServer({ https: true, seed: 'control-views' })

  /** A bucket with an SSE-KMS object under a customer key and context, and an SSE-C object. */
  async function seedObjects(bucket: string) {
    const s3 = s3For(server())
    const kms = kmsFor(server())
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'views' }))
    await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    await unblockSseC(s3, bucket)
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'report.csv',
        Body: 'a,b\n1,2\n',
        ContentType: 'text/csv',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KeyMetadata!.KeyId,
        SSEKMSEncryptionContext: Buffer.from('{"team":"ledger"}').toString('base64'),
      }),
    )
    const customer = customerKey(7)
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'secret.bin', Body: 'hush', ...sseC(customer) }),
    )
    return { keyArn: KeyMetadata!.Arn!, keyId: KeyMetadata!.KeyId!, customer, s3, kms }
  }

  it('every control path but health needs the control header: 403 JSON naming it, nothing changed', async () => {
    await seedObjects('guarded')
    const paths: [string, string][] = [
      ['POST', '/_s3-kms-mock/reset'],
      ['GET', '/_s3-kms-mock/audit'],
      ['GET', '/_s3-kms-mock/object?bucket=guarded&key=report.csv'],
      ['GET', '/_s3-kms-mock/nope'],
    ]
    for (const [method, path] of paths) {
      for (const header of [null, '0', 'true']) {
        const reply = await expectUnchanged(server().world, () =>
          control(server(), path, { method, header }),
        )
        expect([method, path, header, reply.status]).toEqual([method, path, header, 403])
        expect(reply.headers['content-type']).toBe('application/json')
        expect((json(reply) as { error: string }).error).toContain('x-s3-kms-mock-control: 1')
      }
    }
    expect(server().world.s3.keys('guarded')).toEqual(['report.csv', 'secret.bin'])
    // The health check stays open to plain probes (docker healthchecks, wait-for scripts).
    const health = await control(server(), '/_s3-kms-mock/health', { method: 'GET', header: null })
    expect(health.status).toBe(200)
  })

  it('GET audit: the same events as world.audit.events(filter), filtered by query', async () => {
    const { keyArn, keyId, kms } = await seedObjects('audited')
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({
        KeyId: keyId,
        Plaintext: Buffer.from('card'),
        EncryptionContext: { app: 'pay' },
      }),
    )
    await kms.send(
      new DecryptCommand({ CiphertextBlob: CiphertextBlob!, EncryptionContext: { app: 'pay' } }),
    )

    const all = await control(server(), '/_s3-kms-mock/audit')
    expect(all.status).toBe(200)
    expect(all.headers['cache-control']).toBe('no-store')
    expect(json(all)).toEqual({ events: asJson(server().world.audit.events()) })

    const decrypts = await control(
      server(),
      '/_s3-kms-mock/audit?eventSource=kms.amazonaws.com&eventName=Decrypt',
    )
    const expected = server().world.audit.events({
      eventSource: 'kms.amazonaws.com',
      eventName: 'Decrypt',
    })
    expect(expected).toHaveLength(1)
    expect(json(decrypts)).toEqual({ events: asJson(expected) })
    expect(expected[0]).toMatchObject({
      requestParameters: { encryptionContext: { app: 'pay' } },
      resources: [{ ARN: keyArn }],
    })

    // Dotted names reach into objects and array elements; booleans match their JSON spelling;
    // a field named twice matches either value.
    const events = async (query: string) =>
      (json(await control(server(), `/_s3-kms-mock/audit?${query}`)) as { events: unknown[] })
        .events
    const byS3 = await events(
      `userIdentity.invokedBy=s3.amazonaws.com&eventName=GenerateDataKey&requestParameters.keyId=${keyId}`,
    )
    expect(byS3).toEqual(
      JSON.parse(
        JSON.stringify(
          server().world.audit.events({
            userIdentity: { invokedBy: 's3.amazonaws.com' },
            eventName: 'GenerateDataKey',
            requestParameters: { keyId },
          }),
        ),
      ),
    )
    expect(byS3).toHaveLength(1)
    expect(byS3[0]).toMatchObject({
      requestParameters: { encryptionContext: { team: 'ledger' } },
    })
    const encrypts = await events(`resources.ARN=${encodeURIComponent(keyArn)}&eventName=Encrypt`)
    expect(encrypts).toHaveLength(1)
    expect(encrypts).toEqual(
      JSON.parse(
        JSON.stringify(
          server().world.audit.events({ eventName: 'Encrypt', resources: [{ ARN: keyArn }] }),
        ),
      ),
    )
    expect(await events('readOnly=true')).toEqual(
      asJson(server().world.audit.events({ readOnly: true })),
    )
    expect(
      await events(`eventName=Encrypt&eventName=Decrypt&resources.ARN=${keyArn}`),
    ).toHaveLength(2)
    expect(await events('eventName=NoSuchCall')).toEqual([])
  })

  it('GET audit refuses an unknown field (400 naming the fields) and other methods (405)', async () => {
    const unknown = await control(server(), '/_s3-kms-mock/audit?event=Decrypt')
    expect(unknown.status).toBe(400)
    expect((json(unknown) as { error: string }).error).toMatch(
      /^Unknown audit event field 'event'\. Filter on eventVersion, .*eventName/,
    )
    const post = await control(server(), '/_s3-kms-mock/audit', { method: 'POST' })
    expect([post.status, post.headers.allow]).toEqual([405, 'GET'])
  })

  it('GET object: the same description as world.s3.object(bucket, key).describe()', async () => {
    const { keyArn, customer } = await seedObjects('described')
    const kmsObject = await control(
      server(),
      '/_s3-kms-mock/object?bucket=described&key=report.csv',
    )
    expect(kmsObject.status).toBe(200)
    const described = server().world.s3.object('described', 'report.csv').describe()!
    expect(json(kmsObject)).toEqual({
      ...(asJson(described) as object),
      // Absent members are written as null, so every description has the same shape.
      checksum: described.checksum ?? null,
      parts: null,
    })
    expect(json(kmsObject)).toMatchObject({
      bucket: 'described',
      key: 'report.csv',
      size: 8,
      contentType: 'text/csv',
      lastModified: described.lastModified.toISOString(),
      encryption: {
        type: 'SSE-KMS',
        algorithm: 'aws:kms',
        keyArn,
        encryptionContext: { team: 'ledger' },
        bucketKeyEnabled: false,
      },
    })
    const sseCObject = await control(
      server(),
      '/_s3-kms-mock/object?bucket=described&key=secret.bin',
    )
    expect((json(sseCObject) as { encryption: unknown }).encryption).toEqual({
      type: 'SSE-C',
      algorithm: 'AES256',
      keyMd5: customer.md5,
    })
  })

  it('GET object names a version, answers 404 JSON when absent, 400 when not named', async () => {
    const s3 = s3For(server())
    await s3.send(new CreateBucketCommand({ Bucket: 'versions' }))
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'versions',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )
    const first = await s3.send(new PutObjectCommand({ Bucket: 'versions', Key: 'k', Body: 'one' }))
    await s3.send(new PutObjectCommand({ Bucket: 'versions', Key: 'k', Body: 'three' }))
    const old = await control(
      server(),
      `/_s3-kms-mock/object?bucket=versions&key=k&versionId=${first.VersionId!}`,
    )
    expect(json(old)).toMatchObject({ versionId: first.VersionId, size: 3 })
    const latest = await control(server(), '/_s3-kms-mock/object?bucket=versions&key=k')
    expect(json(latest)).toMatchObject({ size: 5 })

    const absent = await control(server(), '/_s3-kms-mock/object?bucket=versions&key=missing')
    expect([absent.status, json(absent)]).toEqual([
      404,
      { error: 'No object s3://versions/missing (or it is a delete marker).' },
    ])
    const noBucket = await control(server(), '/_s3-kms-mock/object?bucket=nope&key=k')
    expect(noBucket.status).toBe(404)
    const unnamed = await control(server(), '/_s3-kms-mock/object?bucket=versions')
    expect(unnamed.status).toBe(400)
    expect((json(unnamed) as { error: string }).error).toMatch(/^Name the object: \?bucket=/)
    const extra = await control(server(), '/_s3-kms-mock/object?bucket=versions&key=k&Key=k')
    expect([extra.status, (json(extra) as { error: string }).error]).toEqual([
      400,
      "Unknown parameter 'Key'. Use ?bucket=BUCKET&key=KEY and optionally &versionId=ID.",
    ])
  })

  it('shows no secret: no key material, customer key, data key, plaintext or ciphertext', async () => {
    const material = Buffer.alloc(32, 5)
    await server().world.load({
      keys: [
        { ref: 'imported', aliases: ['alias/imported'], material: material.toString('base64') },
      ],
    })
    const { customer, kms } = await seedObjects('secrets')
    const dataKey = await kms.send(
      new GenerateDataKeyCommand({ KeyId: 'alias/imported', KeySpec: 'AES_256' }),
    )
    const plaintext = Buffer.from('the card number 4111 1111 1111 1111')
    const encrypted = await kms.send(
      new EncryptCommand({ KeyId: 'alias/imported', Plaintext: plaintext }),
    )
    const shown = [
      (await control(server(), '/_s3-kms-mock/audit')).body,
      (await control(server(), '/_s3-kms-mock/object?bucket=secrets&key=report.csv')).body,
      (await control(server(), '/_s3-kms-mock/object?bucket=secrets&key=secret.bin')).body,
    ].join('\n')
    expect(shown).toContain('GenerateDataKey')
    const secrets = [
      material,
      customer.raw,
      Buffer.from(dataKey.Plaintext!),
      Buffer.from(dataKey.CiphertextBlob!),
      Buffer.from(encrypted.CiphertextBlob!),
      plaintext,
      Buffer.from('a,b\n1,2\n'),
      Buffer.from('hush'),
    ]
    // Every binary value in the world's state (wrapped data keys, ciphertext at rest) too; the
    // hex strings there are key material ids (hashes CloudTrail shows as keyMaterialId).
    for (const quoted of stateSnapshot(server().world).match(/"[A-Za-z0-9+/]{40,}={0,2}"/g) ?? []) {
      const value = quoted.slice(1, -1)
      if (!/^[0-9a-f]+$/.test(value)) secrets.push(Buffer.from(value, 'base64'))
    }
    expect(secrets.length).toBeGreaterThan(8)
    for (const secret of secrets) {
      for (const spelling of [secret.toString('base64'), secret.toString('hex')]) {
        expect(shown).not.toContain(spelling)
      }
    }
    expect(shown).not.toContain(plaintext.toString())
  })
})
