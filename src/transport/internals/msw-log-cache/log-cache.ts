import { RequestHandler } from 'msw'

/**
 * MSW's private cache of log clones, `RequestHandler.cache` (msw 2 and 3): before running a
 * handler MSW clones the request for its logging and keeps the clone here by request, and it
 * reuses a clone it finds. The clone tees the body, so every chunk the world reads stays queued
 * for a clone nobody reads; seeding the cache with the request itself (`releaseMswCopies`) avoids
 * the tee. Private, so looked up by name: undefined when a release removes it, and the copies are
 * then kept as MSW keeps them (memory, not behaviour). ADR 0007 has the measurements.
 */
export function mswLogClones(): WeakMap<Request, Request> | undefined {
  const cache: unknown = Reflect.get(RequestHandler, 'cache')
  return cache instanceof WeakMap ? (cache as WeakMap<Request, Request>) : undefined
}
