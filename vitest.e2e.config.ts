import { defineConfig } from 'vitest/config'
import { resolve } from './vitest.config'

// The browser journey (npm run test:e2e): a production build served by `next start`, driven by Chromium, with the
// Stripe double, the Inngest stand-in and an SMTP capture around it. tests/e2e/README.md explains the moving parts.
export default defineConfig({
  // The test process also runs the Inngest functions itself (the "worker"), so it resolves app modules the same way.
  resolve,
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    // One `next build` for every e2e file, made before any of them starts.
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    // Each file gets its own process, its own fresh database and its own `next start`; one at a time, because a
    // server, Chromium and the test process already fill this 2-core machine.
    pool: 'forks',
    fileParallelism: false,
    setupFiles: ['tests/support/setup-test-database.ts'],
    env: { NODE_ENV: 'test', NEXT_TELEMETRY_DISABLED: '1' },
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
})
