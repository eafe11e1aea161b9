// The suite-wide check of the app's Stripe requests fires: requests planted through the same path as every other
// (the SDK tags the call site, the sandbox answers and publishes, the recorder writes, the check reads) are reported
// with the app's line when the app sent them, and left alone when a test did. The planted requests go to a log of
// their own, so the run's real check never sees them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Stripe from 'stripe'
import { afterAll, describe, expect, it } from 'vitest'
import { startStripeDouble } from '@/sandbox/stripe'
import { findPortalConfiguration } from '@/lib/billing/portal-configuration'
import { createStripe } from '@/lib/stripe/client'
import { recordStripeRequestsTo } from '../support/stripe-requests/record-app-requests'
import { coverageOf, describeViolation, findViolations } from '../support/stripe-requests/find-violations'
import { readRecordedRequests, type RecordedRequest } from '../support/stripe-requests/recorded-request'

const double = await startStripeDouble()
const directory = mkdtempSync(join(tmpdir(), 'planted-stripe-requests-'))
afterAll(async () => {
  await double.close()
  rmSync(directory, { recursive: true, force: true })
})

type MakeRequest = Stripe.HttpClient['makeRequest']

/** The app's own client (lib/stripe/client.ts) over a transport that bends what it sends, as a bug in the app would. */
function appStripeBending(bend: (...args: Parameters<MakeRequest>) => Parameters<MakeRequest>): Stripe {
  const inner = Stripe.createNodeHttpClient()
  return createStripe('sk_test_planted', double.url, { getClientName: () => 'bending', makeRequest: (...args) => inner.makeRequest(...bend(...args)) })
}

async function failed(promise: Promise<unknown>): Promise<void> {
  await promise.then(
    () => expect.unreachable('the sandbox should have refused it'),
    () => undefined,
  )
}

describe('the check of every request the app sends', () => {
  it('reports an app request Stripe would refuse and one the sandbox does not model, naming the app’s line; a test’s own requests are not the app’s', async () => {
    const stop = recordStripeRequestsTo(join(directory, 'planted.jsonl'))
    try {
      // The app sends an API version Stripe does not have.
      const unknownVersion = appStripeBending((host, port, path, method, headers, ...rest) => [host, port, path, method, { ...headers, 'Stripe-Version': '2099-01-01.unreleased' }, ...rest])
      await failed(findPortalConfiguration(unknownVersion))
      // The app reaches an endpoint Stripe serves and the sandbox does not model.
      const unmodelled = appStripeBending((host, port, _path, ...rest) => [host, port, '/v1/customers/cus_planted/tax_ids', ...rest])
      await failed(findPortalConfiguration(unmodelled))
      // A test probing the sandbox (through the SDK, and raw) is not the app.
      await failed(double.client().customers.create({ email: 'probe@example.com' }, { apiVersion: '2099-01-01.unreleased' }))
      expect((await fetch(`${double.url}/v1/customers?limit=101`, { headers: { authorization: 'Bearer sk_test_probe' } })).status).toBe(400)
    } finally {
      stop()
    }

    const recorded = readRecordedRequests(directory)
    expect(recorded.map((request) => request.origin)).toEqual(['app', 'app', 'test', 'raw'])
    const violations = findViolations(recorded)
    expect(violations.map((violation) => violation.request.callSite)).toEqual([expect.stringMatching(/^lib\/billing\/portal-configuration\.ts:\d+$/), expect.stringMatching(/^lib\/billing\/portal-configuration\.ts:\d+$/)])
    const [version, endpoint] = violations.map(describeViolation)
    expect(version).toMatch(/^lib\/billing\/portal-configuration\.ts:\d+: GET \/v1\/billing_portal\/configurations → 400, Stripe would refuse it: Invalid Stripe API version: 2099-01-01\.unreleased/)
    expect(version).toContain('while running tests/stripe/app-requests-check.test.ts')
    expect(endpoint).toMatch(/GET \/v1\/customers\/cus_planted\/tax_ids → 400, the sandbox does not model it.*stripe\.customers\.listTaxIds/)
    expect(coverageOf(recorded)).toMatchObject({ appRequests: 2, callSites: 1, testRequests: 1, rawRequests: 1 })
  })

  it('reports an app request the sandbox refused over a per-subscription limit, and passes one Stripe accepts', () => {
    const request: RecordedRequest = {
      callSite: 'lib/billing/seat-quantity.ts:98',
      origin: 'app',
      testFile: 'tests/organizations/seats.test.ts',
      method: 'POST',
      path: '/v1/subscriptions/sub_1',
      params: { items: [{ id: 'si_1', quantity: '12' }], proration_behavior: 'always_invoice' },
      apiVersion: '2026-10-28.endive',
      accountNow: 1_800_000_000,
      status: 200,
      error: null,
      rateLimitedReason: null,
    }
    expect(findViolations([request])).toEqual([])
    const refused = { ...request, status: 429, rateLimitedReason: 'resource-specific', error: { code: 'rate_limit', message: 'Too many requests for the subscription sub_1' } }
    expect(findViolations([refused]).map(describeViolation)).toEqual([
      'lib/billing/seat-quantity.ts:98: POST /v1/subscriptions/sub_1 → 429, over a per-subscription limit Stripe documents (https://docs.stripe.com/rate-limits): Too many requests for the subscription sub_1\n    while running tests/organizations/seats.test.ts',
    ])
  })
})
