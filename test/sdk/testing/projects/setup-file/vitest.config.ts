import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Run by test/sdk/testing/runner.test.ts: the setup file as a user lists it in setupFiles.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.check.ts'],
    setupFiles: [fileURLToPath(new URL('../../../../../src/vitest-setup.ts', import.meta.url))],
  },
})
