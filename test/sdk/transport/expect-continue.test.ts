import https from 'node:https'
import { describe, expect, it } from 'vitest'
import {
  answerExpectContinue,
  hasRequestCreatedChannel,
} from '../../../src/transport/expect-continue.js'
import { setupServer } from 'msw/node'
import { createMockAws } from '../../../src/index.js'
import { answerExpectContinueFor } from '../../../src/node.js'
import { useMockAws } from '../../support/kms.js'
import { listenMsw } from '../../support/msw.js'

const aws = useMockAws()

/** Sends a request with `Expect: 100-continue` and reports whether `continue` came before we gave up. */
function continueArrives(host: string, waitMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.request({
      host,
      method: 'POST',
      path: '/',
      headers: { expect: '100-continue', 'content-length': '2' },
    })
    req.on('error', () => {
      resolve(false)
    })
    const giveUp = setTimeout(() => {
      req.destroy()
      resolve(false)
    }, waitMs)
    req.on('continue', () => {
      clearTimeout(giveUp)
      req.on('response', (res) => {
        res.resume()
      })
      req.end('{}')
      resolve(true)
    })
  })
}

describe('Expect: 100-continue on intercepted requests', () => {
  it('is answered for hosts the mock owns, so the SDK does not stall 6 s on large bodies', async () => {
    expect(await continueArrives('kms.us-east-1.amazonaws.com')).toBe(true)
  })

  it('reports which mechanism this Node version uses', () => {
    const major = Number(process.versions.node.split('.')[0])
    // Node 20 has no `http.client.request.created` channel; Node 24 has it.
    if (major >= 24) expect(hasRequestCreatedChannel()).toBe(true)
    if (major <= 20) expect(hasRequestCreatedChannel()).toBe(false)
  })

  it('works through the listener hook on every Node version, and is removed on uninstall', async () => {
    aws.close()
    try {
      const { server } = aws
      listenMsw(server, 'bypass')
      const remove = answerExpectContinue((url) => aws.owns(url), 'listener-hook')
      expect(await continueArrives('kms.eu-west-1.amazonaws.com')).toBe(true)
      remove()
      expect(await continueArrives('kms.eu-west-1.amazonaws.com', 300)).toBe(false)
      server.close()
    } finally {
      aws.listen({ onUnhandledRequest: 'error' })
    }
  })

  it('leaves requests to other hosts alone', async () => {
    aws.close()
    const remove = answerExpectContinue((url) => aws.owns(url), 'listener-hook')
    try {
      listenMsw(aws.server, 'bypass')
      // Not owned: nobody answers, and with no real server reachable the request errors or times out.
      expect(await continueArrives('example.invalid', 300)).toBe(false)
    } finally {
      remove()
      aws.server.close()
      aws.listen({ onUnhandledRequest: 'error' })
    }
  })

  it('can be installed for your own MSW server with answerExpectContinueFor(world)', async () => {
    aws.close()
    const world = createMockAws()
    const server = setupServer(...world.handlers)
    listenMsw(server, 'bypass')
    const stop = answerExpectContinueFor(world)
    try {
      expect(await continueArrives('kms.ap-south-1.amazonaws.com')).toBe(true)
    } finally {
      stop()
      server.close()
      aws.listen({ onUnhandledRequest: 'error' })
    }
  })
})
