// A setup file of every test process: tags each SDK request with its call site (call-site.ts) and appends each
// request the Stripe sandbox answers to the run's log (global-setup.ts), which the suite-wide check reads after the
// run (tests/after-suite/app-stripe-requests.check.ts). The sandbox publishes what it answered on a diagnostics
// channel (sandbox/stripe/door/answered-requests.ts) and knows nothing of this file.
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, inject } from 'vitest'
import { subscribeAnsweredRequests, type AnsweredRequest } from '@/sandbox/stripe/door/answered-requests'
import { CALL_SITE_HEADER, originOf, repositoryPath, tagStripeRequestsWithCallSite } from './call-site'
import type { RecordedRequest } from './recorded-request'

tagStripeRequestsWithCallSite()

const directory = inject('stripeRequestLog')
let logFile = directory ? join(directory, `${process.pid}.jsonl`) : null

/** Sends this process's records elsewhere (the proof that the check fires plants its violation in its own log). */
export function recordStripeRequestsTo(file: string | null): () => void {
  const previous = logFile
  logFile = file
  return () => {
    logFile = previous
  }
}

subscribeAnsweredRequests((answered) => {
  if (logFile) appendFileSync(logFile, `${JSON.stringify(toRecord(answered))}\n`)
})

export function toRecord(answered: AnsweredRequest): RecordedRequest {
  const callSite = headerValue(answered.requestHeaders[CALL_SITE_HEADER.toLowerCase()])
  return {
    callSite,
    origin: callSite ? originOf(callSite) : 'raw',
    testFile: testFileNow(),
    method: answered.method,
    path: answered.path,
    params: answered.params,
    apiVersion: headerValue(answered.requestHeaders['stripe-version']),
    accountNow: answered.accountNow,
    status: answered.status,
    error: answered.status >= 400 ? errorOf(answered.body) : null,
    rateLimitedReason: answered.responseHeaders['Stripe-Rate-Limited-Reason'] ?? null,
  }
}

function testFileNow(): string | null {
  const path = expect.getState().testPath
  return path ? repositoryPath(path) : null
}

function headerValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null
}

function errorOf(body: string): RecordedRequest['error'] {
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed && typeof parsed.error === 'object' && parsed.error !== null) {
      const error = parsed.error
      const field = (key: string) => asString(Reflect.get(error, key))
      return { type: field('type'), code: field('code'), message: field('message'), param: field('param') }
    }
  } catch {
    // Not JSON: a page, or the double's own crash text.
  }
  return { message: body.slice(0, 200) }
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
