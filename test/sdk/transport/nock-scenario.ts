/**
 * One coexistence run in its own process (nock and MSW both patch node's HTTP stack, so each
 * activation order needs a fresh one). ORDER=nock-first|msw-first. Prints one JSON line.
 * NOCK_MODULE overrides where nock is imported from (investigation with other nock versions).
 */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import https from 'node:https'
import { setupMockAws } from '../../../src/node.js'

interface Nock {
  (host: string): { get(path: string): { reply(status: number, body: string): unknown } }
  disableNetConnect(): void
}

// nock 15's @mswjs/interceptors calls Promise.withResolvers (Node ≥ 22) when a request is made;
// on Node 20 the test preloads this ES2024 polyfill to show the combination then works.
if (process.env.POLYFILL_WITH_RESOLVERS === '1') {
  const P = Promise as unknown as { withResolvers?: () => unknown }
  P.withResolvers ??= () => {
    let resolve: unknown
    let reject: unknown
    const promise = new Promise((yes, no) => {
      resolve = yes
      reject = no
    })
    return { promise, resolve, reject }
  }
}

const order = process.env.ORDER === 'msw-first' ? 'msw-first' : 'nock-first'
const loadNock = async (): Promise<Nock> =>
  ((await import(process.env.NOCK_MODULE ?? 'nock')) as { default: Nock }).default

const aws = setupMockAws()
let nock: Nock
if (order === 'nock-first') {
  nock = await loadNock()
  aws.listen()
} else {
  aws.listen()
  nock = await loadNock()
}
nock('https://api.example.com').get('/hello').reply(200, 'from-nock')
nock('https://api.example.com').get('/fetched').reply(200, 'from-nock-fetch')
nock.disableNetConnect()

const within = <T>(promise: Promise<T>): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => {
        reject(new Error('timed out'))
      }, 8_000),
    ),
  ])
const get = (url: string): Promise<string> =>
  new Promise((resolve, reject) => {
    https
      .get(url, (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () => {
          resolve(`${String(res.statusCode)} ${text}`)
        })
      })
      .on('error', reject)
  })
const outcome = async (run: () => Promise<string>): Promise<string> => {
  try {
    return await within(run())
  } catch (error) {
    return `error ${(error as Error).name}: ${(error as Error).message}`.slice(0, 160)
  }
}

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' }
const result = {
  order,
  nockHttp: await outcome(() => get('https://api.example.com/hello')),
  nockFetch: await outcome(async () => {
    const r = await fetch('https://api.example.com/fetched')
    return `${String(r.status)} ${await r.text()}`
  }),
  s3: await outcome(async () => {
    const s3 = new S3Client({ region: 'us-east-1', credentials, maxAttempts: 1 })
    const kms = new KMSClient({ region: 'us-east-1', credentials, maxAttempts: 1 })
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    await s3.send(new CreateBucketCommand({ Bucket: 'coexist' }))
    await s3.send(
      new PutObjectCommand({
        Bucket: 'coexist',
        Key: 'k',
        Body: 'through the mock',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KeyMetadata!.KeyId!,
      }),
    )
    const got = await s3.send(new GetObjectCommand({ Bucket: 'coexist', Key: 'k' }))
    return `${got.ServerSideEncryption ?? 'none'} ${await got.Body!.transformToString()}`
  }),
  unmocked: await outcome(() => get('https://unmocked.example.com/')),
}
aws.close()
console.log(JSON.stringify(result))
process.exit(0)
