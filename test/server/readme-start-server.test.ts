import https from 'node:https'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { startServer } from '../../src/server.js'
import { expect, test } from 'vitest'

test('an SDK client reaches the server over HTTPS, path-style', async () => {
  const server = await startServer({ https: true }) // port 0: a free one
  try {
    const s3 = new S3Client({
      endpoint: server.url,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ ca: server.ca }) }),
    })
    await s3.send(new CreateBucketCommand({ Bucket: 'reports' }))
    await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'q1.csv', Body: 'Q1,100' }))

    // server.world is the world behind it; server.resetUrl and server.healthUrl are its controls.
    expect(server.world.s3.keys('reports')).toEqual(['q1.csv'])
    expect(server.world.s3.object('reports', 'q1.csv').describe()?.encryption.type).toBe('SSE-S3')
  } finally {
    await server.close()
  }
})
