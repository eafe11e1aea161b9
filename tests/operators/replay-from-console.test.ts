import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { personalOrganizationOf } from '../support/organizations'
import { renderPage } from '../support/render-page'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { createWebhookPipeline } from '../support/webhook-pipeline'

// Replay from the operator console: one event, or every failed event of a type, goes through the same function as
// `npm run stripe:replay`, reaches Inngest (the stand-in, over HTTP), runs through the real functions and ends
// processed; each replay leaves one audit record, and a confirmation sent twice replays once.
vi.mock('next/headers', () => nextHeadersMock())

const double = await startBillingFixture()
const inngest = await startInngestStandIn()
process.env.INNGEST_DEV = inngest.url
process.env.ADMIN_EMAILS = 'ops@example.com'

const { db } = await import('@/lib/db')
const { checkout } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { replayFromConsole } = await import('@/lib/operators/actions')
const { default: EventPage } = await import('@/app/admin/events/[id]/page')
const { default: AuditPage } = await import('@/app/admin/audit/page')
const pipeline = await createWebhookPipeline(double, inngest)

beforeAll(async () => {
  const { requireStripe } = await import('@/lib/stripe/client')
  await syncCatalog(requireStripe(), PLANS)
  await pipeline.deliverNew()
  await pipeline.runQueued()
})
afterAll(() => Promise.all([double.close(), inngest.close()]))

/** A customer subscribes; every webhook is delivered and processed; returns its customer.subscription.created event. */
async function subscribedEvent(email: string) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  await double.completeCheckout((await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))).split('/').pop()!)
  await pipeline.deliverNew()
  await pipeline.runQueued()
  const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
  return double.events.find((e) => e.type === 'customer.subscription.created' && (e.data.object as { id: string }).id === subscription.id)!
}

/** Inngest gave up on the event: its function's onFailure marks it failed, as in production. */
async function failEvent(event: Awaited<ReturnType<typeof subscribedEvent>>, message: string) {
  const fn = pipeline.functions.find((f) => f.id() === `stripe-${event.type.replaceAll('.', '-')}`)!
  await (fn.opts.onFailure as (ctx: unknown) => Promise<void>)({ event: { data: { event: { data: event } } }, error: new Error(message) })
  expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: 'failed', lastError: `Error: ${message}` })
}

const asOperator = () => signInAs(db, 'ops@example.com')

describe('replaying one event', () => {
  it('re-sends it, shows it queued, and after the run it is processed; the audit says who replayed what', async () => {
    const event = await subscribedEvent('replay-one@example.com')
    await failEvent(event, 'Stripe was down')
    const operator = await asOperator()
    const sentBefore = inngest.accepted.length

    const requestId = crypto.randomUUID()
    const form = new FormData()
    form.set('requestId', requestId)
    form.set('ids', event.id)
    const back = await redirectOf(() => replayFromConsole(form))

    expect(inngest.accepted.slice(sentBefore).map((sent) => sent.id)).toEqual([expect.stringMatching(new RegExp(`^${event.id}:replay:`))])
    // Queued by hand: the automatic retry that failure scheduled is off (a new failure schedules the next one).
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: 'queued', nextRetryAt: null })
    const record = await db.auditRecord.findUniqueOrThrow({ where: { requestId } })
    expect(back).toBe(`/admin/events/${event.id}?replayed=${record.id}`)
    // The event's page confirms the replay in words.
    const page = renderPage(await EventPage({ params: Promise.resolve({ id: event.id }), searchParams: Promise.resolve({ replayed: record.id }) }))
    expect(page).toContain('Replayed: 1 event sent to Inngest again, now queued.')
    expect(record).toMatchObject({ operatorId: operator.id, operatorEmail: 'ops@example.com', action: 'replay-events', targetCount: 1, targetIds: JSON.stringify([event.id]) })
    expect(JSON.parse(record.detail!)).toMatchObject({ sent: 1, notSent: 0 })

    const runs = await pipeline.runQueued()
    expect(runs.map((run) => run.error)).not.toContainEqual(expect.anything())
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: 'processed', lastError: null })
  })

  it('sent twice (a double click, two tabs), the same confirmation replays once and leaves one record', async () => {
    const event = await subscribedEvent('replay-twice@example.com')
    await failEvent(event, 'a bug, since fixed')
    await asOperator()
    const sentBefore = inngest.accepted.length
    const input = { requestId: crypto.randomUUID(), ids: event.id }

    const answers = await Promise.all([redirectOf(() => replayFromConsole(input)), redirectOf(() => replayFromConsole(input))])
    const record = await db.auditRecord.findUniqueOrThrow({ where: { requestId: input.requestId } })
    // Both land on the one replay's confirmation.
    expect(answers).toEqual([`/admin/events/${event.id}?replayed=${record.id}`, `/admin/events/${event.id}?replayed=${record.id}`])
    expect(inngest.accepted.length - sentBefore).toBe(1)
    expect(await db.auditRecord.count({ where: { requestId: input.requestId } })).toBe(1)
    await pipeline.runQueued()
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: 'processed' })
  })
})

describe('replaying every failed event of a type', () => {
  it('re-sends exactly the failed events of that type, and all of them end processed', async () => {
    const first = await subscribedEvent('replay-type-1@example.com')
    const second = await subscribedEvent('replay-type-2@example.com')
    await failEvent(first, 'Stripe was down')
    await failEvent(second, 'Stripe was down')
    // A failed event of another type stays as it is.
    const other = double.events.find((e) => e.type === 'invoice.paid')!
    await db.stripeEvent.update({ where: { id: other.id }, data: { status: 'failed', lastError: 'unrelated' } })
    await asOperator()

    const requestId = crypto.randomUUID()
    const back = await redirectOf(() => replayFromConsole({ requestId, type: 'customer.subscription.created' }))
    const record = await db.auditRecord.findUniqueOrThrow({ where: { requestId } })
    expect(back).toBe(`/admin/audit?replayed=${record.id}`)
    const page = renderPage(await AuditPage({ searchParams: Promise.resolve({ replayed: record.id }) }))
    expect(page).toContain('Replayed: 2 events sent to Inngest again, now queued.')
    expect(record.targetCount).toBe(2)
    expect(JSON.parse(record.targetIds)).toEqual(expect.arrayContaining([first.id, second.id]))

    await pipeline.runQueued()
    expect(await db.stripeEvent.count({ where: { type: 'customer.subscription.created', status: 'failed' } })).toBe(0)
    for (const event of [first, second]) expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: 'processed' })
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ status: 'failed' })
  })
})

describe('bad input from an operator', () => {
  it.each([
    ['no selection', { requestId: crypto.randomUUID() }],
    ['both a selection and a type', { requestId: crypto.randomUUID(), ids: 'evt_1', type: 'invoice.paid' }],
    ['an id that is not an event id', { requestId: crypto.randomUUID(), ids: 'cus_123' }],
    ['more than 100 events', { requestId: crypto.randomUUID(), ids: Array.from({ length: 101 }, (_, i) => `evt_${i}`).join(',') }],
  ])('%s is refused in words, with nothing sent or recorded', async (_name, input) => {
    await asOperator()
    const before = { sent: inngest.requests.length, records: await db.auditRecord.count() }
    expect(await replayFromConsole(input)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'That request was not valid.' } })
    expect({ sent: inngest.requests.length, records: await db.auditRecord.count() }).toEqual(before)
  })
})
