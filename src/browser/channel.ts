import { bypass } from 'msw'
import { readResponseFrame, requestFrame } from '../relay/frame.js'
import { RELAY_ENDPOINT_COMMAND, RELAY_TOKEN_HEADER, type RelayChannel } from '../relay/protocol.js'

type Command = () => Promise<unknown>

/** Where the relay route is and its token, from the vitest browser command. */
async function relayEndpoint(): Promise<{ route: string; token: string }> {
  const { commands } = await import('vitest/browser')
  const found = (commands as unknown as Record<string, Command | undefined>)[RELAY_ENDPOINT_COMMAND]
  if (found === undefined) {
    throw new Error(
      's3-kms-mock: the browser command is not registered. Add s3KmsMockBrowser() from s3-kms-mock/vitest-plugin to the plugins of your vitest browser project.',
    )
  }
  return (await found()) as { route: string; token: string }
}

/**
 * The default channel, for vitest's browser mode with `s3KmsMockBrowser()` from
 * `s3-kms-mock/vitest-plugin`: a vitest browser command (imported on first use, so a page under
 * another runner that passes its own channel never loads vitest) hands the page the plugin's
 * route and token on the vitest server; messages and requests are then POSTed there. Not the
 * commands' RPC itself: it carried a 5 MiB body in about 6 s each way, the route in
 * milliseconds. Only a page given the token through the command can use the route.
 */
export function vitestChannel(): RelayChannel {
  let endpoint: Promise<{ route: string; token: string }> | undefined
  async function post(kind: 'message' | 'request', body: BodyInit): Promise<Response> {
    endpoint ??= relayEndpoint()
    const { route, token } = await endpoint
    // bypass(): MSW's worker lets this one through without asking the page's handlers.
    const response = await fetch(
      bypass(new URL(`${route}?${kind}`, location.href), {
        method: 'POST',
        headers: { [RELAY_TOKEN_HEADER]: token, 'content-type': 'application/octet-stream' },
        body,
      }),
    )
    if (!response.ok) throw new Error(await response.text())
    return response
  }
  return {
    send: async (message) => (await post('message', message)).text(),
    async request(world, request) {
      const response = await post('request', requestFrame(world, request))
      return readResponseFrame(new Uint8Array(await response.arrayBuffer()))
    },
  }
}
