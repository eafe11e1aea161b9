// The double's money on a plan change, through the real SDK: pending invoice items under create_prorations and the
// renewal that bills them, credits in flexible billing mode from what was billed, proration_date that prices the
// lines without moving the billing anchor, previews (billing_reason `upcoming`) that match what the change invoices
// to the cent, and trial_end=now.
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble } from '@/sandbox/stripe'
import { FINALIZED_AND_PAID } from './support/invoice-events'
import { subscribeThroughCheckout } from './support/sandbox-checkout'

const double = await startStripeDouble({ autoDeliver: false })
const stripe = double.client()
const DAY = 86_400
let pro: Stripe.Price
let team: Stripe.Price
let proYearly: Stripe.Price

beforeAll(async () => {
  await stripe.products.create({ id: 'prod_pro', name: 'Pro' })
  await stripe.products.create({ id: 'prod_team', name: 'Team' })
  pro = await stripe.prices.create({ product: 'prod_pro', currency: 'usd', unit_amount: 1900, recurring: { interval: 'month' } })
  team = await stripe.prices.create({ product: 'prod_team', currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' } })
  proYearly = await stripe.prices.create({ product: 'prod_pro', currency: 'usd', unit_amount: 19000, recurring: { interval: 'year' } })
})
afterAll(() => double.close())

/** A subscription through Checkout whose first period starts now (or a trial of `trialDays`). */
async function subscribe(email: string, { trialDays }: { trialDays?: number } = {}) {
  const { customer, subscription, item } = await subscribeThroughCheckout(double, pro, { email, trialDays })
  return { customer, subscription, item, start: item.current_period_start, end: item.current_period_end }
}

/** Stripe's proration: the amount for the share of the period left after `at`, rounded to the smallest unit. */
const share = (amount: number, at: number, start: number, end: number) => Math.round((amount * (end - at)) / (end - start))
const typesSince = (start: number) => double.events.slice(start).map((event) => event.type)
const amounts = (invoice: Stripe.Invoice) => invoice.lines.data.map((line) => line.amount)
const prorationFlags = (invoice: Stripe.Invoice) => invoice.lines.data.map((line) => line.parent?.subscription_item_details?.proration)

describe('create_prorations', () => {
  it('leaves pending invoice items, which the preview shows as the next invoice and the renewal bills to the cent', async () => {
    const { customer, subscription, item, start, end } = await subscribe('pending@example.com')
    const at = start + Math.floor((end - start) / 2)
    const change = { items: [{ id: item.id, price: team.id }], proration_behavior: 'create_prorations' as const, proration_date: at }
    const preview = await stripe.invoices.createPreview({ customer: customer.id, subscription: subscription.id, subscription_details: change })
    const credit = -share(1900, at, start, end)
    const charge = share(4900, at, start, end)
    expect(preview).toMatchObject({ billing_reason: 'upcoming', amount_due: 4900 + credit + charge, parent: { subscription_details: { subscription_proration_date: at } } })
    expect(amounts(preview)).toEqual([credit, charge, 4900])
    expect(prorationFlags(preview)).toEqual([true, true, false])

    const invoicesBefore = double.invoices.size
    const mark = double.events.length
    await stripe.subscriptions.update(subscription.id, change)
    expect(double.invoices.size).toBe(invoicesBefore) // nothing invoiced now
    expect(typesSince(mark)).toEqual(['customer.subscription.updated', 'invoiceitem.created', 'invoiceitem.created'])
    const pending = await stripe.invoiceItems.list({ customer: customer.id, pending: true })
    expect(pending.data.map((entry) => entry.amount).sort((a, b) => a - b)).toEqual([credit, charge])
    const firstInvoice = double.invoices.get(String(subscription.latest_invoice))!
    expect(pending.data.find((entry) => entry.amount < 0)).toMatchObject({
      object: 'invoiceitem',
      proration: true,
      invoice: null,
      period: { start: at, end },
      parent: { subscription_details: { subscription: subscription.id, subscription_item: item.id } },
      // The credit names the debit it credits: the first invoice's line, which billed the period.
      proration_details: { credited_items: { type: 'invoice_line_items', invoice_line_item_details: { invoice: firstInvoice.id, invoice_line_items: [firstInvoice.lines.data[0]!.id] } } },
    })

    await double.payRenewal(subscription.id)
    const renewal = [...double.invoices.values()].at(-1)!
    expect(renewal).toMatchObject({ billing_reason: 'subscription_cycle', amount_due: preview.amount_due, status: 'paid' })
    expect(amounts(renewal)).toEqual([4900, credit, charge])
    expect(renewal.lines.data.slice(1).map((line) => line.parent?.subscription_item_details?.invoice_item)).toEqual(pending.data.map((entry) => entry.id).reverse())
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([])
    expect((await stripe.invoiceItems.list({ invoice: renewal.id })).data).toHaveLength(2)
    await expect(stripe.invoiceItems.retrieve('ii_missing')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })
})

describe('flexible billing mode credits what was billed', () => {
  it('credits the original price after a change made without prorations, then only what the last change charged', async () => {
    const { subscription, item, start, end } = await subscribe('flexible@example.com')
    await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: team.id }], proration_behavior: 'none' })
    const at = start + 10 * DAY
    const first = await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity: 2 }], proration_behavior: 'always_invoice', proration_date: at })
    const seats = double.invoices.get(String(first.latest_invoice))!
    // The unused time is credited at Pro's 19.00 that was billed, not at Team's current 49.00.
    expect(amounts(seats)).toEqual([-share(1900, at, start, end), share(9800, at, start, end)])
    expect(seats.amount_due).toBe(share(9800, at, start, end) - share(1900, at, start, end))

    const later = start + 20 * DAY
    const preview = await stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: { items: [{ id: item.id, quantity: 1 }], proration_behavior: 'always_invoice', proration_date: later },
    })
    const second = await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity: 1 }], proration_behavior: 'always_invoice', proration_date: later })
    const back = double.invoices.get(String(second.latest_invoice))!
    // Only the two seats charged from `at` are left to credit, over their own period; the Pro line was credited already.
    const credit = share(seats.lines.data[1]!.amount, later, at, end)
    expect(amounts(back)).toEqual([-credit, share(4900, later, start, end)])
    expect(back.amount_due).toBe(preview.amount_due)
    expect(preview.billing_reason).toBe('upcoming')
    const creditItem = double.invoiceItems.get(String(back.lines.data[0]!.parent?.subscription_item_details?.invoice_item))!
    expect(creditItem.proration_details?.credited_items).toEqual({
      type: 'invoice_line_items',
      invoice_line_item_details: { invoice: seats.id, invoice_line_items: [seats.lines.data[1]!.id] },
    })
  })

  it('credits a debit still pending by naming its invoice item', async () => {
    const { customer, subscription, item, start } = await subscribe('pending-debit@example.com')
    await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: team.id }], proration_date: start + DAY })
    const debit = (await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data.find((entry) => entry.amount > 0)!
    await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: pro.id }], proration_date: start + 2 * DAY })
    const credits = (await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data.filter((entry) => entry.amount < 0)
    expect(credits.map((entry) => entry.proration_details?.credited_items?.type).sort()).toEqual(['invoice_item', 'invoice_line_items'])
    expect(credits.find((entry) => entry.proration_details?.credited_items?.type === 'invoice_item')?.proration_details?.credited_items?.invoice_item).toBe(debit.id)
  })
})

describe('proration_date', () => {
  it('prices an interval switch’s credit at that date while the new cycle starts when the update is made', async () => {
    const { subscription, item, start, end } = await subscribe('proration-date@example.com')
    double.advanceClockTo(start + 10 * DAY)
    const at = start + 5 * DAY
    const change = { items: [{ id: item.id, price: proYearly.id }], proration_behavior: 'always_invoice' as const, proration_date: at }
    const preview = await stripe.invoices.createPreview({ subscription: subscription.id, subscription_details: change })
    const updated = await stripe.subscriptions.update(subscription.id, change)
    const invoice = double.invoices.get(String(updated.latest_invoice))!
    expect(amounts(invoice)).toEqual([-share(1900, at, start, end), 19000])
    expect(invoice.amount_due).toBe(preview.amount_due)
    const now = start + 10 * DAY
    expect(updated.billing_cycle_anchor).toBeGreaterThanOrEqual(now)
    expect(updated.items.data[0]!.current_period_start).toBe(updated.billing_cycle_anchor)
    expect(invoice.lines.data[0]!.period.start).toBe(at)
  })

  it('is refused on a preview without items or with proration_behavior=none, as the pinned SDK documents', async () => {
    const { subscription, item, start } = await subscribe('preview-refusals@example.com')
    await expect(stripe.invoices.createPreview({ subscription: subscription.id, subscription_details: { proration_date: start } })).rejects.toMatchObject({
      param: 'subscription_details[proration_date]',
    })
    await expect(
      stripe.invoices.createPreview({ subscription: subscription.id, subscription_details: { items: [{ id: item.id, price: team.id }], proration_behavior: 'none', proration_date: start } }),
    ).rejects.toMatchObject({ param: 'subscription_details[proration_date]' })
  })
})

describe('previews', () => {
  it('say upcoming and equal what the change invoices for a quantity change, and the next invoice for none', async () => {
    const { subscription, item, start, end } = await subscribe('seats@example.com')
    const at = start + 3 * DAY
    const seats = { items: [{ id: item.id, quantity: 3 }], proration_behavior: 'always_invoice' as const, proration_date: at }
    const preview = await stripe.invoices.createPreview({ subscription: subscription.id, subscription_details: seats })
    expect(preview).toMatchObject({ billing_reason: 'upcoming', status: 'draft', number: null })
    expect(preview.id).toMatch(/^upcoming_in_/)
    const invoice = double.invoices.get(String((await stripe.subscriptions.update(subscription.id, seats)).latest_invoice))!
    expect(invoice).toMatchObject({ billing_reason: 'subscription_update', amount_due: preview.amount_due })
    expect(amounts(invoice)).toEqual([-share(1900, at, start, end), share(5700, at, start, end)])

    const none = await stripe.invoices.createPreview({ subscription: subscription.id, subscription_details: { items: [{ id: item.id, price: team.id }], proration_behavior: 'none' } })
    expect(none).toMatchObject({ billing_reason: 'upcoming', amount_due: 3 * 4900, period_start: end })
    expect(none.parent?.subscription_details?.subscription_proration_date).toBeUndefined()
  })

  it('in a trial show the invoice at the trial’s end at the new price, which is what the trial’s end charges', async () => {
    const { subscription, item, end } = await subscribe('trial-preview@example.com', { trialDays: 14 })
    const change = { items: [{ id: item.id, price: team.id, quantity: 2 }], proration_behavior: 'always_invoice' as const }
    const preview = await stripe.invoices.createPreview({ subscription: subscription.id, subscription_details: change })
    expect(preview).toMatchObject({ billing_reason: 'upcoming', amount_due: 9800, period_start: end })
    const invoices = double.invoices.size
    await stripe.subscriptions.update(subscription.id, change)
    expect(double.invoices.size).toBe(invoices)
    await double.endTrial(subscription.id)
    expect([...double.invoices.values()].at(-1)).toMatchObject({ billing_reason: 'subscription_cycle', amount_due: preview.amount_due })
  })
})

describe('trial_end=now', () => {
  it('ends the trial, charges the first period at the price sent with it, and sends trial_will_end at once', async () => {
    const { subscription, item } = await subscribe('trial-now@example.com', { trialDays: 14 })
    const mark = double.events.length
    const ended = await stripe.subscriptions.update(subscription.id, { trial_end: 'now', items: [{ id: item.id, price: team.id }] })
    expect(ended).toMatchObject({ status: 'active' })
    expect(typesSince(mark)).toEqual(['customer.subscription.updated', 'customer.subscription.trial_will_end', 'invoice.created', ...FINALIZED_AND_PAID])
    expect(double.invoices.get(String(ended.latest_invoice))).toMatchObject({ billing_reason: 'subscription_update', amount_paid: 4900 })
  })
})
