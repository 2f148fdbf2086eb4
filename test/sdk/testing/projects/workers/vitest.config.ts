import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Run by test/sdk/testing/runner.test.ts: two files in two workers at the same time.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.check.ts'],
    fileParallelism: true,
    maxWorkers: 2,
  },
})
