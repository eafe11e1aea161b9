// The suite-wide check of issue 22 ("How it is checked"): runs after every other test file (its own Vitest project,
// `sequence.groupOrder: 1` in vitest.config.ts) and reads every request the app sent to the Stripe sandbox during the
// run, each with the line of the app that made it (tests/support/stripe-requests/). Decision 0047.
import { expect, inject, it } from 'vitest'
import { coverageOf, describeViolation, findViolations } from '../support/stripe-requests/find-violations'
import { readRecordedRequests } from '../support/stripe-requests/recorded-request'

it('every request the app sent to the Stripe sandbox in this run is one Stripe accepts, within its documented limits, and modelled', () => {
  const requests = readRecordedRequests(inject('stripeRequestLog'))
  const coverage = coverageOf(requests)
  console.log(
    `Checked ${coverage.appRequests} requests the app sent to the Stripe sandbox: ${coverage.endpoints} endpoints, ${coverage.shapes} request shapes, ` +
      `from ${coverage.callSites} call sites. Not the app's: ${coverage.testRequests} requests tests made through the SDK, ${coverage.rawRequests} raw ones.`,
  )
  expect(coverage.appRequests, 'No request of the app was recorded: this check reads what the rest of the suite recorded, so run it with the whole suite (npm test).').toBeGreaterThan(0)
  expect(findViolations(requests).map(describeViolation), 'Requests of the app that Stripe would refuse, or that the sandbox answered without modelling them').toEqual([])
})
