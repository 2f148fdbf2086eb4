import type { AuditFilter } from '../core/audit.js'
import type { FaultRule } from '../core/faults.js'
import type { InspectOptions } from '../world/inspect.js'
import type { MockAwsOptions } from '../world/options.js'
import type { WorldFile } from '../world/world-file.js'

/**
 * The messages between a page and the Node-side world that answers it (ADR 0010). The page names
 * its world by an id it chose; the host keeps one world per id until `dispose`.
 */

/**
 * World options that can cross the relay: all of `MockAwsOptions` but `clock` (an object with
 * behaviour stays on its side; a page that needs time control uses a world on the Node side).
 * @public
 */
export type RelayWorldOptions = Omit<MockAwsOptions, 'clock' | 'endpoints'> & {
  /** Extra hosts or URLs to answer besides AWS's own, e.g. `http://localhost:4566`. */
  endpoints?: readonly string[]
}

/** A request as the page saw it: the bytes of its body, never a stream. */
export interface WireRequest {
  readonly method: string
  readonly url: string
  readonly headers: readonly (readonly [string, string])[]
  readonly body: Uint8Array | null
}

export interface WireResponse {
  readonly status: number
  readonly statusText: string
  readonly headers: readonly (readonly [string, string])[]
  readonly body: Uint8Array | null
}

/** What a matcher's subject is, by name: the page's references hold no world. */
export type WireSubject =
  | {
      readonly kind: 'object'
      readonly bucket: string
      readonly key: string
      readonly versionId?: string
    }
  | { readonly kind: 'world' }

/** Audit filters cross as data: the partial-event form only (a function cannot travel). */
export type WireAuditFilter = Exclude<AuditFilter, (event: never) => boolean>

/** Fault rules cross with the error named by its code. */
export type WireFaultRule = Omit<FaultRule, 'error'> & { error?: string }

export type RelayMessage = { readonly world: string } & (
  | { readonly op: 'create'; readonly options: RelayWorldOptions }
  | { readonly op: 'dispose' }
  | { readonly op: 'request'; readonly request: WireRequest }
  | { readonly op: 'reset' }
  | { readonly op: 'load'; readonly file: WorldFile | string }
  | { readonly op: 'inspect'; readonly options?: InspectOptions }
  | { readonly op: 'as'; readonly principal: string }
  | { readonly op: 's3.buckets' }
  | { readonly op: 's3.keys'; readonly bucket: string }
  | {
      readonly op: 's3.object'
      readonly what: 'exists' | 'describe' | 'raw'
      readonly bucket: string
      readonly key: string
      readonly versionId?: string
    }
  | { readonly op: 'kms.keys'; readonly region?: string }
  | { readonly op: 'kms.describeKey'; readonly keyId: string; readonly region?: string }
  | { readonly op: 'audit.events'; readonly filter?: WireAuditFilter }
  | { readonly op: 'audit.dropped' }
  | { readonly op: 'faults.inject'; readonly rule: WireFaultRule }
  | { readonly op: 'faults.remove'; readonly fault: number }
  | { readonly op: 'faults.hits'; readonly fault: number }
  | { readonly op: 'faults.clear' }
  | {
      readonly op: 'match'
      readonly matcher: string
      readonly subject: WireSubject
      readonly args: readonly unknown[]
      readonly isNot: boolean
    }
)

/** The host's answer: a value, or the error it threw (name and message; never a stack). */
export type RelayReply =
  | { readonly ok: true; readonly value?: unknown }
  | { readonly ok: false; readonly name: string; readonly message: string }

/**
 * What carries the relay's messages from the page to the Node side: one JSON text in, one out
 * (relay/wire.ts). `s3-kms-mock/browser` uses vitest's browser commands by default; another test
 * runner plugs in its own.
 * @public
 */
export interface RelayChannel {
  send(message: string): Promise<string>
  /**
   * Optional binary path for the page's requests (large bodies): the request of `world`, bytes
   * as they are. Without it, requests travel through `send` as base64 in JSON.
   */
  request?(world: string, request: WireRequest): Promise<WireResponse>
}

/** The command that tells the page where the binary path is and its token. */
export const RELAY_ENDPOINT_COMMAND = 's3KmsMockRelayEndpoint'

/** The binary path's route on the vitest server, and the header carrying the token. */
export const RELAY_ROUTE = '/__s3-kms-mock/relay'
export const RELAY_TOKEN_HEADER = 'x-s3-kms-mock-token'
