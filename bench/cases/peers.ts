import { GetObjectCommand, PutObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import S3rver from 's3rver'
import { client } from './shared.js'
import type { S3Client } from '@aws-sdk/client-s3'

/**
 * Floor (b): the SDK alone. `aws-sdk-client-mock` replaces the client's `send` with canned
 * outputs, so no middleware, serialisation, signing or transport runs: what a test pays for an
 * S3 call when it mocks the client object itself. GetObject answers the last body put (a fresh
 * SDK stream each time), so the case reads real bytes back.
 */
export function sdkMockS3(): { s3: S3Client; stop: () => void } {
  const s3 = client()
  const mock = mockClient(s3)
  const store = new Map<string, Uint8Array>()
  mock.on(PutObjectCommand).callsFake((input: { Key?: string; Body?: unknown }) => {
    if (input.Body instanceof Uint8Array) store.set(input.Key ?? '', input.Body)
    return { ETag: '"canned"', ServerSideEncryption: 'aws:kms' }
  })
  mock.on(GetObjectCommand).callsFake((input: { Key?: string }) => {
    const body = store.get(input.Key ?? '') ?? new Uint8Array(0)
    return {
      Body: sdkStream(body),
      ContentLength: body.length,
      ServerSideEncryption: 'aws:kms',
    }
  })
  return {
    s3,
    stop: () => {
      mock.restore()
    },
  }
}

/**
 * What the SDK's GetObject returns in Node: a Readable with the `transformTo…` helpers
 * (`sdkStreamMixin` of @smithy/util-stream, which the SDK bundles without exporting it here).
 */
function sdkStream(body: Uint8Array): Readable & { transformToByteArray(): Promise<Uint8Array> } {
  const stream = Readable.from([Buffer.from(body)])
  return Object.assign(stream, {
    async transformToByteArray(): Promise<Uint8Array> {
      const chunks: Buffer[] = []
      for await (const chunk of stream) chunks.push(chunk as Buffer)
      return new Uint8Array(Buffer.concat(chunks))
    },
    async transformToString(encoding?: BufferEncoding): Promise<string> {
      const chunks: Buffer[] = []
      for await (const chunk of stream) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks).toString(encoding)
    },
    transformToWebStream: () => Readable.toWeb(stream),
  })
}

/**
 * Peer (c): s3rver, a fake S3 server (Koa, files on disk) on 127.0.0.1, reached by the real
 * SDK over a socket. It accepts the SSE-KMS headers and ignores them (no encryption, no KMS).
 */
export async function s3rverS3(): Promise<{ s3: S3Client; stop: () => Promise<void> }> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'bench-s3rver-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory })
  const { port } = await server.run()
  const s3 = client({
    endpoint: `http://127.0.0.1:${String(port)}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  })
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }))
  return {
    s3,
    stop: async () => {
      s3.destroy()
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    },
  }
}
