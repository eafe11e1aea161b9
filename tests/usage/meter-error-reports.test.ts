// Meter events Stripe accepts and then rejects while processing them are reported as v2 events, which no v1 webhook
// receives (decision 0060): the recurring job lists them with the real SDK, records each report once, and the
// operator console shows them.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runFunction } from '@/sandbox/inngest/run-events'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { renderPage } from '../support/render-page'
import { startSubscriberFixture } from '../support/subscriber-fixture'

vi.mock('next/headers', () => nextHeadersMock())
process.env.ADMIN_EMAILS = 'ops@example.com'
const fixture = await startSubscriberFixture()
const { double, db, stripe } = fixture
const { requireCatalogMeter } = await import('@/lib/usage/meters')
const { recordUsage } = await import('@/lib/usage/record-usage')
const { wakeUsageSender } = await import('@/lib/usage/wake-sender')
const { recordMeterErrorReportsFunction } = await import('@/inngest/usage/record-meter-error-reports')
const { default: AdminHealthPage } = await import('@/app/admin/page')

beforeAll(fixture.start)
afterAll(fixture.close)

const tick = { name: 'inngest/scheduled.timer', data: {} }
const runJob = async () => (await runFunction(recordMeterErrorReportsFunction, tick)).result

describe('meter error reports', () => {
  it('records a report for an event no meter counts and one for a customer Stripe does not have, once each', { timeout: 60_000 }, async () => {
    const { customerId } = await fixture.subscriber('reported@example.com', 'pro_monthly')
    const eventName = requireCatalogMeter('api_calls').eventName
    const apiCalls = (await stripe.billing.meters.list({ status: 'active' })).data.find((m) => m.event_name === eventName)!
    await stripe.billing.meterEvents.create({ event_name: `${eventName}_typo`, payload: { stripe_customer_id: customerId, value: '3' }, identifier: 'typo-1' })
    await stripe.billing.meterEvents.create({ event_name: eventName, payload: { stripe_customer_id: 'cus_nobody', value: '5' }, identifier: 'stranger-1' })

    // Stripe has not processed them yet: nothing to report.
    expect(await runJob()).toEqual({ seen: 0, recorded: 0 })

    double.advanceClockTo(Math.floor(Date.now() / 1000) + 120)
    expect(await runJob()).toEqual({ seen: 2, recorded: 2 })
    expect(await runJob()).toEqual({ seen: 0, recorded: 0 }) // the checkpoint: nothing newer
    const reports = await db.meterErrorReport.findMany({ orderBy: { code: 'asc' } })
    expect(reports.map((r) => [r.type, r.code, r.identifier, r.meterId, r.errorCount])).toEqual([
      ['v1.billing.meter.error_report_triggered', 'meter_event_customer_not_found', 'stranger-1', apiCalls.id, 1],
      ['v1.billing.meter.no_meter_found', 'no_meter', 'typo-1', null, 1],
    ])

    // The checkpoint lost (or a run that failed before moving it): the same events listed again are recorded once.
    await db.reconcileCheckpoint.delete({ where: { id: 'meter-error-reports' } })
    expect(await runJob()).toEqual({ seen: 2, recorded: 0 })
    expect(await db.meterErrorReport.count()).toBe(2)

    // A use the app sent for a customer deleted at Stripe meanwhile: the report names its organization and customer.
    const { organization, customerId: goneCustomer } = await fixture.subscriber('gone@example.com', 'pro_monthly')
    expect(await recordUsage(organization.id, 'api_calls', 7, { identifier: 'req-gone' })).toMatchObject({ outcome: 'recorded' })
    await stripe.customers.del(goneCustomer)
    await wakeUsageSender()
    await fixture.pipeline.runQueued() // the sender only: the deletion's webhook is not delivered yet
    expect(await db.usageEvent.findFirstOrThrow({ where: { organizationId: organization.id } })).toMatchObject({ status: 'sent' })
    double.advanceClockTo(Math.floor(Date.now() / 1000) + 240)
    expect(await runJob()).toEqual({ seen: 1, recorded: 1 })
    expect(await db.meterErrorReport.findFirstOrThrow({ where: { organizationId: organization.id } })).toMatchObject({
      code: 'meter_event_customer_not_found',
      customerId: goneCustomer,
      meterId: apiCalls.id,
    })

    await signInAs(db, 'ops@example.com')
    const page = renderPage(await AdminHealthPage())
    expect(page).toContain('Rejected meter events')
    expect(page).toContain('meter_event_customer_not_found')
    expect(page).toContain('No active meter has this event name.')
    expect(page).toContain(`/admin/organizations/${organization.id}`)
  })
})
