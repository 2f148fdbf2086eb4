import { S3Client } from '@aws-sdk/client-s3'

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
