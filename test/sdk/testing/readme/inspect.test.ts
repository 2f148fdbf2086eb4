import { expect, test } from '../../../../src/vitest.js'

test('inspect() prints the world, without secrets', async ({ aws }) => {
  await aws.load({
    keys: [{ aliases: ['alias/app'] }],
    buckets: [
      {
        name: 'app',
        objects: [{ key: 'a.txt', body: 'hi', encryption: { type: 'SSE-KMS', key: 'alias/app' } }],
      },
    ],
  })
  console.log(aws.inspect())
  // world: account 123456789012, region us-east-1
  // ├─ KMS
  // │  └─ us-east-1
  // │     └─ key 3e48af31-… alias/app: SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, Enabled
  // └─ S3
  //    └─ bucket app (us-east-1, default SSE-S3, blocks SSE-C)
  //       └─ a.txt (2 B): SSE-KMS key arn:…:key/3e48af31-… (alias/app), context {"aws:s3:arn":…}
  expect(aws.inspect({ bucket: 'app' })).toContain('a.txt (2 B): SSE-KMS key')
})
