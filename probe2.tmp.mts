import * as s3 from '@aws-sdk/client-s3'
import { setupMockAws } from './src/node.js'
const aws = setupMockAws({ region: 'eu-west-1' })
aws.listen({ onUnhandledRequest: 'error' })
const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
const c = new s3.S3Client({ region: 'eu-west-1', credentials: creds, maxAttempts: 1 })
await c.send(new s3.CreateBucketCommand({ Bucket: 'plain-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }))
await c.send(new s3.PutObjectCommand({ Bucket: 'plain-bucket', Key: 'a', Body: 'x' }))
const cmds = [
  new s3.ListDirectoryBucketsCommand({}),
  new s3.CreateSessionCommand({ Bucket: 'plain-bucket' }),
  new s3.CreateSessionCommand({ Bucket: 'mybucket--euw1-az1--x-s3' }),
  new s3.RenameObjectCommand({ Bucket: 'plain-bucket', Key: 'b', RenameSource: 'a' }),
  new s3.WriteGetObjectResponseCommand({ RequestRoute: 'io-abc', RequestToken: 'tok', Body: 'x' }),
  new s3.CreateBucketCommand({ Bucket: 'mybucket--euw1-az1--x-s3' }),
  new s3.PutObjectCommand({ Bucket: 'mybucket--euw1-az1--x-s3', Key: 'k', Body: 'x' }),
]
for (const cmd of cmds) {
  try { const r = await c.send(cmd as any); console.log(cmd.constructor.name, 'OK', JSON.stringify(r)) } catch (e: any) { console.log(cmd.constructor.name, e.name, e.$metadata?.httpStatusCode, e.message) }
}
aws.close()
