/**
 * The cases `npm run bench` runs, in order. Adding a case is one entry here: a file in
 * bench/cases/ that takes a variant name as its first argument, measures it after a warm-up as
 * the median of several rounds, and prints one `CaseResult` JSON line last (`report()` in
 * cases/shared.ts). Each variant runs in its own child process. A variant shared by several
 * entries (the same file and variant, e.g. one floor for a KMS and an SSE-C row) runs once.
 */

/** A figure the issue asks for, checked against the subject's result. */
export type Target =
  /** subject ÷ a baseline's value: ≥ min and/or ≤ max. */
  | { kind: 'ratio'; of: string; min?: number; max?: number }
  /** The subject's own value (in its unit): ≥ min and/or ≤ max. */
  | { kind: 'value'; min?: number; max?: number }
  /** Peak RSS ≤ factor × the object size (CaseResult.sizeMiB) + plusMiB. */
  | { kind: 'rss'; factor: number; plusMiB: number }

export interface Baseline {
  /** Variant name passed to the case file. */
  variant: string
  /** What it is, for the table: "bare MSW", "aws-sdk-client-mock", "s3rver" … */
  label: string
  /** A floor is what the same traffic costs with no product at all; a peer is another product. */
  kind: 'floor' | 'peer'
}

export interface BenchCase {
  /** Stable id: rows in results.json and RESULTS.md. */
  id: string
  /** File in bench/cases/. */
  file: string
  /** What is measured, for the table. */
  title: string
  /** The s3-kms-mock variant (default `mock`). */
  subject?: string
  baselines: Baseline[]
  targets?: Target[]
  /** Extra node flags for this case's child processes (e.g. `--expose-gc`). */
  nodeArgs?: string[]
  /** Higher is better (ops/s, MiB/s; the default) or lower (ms). */
  better?: 'higher' | 'lower'
}

const bareMsw: Baseline = { variant: 'floor', label: 'bare MSW', kind: 'floor' }

export const cases: BenchCase[] = [
  {
    id: 'small',
    file: 'small-objects.ts',
    title: '4 KiB PutObject + GetObject, SSE-KMS (customer key, encryption context)',
    baselines: [
      bareMsw,
      { variant: 'sdk-mock', label: 'SDK alone (aws-sdk-client-mock)', kind: 'floor' },
      { variant: 's3rver', label: 's3rver on 127.0.0.1', kind: 'peer' },
    ],
    targets: [{ kind: 'ratio', of: 'floor', min: 0.8 }],
  },
  {
    id: 'large',
    file: 'large-object.ts',
    title: 'large single PutObject + GetObject, SSE-KMS, default SDK settings',
    baselines: [bareMsw],
    targets: [
      { kind: 'ratio', of: 'floor', min: 0.8 },
      { kind: 'rss', factor: 2, plusMiB: 150 },
    ],
  },
  {
    id: 'large-sse-c',
    file: 'large-object.ts',
    title: 'large single PutObject + GetObject, SSE-C, default SDK settings',
    subject: 'mock-sse-c',
    baselines: [bareMsw],
    targets: [
      { kind: 'ratio', of: 'floor', min: 0.8 },
      { kind: 'rss', factor: 2, plusMiB: 150 },
    ],
  },
  {
    id: 'multipart',
    file: 'multipart.ts',
    title: 'lib-storage multipart upload + GetObject, SSE-KMS, default SDK settings',
    baselines: [bareMsw],
    targets: [
      { kind: 'ratio', of: 'floor', min: 0.8 },
      { kind: 'rss', factor: 2, plusMiB: 150 },
    ],
  },
  {
    id: 'multipart-sse-c',
    file: 'multipart.ts',
    title: 'lib-storage multipart upload + GetObject, SSE-C, default SDK settings',
    subject: 'mock-sse-c',
    baselines: [bareMsw],
    targets: [
      { kind: 'ratio', of: 'floor', min: 0.8 },
      { kind: 'rss', factor: 2, plusMiB: 150 },
    ],
  },
  {
    id: 'fast-lane',
    file: 'fast-lane.ts',
    title: 'fast lane (world.requestHandler): 4 KiB PutObject + GetObject, SSE-KMS',
    baselines: [{ variant: 'floor', label: 'SDK requestHandler over a Map', kind: 'floor' }],
    targets: [{ kind: 'ratio', of: 'floor', min: 0.8 }],
  },
  {
    id: 'authorization',
    file: 'authorization.ts',
    title:
      'authorisation cost: CPU per request, 4 KiB PutObject + GetObject, SSE-KMS, fast lane, with principals',
    subject: 'on',
    baselines: [
      { variant: 'off', label: 'same world, no credentials or principals', kind: 'floor' },
      {
        variant: 'verified',
        label: 'same world, credentials (signatures verified, no IAM)',
        kind: 'floor',
      },
    ],
  },
  {
    id: 'reset',
    file: 'reset.ts',
    title: 'reset() of a world holding 10,000 objects',
    baselines: [],
    targets: [{ kind: 'value', max: 1 }],
    nodeArgs: ['--expose-gc'],
    better: 'lower',
  },
  {
    id: 'startup',
    file: 'startup.ts',
    title: 'startup: import + listen + first answered request, CPU time (fresh process)',
    baselines: [{ variant: 'floor', label: 'bare msw/node, one handler', kind: 'floor' }],
    targets: [{ kind: 'ratio', of: 'floor', max: 1.2 }],
    better: 'lower',
  },
  {
    id: 'server-rps',
    file: 'server-rps.ts',
    title: 'server mode, mixed SSE-S3/SSE-KMS/SSE-C puts and gets over https, 50 clients',
    baselines: [{ variant: 'floor', label: 'bare node https + Map', kind: 'floor' }],
  },
]
