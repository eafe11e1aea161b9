// Prints one plain closing line after Vitest's own report, "Tests: N passed, N failed, N skipped",
// the form CI systems and people grep for. It counts what Vitest reports; it decides nothing.
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node'

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>, reason: TestRunEndReason) {
    const counts = { passed: 0, failed: 0, skipped: 0 }
    for (const testModule of modules) {
      let failedTests = 0
      for (const test of testModule.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') counts.passed++
        else if (state === 'failed') failedTests++
        else counts.skipped++
      }
      // A file can fail outside its tests (a failing beforeAll, an import error): that is one failure too.
      counts.failed += failedTests > 0 ? failedTests : testModule.state() === 'failed' ? 1 : 0
    }
    counts.failed += unhandledErrors.length
    // A run that failed before any file ran (global setup) still failed.
    if (reason === 'failed' && counts.failed === 0) counts.failed = 1
    console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
  }
}
