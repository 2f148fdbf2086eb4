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
export { browserMatchers } from './browser/matchers.js'
export { UsageError } from './core/usage-error.js'
export type {
  RelayChannel,
  RelayWorldOptions,
  WireAuditFilter,
  WireFaultRule,
} from './relay/protocol.js'
