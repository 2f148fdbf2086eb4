import { playwright } from '@vitest/browser-playwright'
import { s3KmsMockBrowser } from 's3-kms-mock/vitest-plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Relays the page's S3 requests to a world in this process, and serves msw's worker script.
  plugins: [s3KmsMockBrowser()],
  test: {
    include: ['src/**/*.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      // Debian's Chromium (`apt-get install chromium`); Playwright downloads no browser.
      provider: playwright({ launchOptions: { executablePath: '/usr/bin/chromium' } }),
      instances: [{ browser: 'chromium' }],
      screenshotFailures: false,
    },
  },
})
