import { defineConfig } from 'vitest/config'

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
          // Server mode over real sockets: each file starts (and closes) its own servers.
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
})
