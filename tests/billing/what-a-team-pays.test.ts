// What the billing pages say a team pays and holds, read from the pages as rendered, after real subscriptions
// through the Stripe double and the webhook pipeline: the whole charge for every seat (never one seat's price),
// the seat limit of the plan being paid for, who may act on billing, and a trial's start without a word of payment.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf } from '../support/billing-fixture'
import { personalOrganizationOf } from '../support/organizations'
import { renderPage, renderPageFully } from '../support/render-page'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'

vi.mock('next/headers', () => nextHeadersMock())
// Next's data cache exists only inside a Next server; here the pricing page reads the catalog each time.
vi.mock('next/cache', async (importOriginal) => ({ ...(await importOriginal<typeof import('next/cache')>()), unstable_cache: <T>(load: T) => load }))

const fixture = await startSubscriberFixture()
const { double, db, stripe, billing, settle } = fixture
const { syncSeatQuantity } = await import('@/lib/billing/seat-quantity')
const { default: BillingPage } = await import('@/app/billing/page')
const { default: DashboardPage } = await import('@/app/dashboard/page')
const { default: PricingPage } = await import('@/app/pricing/page')
const { default: CheckoutSuccessPage } = await import('@/app/billing/success/page')

beforeAll(fixture.start)
afterAll(fixture.close)

/** The page's text as a person reads it: tags dropped, entities decoded, spaces collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, '’')
    .replace(/\s+/g, ' ')
    .trim()
const read = async (page: Promise<React.ReactElement>) => textOf(await renderPageFully(await page))

/** The value beside `term` in /billing's summary. */
const summaryValue = (html: string, term: string) => textOf(new RegExp(`<dt[^>]*>${term}</dt><dd[^>]*>(.*?)</dd>`).exec(html)?.[1] ?? '')

async function addMember(organizationId: string, email: string, role = 'member') {
  const member = await db.user.create({ data: { email } })
  await db.membership.create({ data: { organizationId, userId: member.id, role } })
  await db.organization.update({ where: { id: organizationId }, data: { seatsTaken: { increment: 1 } } })
  return member
}

describe('a team of two on Team, monthly', () => {
  let organizationId = ''

  beforeAll(async () => {
    const owner = await signInAs(db, 'two-seats@example.com')
    organizationId = (await personalOrganizationOf(db, owner)).id
    await addMember(organizationId, 'second-seat@example.com')
    const sessionId = (await redirectOf(() => billing.checkout({ lookupKey: 'team_monthly' }))).split('/').pop()!
    await double.completeCheckout(sessionId)
    await settle()
    await signInAs(db, 'two-seats@example.com')
  })

  it('/billing says what the team pays: both seats, and what one seat costs', async () => {
    const html = renderPage(await BillingPage())
    expect(summaryValue(html, 'Price')).toBe('$98 / month — 2 seats × $49')
    expect(summaryValue(html, 'Seats')).toBe('2 used · 2 paid for · Team allows 20')
    expect(summaryValue(html, 'Trial ends')).toMatch(/Then \$98 \/ month — 2 seats × \$49\.$/)
  })

  it('the dashboard says the same, and counts both members as paid seats', async () => {
    const text = await read(DashboardPage())
    expect(text).toContain('After the trial: $98 / month — 2 seats × $49')
    expect(text).toContain('2 of 20 2 members; each member is a paid seat.')
    expect(text).not.toContain('members come with organizations')
  })

  it('the pricing page names the price per seat, and what this team would pay', async () => {
    const text = await read(PricingPage({ searchParams: Promise.resolve({}) }))
    expect(text).toContain('$49 per seat / month')
    expect(text).toContain('For two-seats@example.com: $98 / month — 2 seats × $49')
    expect(text).toContain('For two-seats@example.com: $38 / month — 2 seats × $19')
  })

  it('a seat added shows as used at once, and as paid for once Stripe’s quantity follows', async () => {
    await addMember(organizationId, 'third-seat@example.com')
    const before = renderPage(await BillingPage())
    expect(summaryValue(before, 'Seats')).toBe('3 used · 2 paid for · Team allows 20 Stripe’s count follows the members within a few minutes.')
    expect(summaryValue(before, 'Price')).toBe('$98 / month — 2 seats × $49')
    await syncSeatQuantity(stripe, organizationId)
    await settle()
    expect(summaryValue(renderPage(await BillingPage()), 'Price')).toBe('$147 / month — 3 seats × $49')
  })
})

describe('a plain member', () => {
  it('is offered no billing page and no plan to choose: the dashboard and pricing say who can', async () => {
    const owner = await signInAs(db, 'team-owner@example.com')
    const organizationId = (await personalOrganizationOf(db, owner)).id
    await db.organization.update({ where: { id: organizationId }, data: { name: 'Acme Rockets' } })
    const member = await addMember(organizationId, 'plain-member@example.com')
    await signInAs(db, 'plain-member@example.com')
    await db.user.update({ where: { id: member.id }, data: { activeOrganizationId: organizationId } })

    const dashboard = renderPage(await DashboardPage())
    expect(textOf(dashboard)).toContain('Only owners and admins of Acme Rockets manage its plan and payments.')
    expect(dashboard).not.toContain('href="/billing"')
    expect(textOf(dashboard)).toContain('Ask an owner or admin of Acme Rockets to upgrade.')
    const pricing = await read(PricingPage({ searchParams: Promise.resolve({}) }))
    expect(pricing).toContain('Only owners and admins of Acme Rockets can choose its plan.')
    expect(pricing).not.toContain('Choose Pro')
  })
})

describe('a first payment by bank debit, still clearing', () => {
  it('shows the seats of the plan being paid for, not the Free plan’s one', async () => {
    const owner = await signInAs(db, 'bank-debit@example.com')
    const organization = await personalOrganizationOf(db, owner)
    // A returning customer (an earlier subscription, ended): no trial, so the debit is the first payment.
    await db.subscription.create({
      data: { id: 'sub_bank_debit_before', organizationId: organization.id, customerId: 'cus_bank_debit_before', status: 'canceled', priceId: 'price_old', priceLookupKey: 'pro_monthly', stripeStateAt: new Date() },
    })
    const sessionId = (await redirectOf(() => billing.checkout({ lookupKey: 'pro_monthly' }))).split('/').pop()!
    await double.completeCheckout(sessionId, { payment: 'delayed' })
    await settle()

    const html = renderPage(await BillingPage())
    expect(summaryValue(html, 'Status')).toBe('Payment processing')
    expect(summaryValue(html, 'Seats')).toBe('1 used · 1 paid for · Pro allows 3')
    expect(summaryValue(html, 'Price')).toBe('$19 / month — 1 seat')
    // No plan change while the first payment clears: it has paid for no time there would be credit for.
    expect(html).not.toContain('Switch to Team (monthly)')
    expect(await billing.previewPlanChange({ lookupKey: 'team_monthly' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Your first payment is still clearing.') } })
    // The way to the plan's reports is the payment clearing, not buying another plan.
    const dashboard = await read(DashboardPage())
    expect(dashboard).toContain('Revenue reports come with Pro, which is off until its payment goes through.')
    expect(dashboard).not.toContain('Upgrade to unlock')
  })
})

describe('a trial’s start', () => {
  it('says nothing was charged and when the first payment is due, and promises no receipt', async () => {
    const owner = await signInAs(db, 'trial-start@example.com')
    await personalOrganizationOf(db, owner)
    const sessionId = (await redirectOf(() => billing.checkout({ lookupKey: 'pro_monthly' }))).split('/').pop()!
    await double.completeCheckout(sessionId)
    await settle()
    const trialEnd = new Date(double.subscriptions.get(String(double.checkoutSessions.get(sessionId)!.subscription))!.trial_end! * 1000)

    const text = await read(CheckoutSuccessPage({ searchParams: Promise.resolve({ session_id: sessionId }) }))
    const due = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(trialEnd)
    expect(text).toContain(`Your free trial has started, and nothing was charged today. The first payment is due on ${due}: $19 / month — 1 seat.`)
    expect(text).not.toMatch(/receipt/i)
  })
})
