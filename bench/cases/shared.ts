import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import { setupMockAws } from '../../src/node.js'
import { bareS3 } from './bare-msw.js'

/** One case's result line, printed as JSON on stdout for the orchestrator. */
export interface CaseResult {
  case: string
  metric: string
  value: number
  unit: string
  rounds: number[]
  maxRssMiB: number
  note?: string
}

export const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' }

export function client(extra: ConstructorParameters<typeof S3Client>[0] = {}): S3Client {
  return new S3Client({ region: 'us-east-1', credentials, maxAttempts: 1, ...extra })
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const at = (i: number): number => sorted[i] ?? 0
  return sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2
}

/** Rounds after a warm-up; returns the per-round figures. */
export async function rounds(
  count: number,
  warmup: () => Promise<void>,
  round: () => Promise<number>,
): Promise<number[]> {
  await warmup()
  const out: number[] = []
  for (let i = 0; i < count; i++) out.push(await round())
  return out
}

export function report(result: Omit<CaseResult, 'maxRssMiB'>): void {
  const maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024)
  console.log(JSON.stringify({ ...result, maxRssMiB }))
}

export const env = (name: string, fallback: number): number => {
  const raw = process.env[name]
  return raw === undefined ? fallback : Number(raw)
}

/** What a case sends to: the mock (SSE-KMS under a fresh customer key) or the bare-MSW floor. */
export interface Target {
  s3: S3Client
  /** SSE-KMS request members for the mock; nothing for the floor. */
  sse: { ServerSideEncryption?: 'aws:kms'; SSEKMSKeyId?: string; SSEKMSEncryptionContext?: string }
  stop: () => void
}

/**
 * Starts the variant named on the command line. The floor's client turns `Expect: 100-continue`
 * off (nobody answers it there); the mock's keeps the SDK's defaults (our transport answers it).
 */
export async function startTarget(
  variant: 'mock' | 'floor',
  context?: Record<string, string>,
): Promise<Target> {
  if (variant === 'floor') {
    const bare = bareS3()
    bare.listen()
    return {
      s3: client({ ...({ expectContinueHeader: false } as object) }),
      sse: {},
      stop: () => {
        bare.close()
      },
    }
  }
  const aws = setupMockAws()
  aws.listen()
  const s3 = client()
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }))
  const kms = new KMSClient({ region: 'us-east-1', credentials })
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  return {
    s3,
    sse: {
      ServerSideEncryption: 'aws:kms',
      ...(KeyMetadata?.KeyId === undefined ? {} : { SSEKMSKeyId: KeyMetadata.KeyId }),
      ...(context === undefined
        ? {}
        : { SSEKMSEncryptionContext: Buffer.from(JSON.stringify(context)).toString('base64') }),
    },
    stop: () => {
      aws.close()
    },
  }
}
