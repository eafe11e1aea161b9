// What the plan-change preview shows, rendered as the page renders it, against the invoices Stripe then makes: the
// one charged on confirming and the next one, to the cent (to the yen), for an upgrade, a downgrade, an interval
// switch, a per-seat plan with several members, a change in a trial, a change after the portal left pending
// prorations, and a currency with zero decimals. The app's real code throughout: the preview and confirm actions,
// the seat sync, the portal session, and the webhook → Inngest path that records the invoice /billing lists.
import type Stripe from 'stripe'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf } from '../support/billing-fixture'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'

vi.mock('next/headers', () => nextHeadersMock())

const fixture = await startSubscriberFixture()
const { double, db, stripe, settle } = fixture
const { checkout, confirmPlanChange, manageBilling, previewPlanChange } = fixture.billing
const { PlanChangePreview } = await import('@/components/billing/plan-change/plan-change-preview')
const { formatAmount } = await import('@/lib/billing/format')
const { formatDate } = await import('@/lib/format-date')
const { syncSeatQuantity } = await import('@/lib/billing/seat-quantity')
type PreviewView = import('@/lib/billing/plan-changes/preview').PlanChangePreviewView

beforeAll(fixture.start)

/** Runs `run` while the catalog's plans declare no meters (a checkout then sells the plan's price alone). */
async function withoutMeters<T>(run: () => Promise<T>): Promise<T> {
  const { PLANS } = await import('@/lib/billing/catalog')
  const saved = PLANS.map((plan) => plan.meters)
  PLANS.forEach((plan) => Object.assign(plan, { meters: undefined }))
  try {
    return await run()
  } finally {
    PLANS.forEach((plan, i) => Object.assign(plan, { meters: saved[i] }))
  }
}
afterAll(fixture.close)

/** An owner whose organization (with `members` people in it) subscribes through Checkout; the trial ends at once unless `trial`. */
async function subscriber(email: string, lookupKey: string, { trial = false, members = 1 } = {}) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  for (let n = 1; n < members; n++) await addMember(organization.id, `${n}-${email}`)
  const sessionId = (await redirectOf(() => checkout({ lookupKey }))).split('/').pop()!
  await double.completeCheckout(sessionId)
  const subscriptionId = String(double.checkoutSessions.get(sessionId)!.subscription)
  if (!trial) await stripe.subscriptions.update(subscriptionId, { trial_end: 'now' })
  await settle()
  return { organization, subscription: double.subscriptions.get(subscriptionId)! }
}

async function addMember(organizationId: string, email: string) {
  const member = await db.user.create({ data: { email } })
  await db.membership.create({ data: { organizationId, userId: member.id, role: 'member' } })
}

async function preview(lookupKey: string): Promise<PreviewView> {
  const result = await previewPlanChange({ lookupKey })
  if (!result.ok) throw new Error(`preview refused: ${result.error.message}`)
  return result.data
}

async function confirm(shown: PreviewView) {
  expect(await confirmPlanChange({ token: shown.token })).toMatchObject({ ok: true })
  await settle()
}

/** The preview as the page shows it: its rows, term → value, from the rendered component. */
function pageRows(shown: PreviewView): Record<string, string> {
  const html = renderToStaticMarkup(createElement(PlanChangePreview, { preview: shown }))
  return Object.fromEntries([...html.matchAll(/<dt[^>]*>([^<]*)<\/dt><dd[^>]*>([^<]*)<\/dd>/g)].map(([, term = '', value = '']) => [term, value]))
}

const invoicesOf = (subscriptionId: string) => [...double.invoices.values()].filter((invoice) => invoice.parent?.subscription_details?.subscription === subscriptionId)
const newest = (subscriptionId: string) => invoicesOf(subscriptionId).at(-1)!
const sumOf = (invoice: Stripe.Invoice, sign: 1 | -1) => sign * invoice.lines.data.filter((line) => sign * line.amount > 0).reduce((sum, line) => sum + line.amount, 0)
const money = (amount: number, invoice: Stripe.Invoice) => formatAmount(amount, invoice.currency)
/** "$49 on January 1, 2027": the next invoice as the page words it, read from the invoice Stripe made. */
const nextInvoiceWords = (invoice: Stripe.Invoice) => `${money(invoice.amount_due, invoice)} on ${formatDate(new Date(invoice.lines.data[0]!.period.start * 1000))}`

/** The invoice charged on confirming agrees with every row of "due today", and /billing's row records the same. */
async function expectChargedAsShown(rows: Record<string, string>, charged: Stripe.Invoice, chargeTerm: string) {
  expect(charged).toMatchObject({ billing_reason: 'subscription_update', status: 'paid' })
  expect(rows['Due today']).toBe(money(charged.amount_due, charged))
  expect(rows[chargeTerm]).toBe(money(sumOf(charged, 1), charged))
  expect(rows['Credit for unused time']).toBe(`−${money(sumOf(charged, -1), charged)}`)
  expect(await db.invoice.findUniqueOrThrow({ where: { id: charged.id } })).toMatchObject({ amountPaid: charged.amount_due, status: 'paid' })
}

describe('the upgrade page and the invoices agree to the cent', () => {
  it('an upgrade: due today, its charge and credit, then the renewal at the new price', async () => {
    const { subscription } = await subscriber('cents-upgrade@example.com', 'pro_monthly')
    const shown = await preview('team_monthly')
    const rows = pageRows(shown)
    await confirm(shown)
    await expectChargedAsShown(rows, newest(subscription.id), 'Team (monthly) from today')
    await double.payRenewal(subscription.id)
    expect(rows['Next invoice']).toBe(nextInvoiceWords(newest(subscription.id)))
  })

  it('a downgrade: nothing today, and the renewal at the period’s end is the next invoice the page showed', async () => {
    const { subscription } = await subscriber('cents-downgrade@example.com', 'team_monthly')
    const shown = await preview('pro_monthly')
    const rows = pageRows(shown)
    const before = invoicesOf(subscription.id).length
    await confirm(shown)
    expect(invoicesOf(subscription.id)).toHaveLength(before)
    await double.endPeriod(subscription.id)
    const renewal = newest(subscription.id)
    expect(renewal.billing_reason).toBe('subscription_cycle')
    expect(rows).toEqual({
      'Due today': money(0, renewal),
      'Changes on': formatDate(new Date(renewal.lines.data[0]!.period.start * 1000)),
      'Next invoice': nextInvoiceWords(renewal),
      'Pro (monthly)': `${money(renewal.amount_due, renewal)} / month — 1 seat`,
    })
  })

  it('monthly → yearly: the year less the unused month today, and the next year’s invoice a year later', async () => {
    const { subscription } = await subscriber('cents-interval@example.com', 'pro_monthly')
    const shown = await preview('pro_yearly')
    const rows = pageRows(shown)
    await confirm(shown)
    await expectChargedAsShown(rows, newest(subscription.id), 'Pro (yearly) from today')
    await double.payRenewal(subscription.id)
    expect(rows['Next invoice']).toBe(nextInvoiceWords(newest(subscription.id)))
  })

  it('a per-seat plan with three members, after a seat added mid-period: every seat in every amount', async () => {
    const { organization, subscription } = await subscriber('cents-seats@example.com', 'pro_monthly', { members: 2 })
    await addMember(organization.id, 'third-seat@example.com')
    expect(await syncSeatQuantity(stripe, organization.id)).toMatchObject({ status: 'updated', from: 2, to: 3 })
    await settle()
    const shown = await preview('team_monthly')
    const rows = pageRows(shown)
    await confirm(shown)
    const charged = newest(subscription.id)
    expect(charged.lines.data.map((line) => line.quantity)).toEqual([3, 3])
    await expectChargedAsShown(rows, charged, 'Team (monthly) from today')
    await double.payRenewal(subscription.id)
    expect(newest(subscription.id).amount_due).toBe(3 * 4900)
    expect(rows['Next invoice']).toBe(nextInvoiceWords(newest(subscription.id)))
    // What the team pays each month is every seat's price, not one seat's.
    expect(rows['Team (monthly)']).toBe(`${money(newest(subscription.id).amount_due, charged)} / month — 3 seats × $49`)
  })

  it('in a trial: nothing today, and what the trial’s end charges is the next invoice the page showed', async () => {
    const { subscription } = await subscriber('cents-trial@example.com', 'pro_monthly', { trial: true })
    const shown = await preview('team_yearly')
    const rows = pageRows(shown)
    expect(shown).toMatchObject({ timing: 'now', invoicedNow: false, amountDue: 0 })
    const before = invoicesOf(subscription.id).length
    await confirm(shown)
    expect(invoicesOf(subscription.id)).toHaveLength(before)
    await double.endTrial(subscription.id)
    const first = newest(subscription.id)
    expect(first.amount_due).toBe(49000)
    expect(rows).toEqual({ 'Due today': money(0, first), 'Next invoice': nextInvoiceWords(first), 'Team (yearly)': `${money(first.amount_due, first)} / year — 1 seat` })
  })

  it('after the portal left pending prorations: today’s charge leaves them, and the next invoice the page showed bills them', async () => {
    // The portal updates only a subscription with one item (sandbox/stripe/flows/portal-changes.ts, Stripe's portal
    // limitations): this subscriber checks out while Team sells no metered price.
    const { subscription } = await withoutMeters(() => subscriber('cents-portal@example.com', 'team_monthly'))
    const proMonthly = (await stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data[0]!
    const portal = await redirectOf(() => manageBilling({}))
    const switched = await fetch(`${portal}/subscriptions/${subscription.id}/switch`, { method: 'POST', body: new URLSearchParams({ price: proMonthly.id }), redirect: 'manual' })
    expect(switched.status).toBe(303)
    const pending = (await stripe.invoiceItems.list({ customer: String(subscription.customer), pending: true })).data
    expect(pending).toHaveLength(2) // create_prorations (decision 0008): Team's unused time credited, Pro's charged
    await settle()

    const shown = await preview('team_monthly')
    const rows = pageRows(shown)
    await confirm(shown)
    await expectChargedAsShown(rows, newest(subscription.id), 'Team (monthly) from today')
    await double.payRenewal(subscription.id)
    const renewal = newest(subscription.id)
    expect(renewal.lines.data.filter((line) => pending.some((item) => item.id === line.parent?.subscription_item_details?.invoice_item))).toHaveLength(2)
    expect(rows['Next invoice']).toBe(nextInvoiceWords(renewal))
  })
})

describe('a currency with zero decimals', () => {
  it('an upgrade priced in yen shows and charges whole yen, as Stripe computes them', async () => {
    // The catalog's lookup keys moved to yen prices, as an account selling in Japan would have them.
    const yen: [string, string, number, Stripe.Price.Recurring.Interval][] = [
      ['pro_monthly', 'tollgate_pro', 2000, 'month'],
      ['team_monthly', 'tollgate_team', 5000, 'month'],
    ]
    for (const [lookupKey, product, amount, interval] of yen) {
      await stripe.prices.create({ product, currency: 'jpy', unit_amount: amount, recurring: { interval }, lookup_key: lookupKey, transfer_lookup_key: true })
    }
    // Their metered API calls too: a subscription holds one currency (¥1 a call here).
    const [meter] = (await stripe.billing.meters.list({ status: 'active' })).data
    for (const [lookupKey, product] of [['pro_api_calls_monthly', 'tollgate_pro'], ['team_api_calls_monthly', 'tollgate_team']] as const) {
      await stripe.prices.create({ product, currency: 'jpy', unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered', meter: meter!.id }, lookup_key: lookupKey, transfer_lookup_key: true })
    }
    await settle()
    const { subscription } = await subscriber('cents-yen@example.com', 'pro_monthly', { members: 2 })
    expect(subscription.currency).toBe('jpy')
    const shown = await preview('team_monthly')
    const rows = pageRows(shown)
    expect(rows['Due today']).toMatch(/^¥[\d,]+$/)
    await confirm(shown)
    await expectChargedAsShown(rows, newest(subscription.id), 'Team (monthly) from today')
    await double.payRenewal(subscription.id)
    expect(newest(subscription.id).amount_due).toBe(2 * 5000)
    expect(rows['Next invoice']).toBe(nextInvoiceWords(newest(subscription.id)))
  })
})
