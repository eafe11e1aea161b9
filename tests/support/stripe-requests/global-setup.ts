// Vitest's global setup for the suite-wide check of the app's Stripe requests (README "The app's requests, checked
// against Stripe's contract"): one directory for the whole run, where every test process appends the requests the
// app sent to the Stripe sandbox (record-app-requests.ts); the check reads it after every other file has run
// (tests/after-suite/app-stripe-requests.check.ts). Removed when the run ends.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  interface ProvidedContext {
    stripeRequestLog: string
  }
}

export default function setup(project: TestProject): () => void {
  const directory = mkdtempSync(join(tmpdir(), 'tollgate-stripe-requests-'))
  project.provide('stripeRequestLog', directory)
  return () => rmSync(directory, { recursive: true, force: true })
}
