/**
 * `s3-kms-mock/browser`: the world for a web page, through MSW's `setupWorker` (ADR 0010). The
 * page's requests are relayed to a world on the Node side, which answers with real encryption;
 * the world API is Node's, asynchronous. No `node:*` module is imported here.
 * @packageDocumentation
 */
export {
  setupMockAwsWorker,
  type BrowserMockAws,
  type BrowserObjectRef,
  type BrowserFaultHandle,
  type MockAwsWorkerOptions,
} from './browser/world.js'
export type { BrowserSdkRequestHandler } from './browser/sdk-handler.js'
export type { CorsRefusal } from './browser/page-fetch.js'
export {
  browserMatchers,
  type BrowserMatcherName,
  type PageMatcherContext,
  type PageMatcherOutcome,
} from './browser/matchers.js'
export { UsageError } from './core/usage-error.js'
export type {
  RelayChannel,
  RelayWorldOptions,
  WireAuditFilter,
  WireFaultRule,
} from './relay/protocol.js'
export type { WireRequest, WireResponse } from './relay/protocol.js'
export type { AuditEvent, AuditFilter } from './core/audit.js'
export type { FaultRule } from './core/faults.js'
export type { KeyMetadata } from './kms/shapes.js'
export type { InspectOptions } from './world/inspect.js'
export type { MockAwsOptions, MockCredentials } from './world/options.js'
export type { PrincipalAccess } from './world/principals.js'
export type { StoredEncryption, StoredObject } from './world/s3-view.js'
export type { WorldFile } from './world/world-file.js'
export type { SdkHandlerOptions, SdkHttpRequest } from './transport/sdk-request-handler.js'
