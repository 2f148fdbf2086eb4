import type http from 'node:http'
import {
  type ClientRequestLike,
  hasRequestCreatedChannel,
  onContinueListener,
  onRequestCreated,
} from './internals/continue-hooks/continue-hooks.js'
import { paceRequestBody } from './paced-body.js'

/**
 * Answers `Expect: 100-continue` for requests the mock owns.
 *
 * The AWS SDK sends `Expect: 100-continue` on bodies ≥ 2 MiB and waits up to 6 s for the
 * ClientRequest's `continue` event before writing the body. Node emits it only when a socket
 * receives `HTTP/1.1 100 Continue`, which MSW's interceptors never produce, so every large upload
 * stalls 6 s (reference/sdk-wire-facts.md, "Expect: 100-continue under Node 24"). We emit
 * `continue` ourselves — what a real server does when it accepts the body at once — only for
 * requests to hosts the mock owns. Those requests also get their body paced (`paced-body.ts`).
 *
 * - Node ≥ 22: through the public diagnostics channel `http.client.request.created`, published in
 *   the ClientRequest constructor. No patching.
 * - Node 20 has no such channel: a wrapper on `ClientRequest.prototype`'s listener methods reacts
 *   when a `continue` listener is added to an owned request, which is exactly the moment someone
 *   starts waiting. Installed by `listen()` and removed by `close()`.
 *
 * Both hooks live in `internals/continue-hooks/`, with the test that fails when Node changes them.
 */
export type ContinueMechanism = 'diagnostics-channel' | 'listener-hook'

function targetUrl(req: ClientRequestLike): URL | undefined {
  const host = req.getHeader('host')
  const authority = typeof host === 'string' && host !== '' ? host : req.host
  if (authority === undefined) return undefined
  try {
    return new URL(`${req.protocol ?? 'http:'}//${authority}/`)
  } catch {
    return undefined
  }
}

function wantsContinue(req: ClientRequestLike): boolean {
  const expect = req.getHeader('expect')
  return typeof expect === 'string' && expect.toLowerCase() === '100-continue'
}

export { hasRequestCreatedChannel }

/** Installs the answer; returns the function that removes it. */
export function answerExpectContinue(
  owns: (url: URL) => boolean,
  mechanism: ContinueMechanism = hasRequestCreatedChannel()
    ? 'diagnostics-channel'
    : 'listener-hook',
): () => void {
  const answer = (req: ClientRequestLike): void => {
    if (!wantsContinue(req)) return
    const url = targetUrl(req)
    if (url === undefined || !owns(url)) return
    // These are the large bodies (the SDK asks for 100-continue from 2 MiB): hand them to MSW's
    // socket in slices, at the world's pace, instead of in one piece it would copy whole.
    paceRequestBody(req as unknown as http.ClientRequest)
    // One macrotask: the SDK registers its listener synchronously after http.request().
    setImmediate(() => req.emit('continue'))
  }
  return mechanism === 'diagnostics-channel' ? onRequestCreated(answer) : onContinueListener(answer)
}
