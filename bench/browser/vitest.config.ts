import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { s3KmsMockBrowser } from '../../src/vitest-plugin.js'

// bench/browser.ts runs this: the per-request page bench, in Debian's Chromium.
export default defineConfig({
  plugins: [s3KmsMockBrowser()],
  define: {
    __BENCH_ROUNDS__: JSON.stringify(
      process.env.BENCH_SMOKE === '1' ? { small: 3, large: 1 } : { small: 40, large: 6 },
    ),
  },
  optimizeDeps: {
    include: ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner', 'msw', 'msw/browser'],
  },
  test: {
    include: ['bench/browser/put.test.ts'],
    testTimeout: 600_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: { executablePath: process.env.S3_KMS_MOCK_CHROMIUM ?? '/usr/bin/chromium' },
      }),
      instances: [{ browser: 'chromium' }],
      screenshotFailures: false,
    },
  },
})
