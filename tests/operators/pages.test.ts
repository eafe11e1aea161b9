import { renderToStaticMarkup } from 'react-dom/server'
import type { ReactElement } from 'react'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextHeadersMock, signInAs, signOutOfRequest } from '../support/request-context'
import { daysAgo, insertLedgerRows, minutesAgo } from './ledger-rows'

vi.mock('next/headers', () => nextHeadersMock())
process.env.ADMIN_EMAILS = 'ops@example.com'

const { db } = await import('@/lib/db')
const { default: HealthPage } = await import('@/app/admin/page')
const { default: OrganizationsPage } = await import('@/app/admin/organizations/page')
const { default: OrganizationPage } = await import('@/app/admin/organizations/[id]/page')

let organizationId = ''

const NOT_FOUND = { digest: 'NEXT_HTTP_ERROR_FALLBACK;404' }
const html = async (render: () => Promise<ReactElement>) => renderToStaticMarkup(await render())

beforeAll(async () => {
  organizationId = (await db.organization.create({ data: { name: 'Acme Rockets', stripeCustomerId: 'cus_acme' } })).id
})
beforeEach(() => signOutOfRequest())

describe('who may open the health and organization pages', () => {
  // Visitors and non-operators on every admin page: tests/operators/admin-access.test.ts, over tests/operators/admin-paths.ts.
  it('an operator asking for an organization that does not exist gets 404', async () => {
    await signInAs(db, 'ops@example.com')
    await expect(OrganizationPage({ params: Promise.resolve({ id: 'org_missing' }), searchParams: Promise.resolve({}) })).rejects.toMatchObject(NOT_FOUND)
  })
})

describe('the health page', () => {
  it('shows failed events by type, each linking to the filtered ledger, and the oldest unprocessed event', async () => {
    await db.stripeEvent.deleteMany()
    await insertLedgerRows(db, [
      { id: 'evt_health_failed', type: 'invoice.paid', status: 'failed', receivedAt: daysAgo(1), lastError: 'Error: the database was locked' },
      { id: 'evt_health_stuck', type: 'customer.subscription.updated', status: 'received', receivedAt: minutesAgo(120) },
    ])
    await signInAs(db, 'ops@example.com')

    const page = await html(() => HealthPage())

    expect(page).toContain('href="/admin/events?status=failed&amp;type=invoice.paid"')
    expect(page).toContain('Error: the database was locked')
    expect(page).toContain('href="/admin/events/evt_health_failed"')
    expect(page).toContain('href="/admin/events/evt_health_stuck"')
    expect(page).toContain('href="/admin/events?status=received"')
    expect(page).toMatch(/Stuck events<\/h2><p[^>]*>1 event/)
  })

  it('counts events in another Stripe API version, names the versions and says how to align the endpoint', async () => {
    await db.stripeEvent.deleteMany()
    await insertLedgerRows(db, [
      { id: 'evt_version_old', type: 'invoice.paid', apiVersion: '2025-03-31.basil', receivedAt: minutesAgo(30) },
      { id: 'evt_version_pinned', receivedAt: minutesAgo(20) },
    ])
    await signInAs(db, 'ops@example.com')

    const page = await html(() => HealthPage())

    expect(page).toMatch(/Events in another Stripe API version, last 24 hours<\/h2><p[^>]*>1 event/)
    expect(page).toContain('2025-03-31.basil')
    expect(page).toContain('href="/admin/events/evt_version_old"')
    expect(page).toContain('href="/admin/events?version=other"')
    expect(page).toContain('npm run stripe:events')
  })
})

describe('finding an organization', () => {
  it('by part of its name (case aside, on both databases), its id or its Stripe customer id; others are not listed', async () => {
    await db.organization.create({ data: { name: 'Globex' } })
    await signInAs(db, 'ops@example.com')
    const search = (q: string) => html(() => OrganizationsPage({ searchParams: Promise.resolve({ q }) }))

    for (const q of ['Rockets', 'rockets', 'ROCKETS', organizationId, 'cus_acme']) {
      const page = await search(q)
      expect(page).toContain(`href="/admin/organizations/${organizationId}"`)
      expect(page).not.toContain('Globex')
    }
    expect(await search('Initech')).toContain('No organization matches “Initech”.')
  })

  it('shows the status of the subscription the organization is on, not an older canceled one synced at the same moment', async () => {
    const org = await db.organization.create({ data: { name: 'Resubscribed Ltd', stripeCustomerId: 'cus_resubscribed' } })
    // One customer sync writes every subscription with the same stripeStateAt (lib/billing/sync-customer.ts).
    const syncedAt = new Date()
    const row = { organizationId: org.id, customerId: 'cus_resubscribed', priceId: 'price_pro', priceLookupKey: 'pro_monthly', stripeStateAt: syncedAt }
    await db.subscription.create({ data: { ...row, id: 'sub_resubscribed_old', status: 'canceled', createdAt: new Date(Date.now() - 90 * 86_400_000) } })
    await db.subscription.create({ data: { ...row, id: 'sub_resubscribed_now', status: 'active', createdAt: new Date(Date.now() - 86_400_000) } })
    await signInAs(db, 'ops@example.com')

    const page = await html(() => OrganizationsPage({ searchParams: Promise.resolve({ q: 'Resubscribed' }) }))

    expect(page).toContain('Pro · active')
    expect(page).not.toContain('canceled')
  })

  it('shows the newest subscription’s status when every one has ended', async () => {
    const org = await db.organization.create({ data: { name: 'Lapsed Ltd', stripeCustomerId: 'cus_lapsed' } })
    const row = { organizationId: org.id, customerId: 'cus_lapsed', priceId: 'price_team', priceLookupKey: 'team_monthly', stripeStateAt: new Date() }
    await db.subscription.create({ data: { ...row, id: 'sub_lapsed_new', status: 'incomplete_expired', createdAt: new Date(Date.now() - 86_400_000) } })
    await db.subscription.create({ data: { ...row, id: 'sub_lapsed_old', status: 'canceled', createdAt: new Date(Date.now() - 90 * 86_400_000) } })
    await signInAs(db, 'ops@example.com')

    expect(await html(() => OrganizationsPage({ searchParams: Promise.resolve({ q: 'Lapsed' }) }))).toContain('Team · incomplete_expired')
  })

  it('lists 20 a page, with a link to the next', async () => {
    await db.organization.createMany({ data: Array.from({ length: 25 }, (_, i) => ({ name: `Bulk ${i}` })) })
    await signInAs(db, 'ops@example.com')

    const first = await html(() => OrganizationsPage({ searchParams: Promise.resolve({ q: 'Bulk' }) }))
    const second = await html(() => OrganizationsPage({ searchParams: Promise.resolve({ q: 'Bulk', page: '2' }) }))

    expect(first.match(/href="\/admin\/organizations\/c/g)).toHaveLength(20)
    expect(first).toContain('href="/admin/organizations?q=Bulk&amp;page=2"')
    expect(second.match(/href="\/admin\/organizations\/c/g)).toHaveLength(5)
  })
})
