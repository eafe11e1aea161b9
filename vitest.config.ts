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

export default defineConfig({
  resolve,
  test: {
    include: ['tests/**/*.test.ts'],
    // Each test file runs in its own process with its own freshly migrated database (see the setup file).
    pool: 'forks',
    setupFiles: ['tests/support/setup-test-database.ts'],
    env: { NODE_ENV: 'test', NEXT_TELEMETRY_DISABLED: '1' },
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
