import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('.', import.meta.url))

/** Module resolution shared with vitest.e2e.config.ts. */
export const resolve = {
  alias: [
    { find: /^@\//, replacement: `${root}/` },
    // `server-only` throws outside React's server build; tests are server code, so it is a no-op here.
    { find: 'server-only', replacement: `${root}/tests/support/server-only.ts` },
  ],
}

const env = { NODE_ENV: 'test', NEXT_TELEMETRY_DISABLED: '1' } as const

export default defineConfig({
  test: {
    // One directory per run for the requests the app sends to the Stripe sandbox (tests/support/stripe-requests/).
    globalSetup: ['tests/support/stripe-requests/global-setup.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        resolve,
        test: {
          name: 'suite',
          include: ['tests/**/*.test.ts'],
          // Each test file runs in its own process with its own freshly migrated database (see the setup file).
          pool: 'forks',
          setupFiles: ['tests/support/setup-test-database.ts', 'tests/support/stripe-requests/record-app-requests.ts'],
          env,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // After every file of the suite: the check of every request the app sent to the Stripe sandbox (decision 0047).
        resolve,
        test: { name: 'after-suite', include: ['tests/after-suite/**/*.check.ts'], sequence: { groupOrder: 1 }, env },
      },
    ],
  },
})
