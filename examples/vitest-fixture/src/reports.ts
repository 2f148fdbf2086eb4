import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'

const s3 = new S3Client({ region: 'us-east-1' })

/** Application code: copies a quarter's report to the archive prefix, under the bucket default. */
export async function archiveReport(quarter: string): Promise<void> {
  const source = await s3.send(
    new GetObjectCommand({ Bucket: 'reports', Key: `2026/${quarter}.csv` }),
  )
  const body = (await source.Body?.transformToString()) ?? ''
  await s3.send(
    new PutObjectCommand({ Bucket: 'reports', Key: `archive/${quarter}.csv`, Body: body }),
  )
}

/** Writes a report that opts out of the bucket's SSE-KMS default. */
export async function writeScratch(name: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: 'reports',
      Key: `scratch/${name}`,
      Body: 'x',
      ServerSideEncryption: 'AES256',
    }),
  )
}
