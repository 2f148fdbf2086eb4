import { KMSClient } from '@aws-sdk/client-kms'
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { afterAll, beforeAll } from 'vitest'
import { startServer, type MockAwsHttpServer, type StartServerOptions } from '../../src/server.js'
import { testCredentials } from '../support/kms.js'

/**
 * `bucket.localhost` does not resolve on this Debian (reference/sdk-wire-facts.md §1c); browsers
 * and curl special-case `*.localhost`, node does not. This lookup does what RFC 6761 §6.3 allows.
 */
export const localhostLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname.endsWith('.localhost') ? '127.0.0.1' : hostname, options, callback)
}

/** Starts a server before this file's tests and closes it after them. */
export function useServer(options: StartServerOptions = {}): () => MockAwsHttpServer {
  let server: MockAwsHttpServer | undefined
  beforeAll(async () => {
    server = await startServer(options)
  })
  afterAll(async () => {
    await server?.close()
  })
  return () => {
    if (server === undefined) throw new Error('the server has not started (used outside a test?)')
    return server
  }
}

/**
 * A request handler for SDK clients: keep-alive agents that trust the server's certificate and
 * resolve `*.localhost`. Passing agents makes them "external" to smithy, which then writes bodies
 * without waiting for 100 Continue; pass `defaultAgents` to keep the SDK's stock behaviour.
 */
export function handlerFor(server: MockAwsHttpServer, defaultAgents = false): NodeHttpHandler {
  if (defaultAgents) return new NodeHttpHandler()
  return new NodeHttpHandler({
    httpAgent: new http.Agent({ keepAlive: true, lookup: localhostLookup }),
    httpsAgent: new https.Agent({
      keepAlive: true,
      lookup: localhostLookup,
      ...(server.ca === undefined ? {} : { ca: server.ca }),
    }),
  })
}

export interface ClientChoice {
  /** `path` (forcePathStyle on the server URL) or `virtual` (`bucket.localhost:<port>`). */
  addressing?: 'path' | 'virtual'
  defaultAgents?: boolean
  extra?: Partial<S3ClientConfig>
}

/** An S3 client pointed at the server as users would configure it. */
export function s3For(server: MockAwsHttpServer, choice: ClientChoice = {}): S3Client {
  const virtual = choice.addressing === 'virtual'
  const endpoint = virtual ? server.url.replace('127.0.0.1', 'localhost') : server.url
  return new S3Client({
    region: 'us-east-1',
    credentials: testCredentials,
    endpoint,
    forcePathStyle: !virtual,
    maxAttempts: 1,
    requestHandler: handlerFor(server, choice.defaultAgents),
    ...choice.extra,
  })
}

/** A KMS client on the same endpoint as S3 (one port serves both). */
export function kmsFor(server: MockAwsHttpServer): KMSClient {
  return new KMSClient({
    region: 'us-east-1',
    credentials: testCredentials,
    endpoint: server.url,
    maxAttempts: 1,
    requestHandler: handlerFor(server),
  })
}

/** Deterministic bytes of a given size (no randomness needed for content checks). */
export function pattern(size: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(size)
  let x = seed >>> 0 || 1
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}
