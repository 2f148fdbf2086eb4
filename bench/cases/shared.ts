import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import { setupMockAws } from '../../src/node.js'
import { bareS3 } from './bare-msw.js'

/**
 * One case variant's result, printed as the last line of its stdout (JSON) for bench/run.ts.
 * `value` is the headline figure; `extra` carries secondary figures (printed and kept in JSON).
 */
export interface CaseResult {
  case: string
  metric: string
  value: number
  unit: string
  rounds: number[]
  maxRssMiB: number
  note?: string
  /** The object size in MiB, for targets on peak RSS relative to it. */
  sizeMiB?: number
  extra?: Record<string, number | string>
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

/** Rounds to `digits` significant-ish decimals for the table (figures below 10 keep decimals). */
export const round = (value: number): number =>
  value >= 100
    ? Math.round(value)
    : value >= 10
      ? Math.round(value * 10) / 10
      : Math.round(value * 100) / 100

/**
 * The variant named on the command line (`process.argv[2]`), checked against the ones a case
 * knows; the first is the default. A typo fails loudly instead of measuring the wrong thing.
 */
export function variantArg<V extends string>(...known: [V, ...V[]]): V {
  const given = process.argv[2]
  if (given === undefined) return known[0]
  if (!(known as string[]).includes(given))
    throw new Error(`unknown variant ${given}; this case knows ${known.join(', ')}`)
  return given as V
}

/** The targets a case may send to (see startTarget). */
export type TargetName = 'mock' | 'floor' | 'sdk-mock' | 's3rver'

/** What a case sends to: the mock (SSE-KMS under a fresh customer key), a floor or a peer. */
export interface Target {
  s3: S3Client
  /**
   * SSE-KMS request members: the mock's customer key; the floors and peers get the same members
   * with a made-up key id (the SDK does the same work; they ignore them).
   */
  sse: { ServerSideEncryption?: 'aws:kms'; SSEKMSKeyId?: string; SSEKMSEncryptionContext?: string }
  stop: () => void | Promise<void>
}

function sseKms(keyId: string | undefined, context?: Record<string, string>): Target['sse'] {
  return {
    ServerSideEncryption: 'aws:kms',
    ...(keyId === undefined ? {} : { SSEKMSKeyId: keyId }),
    ...(context === undefined
      ? {}
      : { SSEKMSEncryptionContext: Buffer.from(JSON.stringify(context)).toString('base64') }),
  }
}

/**
 * Starts the named target. The bare floor's client turns `Expect: 100-continue` off (nobody
 * answers it there); the mock's keeps the SDK's defaults (our transport answers it).
 * `sdk-mock` and `s3rver` (bench/cases/peers.ts) are loaded only when asked for.
 */
export async function startTarget(
  variant: TargetName,
  context?: Record<string, string>,
): Promise<Target> {
  const madeUpKey = '1234abcd-12ab-34cd-56ef-1234567890ab'
  if (variant === 'floor') {
    const bare = bareS3()
    bare.listen()
    return {
      s3: client({ ...({ expectContinueHeader: false } as object) }),
      sse: sseKms(madeUpKey, context),
      stop: () => {
        bare.close()
      },
    }
  }
  if (variant === 'sdk-mock') {
    const { sdkMockS3 } = await import('./peers.js')
    return { ...sdkMockS3(), sse: sseKms(madeUpKey, context) }
  }
  if (variant === 's3rver') {
    const { s3rverS3 } = await import('./peers.js')
    return { ...(await s3rverS3()), sse: sseKms(madeUpKey, context) }
  }
  const aws = setupMockAws()
  aws.listen()
  const s3 = client()
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }))
  const kms = new KMSClient({ region: 'us-east-1', credentials })
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  return {
    s3,
    sse: sseKms(KeyMetadata?.KeyId, context),
    stop: () => {
      aws.close()
    },
  }
}
