import { existsSync } from 'node:fs'
import { playwright } from '@vitest/browser-playwright'
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import { s3KmsMockBrowser } from './src/vitest-plugin.js'

// Debian's Chromium (.ci/run installs the package); never a browser download.
const chromium = process.env.S3_KMS_MOCK_CHROMIUM ?? '/usr/bin/chromium'
// A newcomer's `npm test` needs only the npm registry (README): without Chromium the browser
// project is left out, saying so. CI sets S3_KMS_MOCK_REQUIRE_BROWSER=1, so it never is there.
const browserProjects = (
  project: TestProjectInlineConfiguration,
): TestProjectInlineConfiguration[] => {
  if (existsSync(chromium)) return [project]
  const why = `no Chromium at ${chromium} (apt-get install chromium, or set S3_KMS_MOCK_CHROMIUM)`
  if (process.env.S3_KMS_MOCK_REQUIRE_BROWSER === '1') throw new Error(`browser project: ${why}`)
  console.warn(`s3-kms-mock: the browser project is left out of this run: ${why}`)
  return []
}

// Test kinds as vitest projects (DESIGN §5): co-located unit/property tests and
// behaviour through the real AWS SDK clients against the in-process world.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          // npm pack (builds via prepack) → install → import every subpath.
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          // Public types, checked by tsc (expectTypeOf); nothing runs.
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['test/types/**/*.test-d.ts'] },
        },
      },
      {
        test: {
          name: 'sdk',
          include: ['test/sdk/**/*.test.ts'],
          // Each file gets its own msw server; isolation is per worker.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          // The SDK suites again through the fast lane: test/support's s3Client/kmsClient get the
          // listening world's `requestHandler` (no sockets, no interception); MSW still listens
          // for fetch to presigned URLs. Left out: transport/ (its point is the MSW/socket
          // transport; the handler's own test runs in `sdk`), testing/ and presigned-and-auth
          // (they build their own clients, so a rerun would be the MSW lane again).
          name: 'sdk-fast-lane',
          include: ['test/sdk/**/*.test.ts'],
          exclude: [
            ...configDefaults.exclude,
            'test/sdk/transport/**',
            'test/sdk/testing/**',
            'test/sdk/s3/presigned-and-auth.test.ts',
          ],
          env: { S3_KMS_MOCK_TEST_LANE: 'fast' },
          testTimeout: 20_000,
        },
      },
      {
        test: {
          // Server mode over real sockets: each file starts (and closes) its own servers.
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          // Issue #14: strict-mode bypasses, body binding, clocks, hosts, control endpoints, limits
          // and bounded property fuzzing of every parser that reads client bytes.
          name: 'security',
          include: ['test/security/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          // SPEC §8: every scenario against in-process and server (must pass); the container and
          // AWS targets report skipped with their reasons here.
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      ...browserProjects({
        // Issue #17: s3-kms-mock/browser in real Chromium (headless), the page's world relayed
        // to this process by s3KmsMockBrowser()'s browser command (ADR 0010).
        plugins: [s3KmsMockBrowser()],
        // Pre-bundled up front: a dependency found mid-run makes Vite reload the page.
        optimizeDeps: {
          include: [
            '@aws-sdk/client-s3',
            '@aws-sdk/client-kms',
            '@aws-sdk/s3-presigned-post',
            '@aws-sdk/s3-request-presigner',
            'msw',
            'msw/browser',
          ],
        },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromium } }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      }),
    ],
  },
})
