import { RELAY_COMMAND, type RelayChannel } from '../relay/protocol.js'

type RelayCommand = (message: string) => Promise<string>

/**
 * The default channel: vitest's browser commands (`commands.s3KmsMockRelay`, registered on the
 * Node side by `s3KmsMockBrowser()` from `s3-kms-mock/vitest-plugin`). Imported on first use, so
 * a page under another runner that passes its own channel never loads vitest.
 */
export function vitestChannel(): RelayChannel {
  let command: Promise<RelayCommand> | undefined
  return {
    async send(message) {
      command ??= import('vitest/browser').then(({ commands }) => {
        const found = (commands as unknown as Record<string, RelayCommand | undefined>)[
          RELAY_COMMAND
        ]
        if (found === undefined) {
          throw new Error(
            's3-kms-mock: the browser command is not registered. Add s3KmsMockBrowser() from s3-kms-mock/vitest-plugin to the plugins of your vitest browser project.',
          )
        }
        return found
      })
      return (await command)(message)
    },
  }
}
