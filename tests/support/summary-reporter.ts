// Prints one plain closing line after Vitest's own report, "Tests: N passed, N failed, N skipped",
// the form CI systems and people grep for. It counts what Vitest reports; it decides nothing.
import type { Reporter, TestModule } from 'vitest/node'

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    const counts = { passed: 0, failed: 0, skipped: 0 }
    for (const testModule of modules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') counts.passed++
        else if (state === 'failed') counts.failed++
        else counts.skipped++
      }
      // A file that failed to load has no tests to count; it still failed.
      if (testModule.state() === 'failed' && testModule.children.size === 0) counts.failed++
    }
    counts.failed += unhandledErrors.length
    console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
  }
}
