import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'

/** Application code: fetches today's exchange rates from a partner API and archives them in S3. */
export async function archiveRates(): Promise<number> {
  const response = await fetch('https://rates.example.com/today')
  const rates = (await response.json()) as Record<string, number>
  const s3 = new S3Client({ region: 'eu-west-1' })
  await s3.send(
    new PutObjectCommand({
      Bucket: 'rates-archive',
      Key: 'today.json',
      Body: JSON.stringify(rates),
      ContentType: 'application/json',
    }),
  )
  return Object.keys(rates).length
}
