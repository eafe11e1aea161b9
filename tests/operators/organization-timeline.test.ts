import { renderToStaticMarkup } from 'react-dom/server'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { insertLedgerRows, minutesAgo } from './ledger-rows'

vi.mock('next/headers', () => nextHeadersMock())
process.env.ADMIN_EMAILS = 'ops@example.com'

const { db } = await import('@/lib/db')
const { organizationTimeline, TIMELINE_PAGE_SIZE } = await import('@/lib/operators/organization-timeline')
const { pruneLedgerBatch } = await import('@/lib/webhooks/retention')
const { default: OrganizationPage } = await import('@/app/admin/organizations/[id]/page')

const t0 = Date.now() - 3 * 3_600_000
const at = (minutes: number) => new Date(t0 + minutes * 60_000)
const subscription = (status: string, extra: Record<string, unknown> = {}) => ({ id: 'sub_acme', object: 'subscription', customer: 'cus_acme', status, cancel_at_period_end: false, cancel_at: null, items: { object: 'list', data: [{ id: 'si_1', quantity: 3 }] }, ...extra })

let organizationId = ''

beforeAll(async () => {
  organizationId = (await db.organization.create({ data: { name: 'Acme Rockets', stripeCustomerId: 'cus_acme' } })).id
  await insertLedgerRows(db, [
    { id: 'evt_checkout', type: 'checkout.session.completed', customerId: 'cus_acme', receivedAt: at(0), object: { id: 'cs_1', object: 'checkout.session', customer: 'cus_acme', status: 'complete', subscription: 'sub_acme' } },
    { id: 'evt_created', type: 'customer.subscription.created', customerId: 'cus_acme', receivedAt: at(1), object: subscription('trialing') },
    { id: 'evt_invoice', type: 'invoice.paid', customerId: 'cus_acme', receivedAt: at(2), object: { id: 'in_1', object: 'invoice', customer: 'cus_acme', status: 'paid', parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_acme' } } } },
    { id: 'evt_updated', type: 'customer.subscription.updated', customerId: 'cus_acme', status: 'failed', receivedAt: at(30), object: subscription('past_due', { cancel_at_period_end: true }) },
    { id: 'evt_other_customer', type: 'customer.subscription.updated', customerId: 'cus_globex', receivedAt: at(31), object: { id: 'sub_globex', object: 'subscription', customer: 'cus_globex', status: 'active' } },
    { id: 'evt_old_pruned', type: 'customer.subscription.updated', customerId: 'cus_acme', receivedAt: new Date(t0 - 200 * 86_400_000) },
  ])
  await pruneLedgerBatch(new Date(t0 - 100 * 86_400_000))
  await db.billingDrift.createMany({
    data: [
      { subscriptionId: 'sub_acme', customerId: 'cus_acme', organizationId, field: 'status', was: 'trialing', now: 'past_due', repaired: true, source: 'events', foundAt: at(20) },
      { subscriptionId: 'sub_globex', customerId: 'cus_globex', organizationId: null, field: 'status', was: 'active', now: 'canceled', repaired: true, source: 'sweep', foundAt: at(21) },
    ],
  })
})

describe('an organization’s timeline', () => {
  it('interleaves its events, with the subscription state each carried, and the drift found for it, oldest first', async () => {
    const timeline = await organizationTimeline(organizationId)

    expect(timeline?.entries.map((e) => (e.kind === 'event' ? e.id : `drift:${e.field}`))).toEqual(['evt_old_pruned', 'evt_checkout', 'evt_created', 'evt_invoice', 'drift:status', 'evt_updated'])
    const [pruned, checkout, created, invoice, drift, updated] = timeline!.entries
    expect(pruned).toMatchObject({ kind: 'event', payloadPruned: true, carried: null })
    expect(checkout).toMatchObject({ carried: { kind: 'checkout', sessionId: 'cs_1', status: 'complete', subscriptionId: 'sub_acme' } })
    expect(created).toMatchObject({ ledgerStatus: 'processed', carried: { kind: 'subscription', subscriptionId: 'sub_acme', status: 'trialing', quantity: 3, cancelAtPeriodEnd: false } })
    expect(invoice).toMatchObject({ carried: { kind: 'invoice', invoiceId: 'in_1', status: 'paid', subscriptionId: 'sub_acme' } })
    expect(drift).toMatchObject({ kind: 'drift', was: 'trialing', now: 'past_due', repaired: true, source: 'events' })
    expect(updated).toMatchObject({ ledgerStatus: 'failed', carried: { status: 'past_due', cancelAtPeriodEnd: true } })
    expect(timeline?.hasOlder).toBe(false)
  })

  it('shows the newest page first and pages back to older entries', async () => {
    const org = await db.organization.create({ data: { name: 'Busy Co', stripeCustomerId: 'cus_busy' } })
    const count = TIMELINE_PAGE_SIZE + 7
    await insertLedgerRows(db, Array.from({ length: count }, (_, i) => ({ id: `evt_busy_${String(i).padStart(3, '0')}`, customerId: 'cus_busy', receivedAt: minutesAgo(count - i) })))

    const newest = await organizationTimeline(org.id, 1)
    const older = await organizationTimeline(org.id, 2)

    expect(newest?.entries).toHaveLength(TIMELINE_PAGE_SIZE)
    expect(newest?.entries.at(-1)).toMatchObject({ id: `evt_busy_${String(count - 1).padStart(3, '0')}` })
    expect(newest?.hasOlder).toBe(true)
    expect(older?.entries.map((e) => e.id)).toEqual(Array.from({ length: 7 }, (_, i) => `evt_busy_${String(i).padStart(3, '0')}`))
    expect(older?.hasOlder).toBe(false)
  })

  it('renders each event linking to its ledger page, and says which payload was pruned', async () => {
    await signInAs(db, 'ops@example.com')

    const page = renderToStaticMarkup(await OrganizationPage({ params: Promise.resolve({ id: organizationId }), searchParams: Promise.resolve({}) }))

    for (const id of ['evt_checkout', 'evt_created', 'evt_invoice', 'evt_updated', 'evt_old_pruned']) expect(page).toContain(`href="/admin/events/${id}"`)
    expect(page).not.toContain('evt_other_customer')
    expect(page).not.toContain('sub_globex')
    expect(page).toContain('sub_acme trialing · 3 seats')
    expect(page).toContain('sub_acme past_due · 3 seats · cancels at period end')
    expect(page).toContain('status: database had trialing, Stripe had past_due')
    expect(page).toContain('Payload pruned by the ledger’s retention')
    expect(page.indexOf('evt_created')).toBeLessThan(page.indexOf('evt_updated'))
  })
})
