// One request the Stripe sandbox answered during the suite, as written to the run's log (one JSON object a line, a
// file per test process) and read back by the check after the run.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Origin } from './call-site'

export type RecordedRequest = {
  /** `lib/billing/checkout.ts:57`, or null for a request that did not come through the SDK (a test's raw fetch). */
  callSite: string | null
  origin: Origin | 'raw'
  /** The test file that was running. */
  testFile: string | null
  method: string
  path: string
  params: Record<string, unknown>
  apiVersion: string | null
  /** The account's clock when the request arrived (Unix seconds), for limits relative to now. */
  accountNow: number
  status: number
  error: { type?: string; code?: string; message?: string; param?: string } | null
  /** `Stripe-Rate-Limited-Reason` on a 429. */
  rateLimitedReason: string | null
}

export function readRecordedRequests(directory: string): RecordedRequest[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) =>
      readFileSync(join(directory, name), 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line): RecordedRequest => JSON.parse(line)),
    )
}
