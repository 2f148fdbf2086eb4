import { describe, expect, it } from 'vitest'
import { runModuleScript } from '../../support/child-script.js'

/**
 * A library that captured `http.request` at import time through ESM (`import * as http`, as the
 * minio client's ESM build does) reads node's ESM namespace of the module, which does not see
 * MSW's patch unless `listen()` syncs it (`syncBuiltinESMExports`), and must stop reaching the
 * mock after `close()`. In a child process: the point is the import order.
 */
const SCRIPT = `
import * as http from 'node:http'
import { setupMockAws } from './src/node.ts'

const ENDPOINT = 'http://objects.example.test:9000'
const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00'
function send(method, url, body) {
  return new Promise((resolve) => {
    const request = http.request(url, { method, headers: { authorization: AUTH, 'x-amz-date': '20260101T000000Z', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }, (response) => {
      let text = ''
      response.on('data', (chunk) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode, text, mock: response.headers['x-amz-request-id'] !== undefined }))
    })
    request.on('error', (error) => resolve({ error: error.code ?? error.message }))
    request.end(body)
  })
}
const aws = setupMockAws({ endpoints: [ENDPOINT] })
aws.listen({ onUnhandledRequest: 'error' })
const out = {}
out.create = await send('PUT', ENDPOINT + '/esm-bucket')
out.put = await send('PUT', ENDPOINT + '/esm-bucket/k.txt', 'through esm http')
out.get = await send('GET', ENDPOINT + '/esm-bucket/k.txt')
aws.close()
out.after = await send('GET', ENDPOINT + '/esm-bucket/k.txt')
console.log(JSON.stringify(out))
`

const run = () => runModuleScript<Record<string, Record<string, unknown>>>(SCRIPT)

describe('libraries holding node:http from an ESM import (the minio client)', () => {
  it('reach the mock after listen(), and no longer after close()', async () => {
    const out = await run()
    expect(out.create).toMatchObject({ status: 200, mock: true })
    expect(out.put).toMatchObject({ status: 200, mock: true })
    expect(out.get).toMatchObject({ status: 200, text: 'through esm http', mock: true })
    // objects.example.test does not resolve: the request left for the network, not the mock.
    expect(out.after?.mock).toBeUndefined()
    expect(out.after?.error).toBeDefined()
  }, 60_000)
})
