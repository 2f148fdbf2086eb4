import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Listens before the tests, empties the world after each test, stops after the last.
    setupFiles: ['s3-kms-mock/vitest-setup'],
  },
})
