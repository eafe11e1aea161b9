// The double's invoice lifecycle as Stripe runs it, through the real SDK: a draft (no number, hosted page or PDF),
// finalized (number, page and PDF from then on) and paid, failed or voided; the first invoice and a change charged
// now finalized at once; a renewal's invoice a draft for an hour, visible as one through the API, then finalized and
// charged when the clock gets there; and a Checkout Session expiring 24 hours after it was opened.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { FINALIZED_AND_FAILED, FINALIZED_AND_PAID } from './support/invoice-events'

let double: StripeDouble
let stripe: Stripe

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
})
afterAll(() => double.close())

const HOUR = 3600

async function priced() {
  const product = await stripe.products.create({ name: 'Pro' })
  return stripe.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' } })
}

async function openSession(price: Stripe.Price, options: { trialDays?: number; expiresAt?: number } = {}) {
  const customer = await stripe.customers.create({ email: 'lifecycle@example.com' })
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: 'http://app.test/ok',
    ...(options.expiresAt && { expires_at: options.expiresAt }),
    ...(options.trialDays && { subscription_data: { trial_period_days: options.trialDays } }),
  })
  return { customer, session }
}

async function subscribed(options: { trialDays?: number } = {}) {
  const { session } = await openSession(await priced(), options)
  const done = await double.completeCheckout(session.id)
  return stripe.subscriptions.retrieve(String(done.subscription))
}

const eventsSince = (start: number) => double.events.slice(start)
const typesSince = (start: number) => eventsSince(start).map((event) => event.type)
/** Events since `start` about these objects (by id, or an invoice payment's invoice): other tests' work runs too. */
const eventsAbout = (start: number, ...ids: string[]) =>
  eventsSince(start).filter((event) => {
    const object = event.data.object as { id?: string; invoice?: string }
    return ids.includes(object.id ?? '') || ids.includes(object.invoice ?? '')
  })
const typesAbout = (start: number, ...ids: string[]) => eventsAbout(start, ...ids).map((event) => event.type)
const invoiceIn = (event: Stripe.Event | undefined) => event?.data.object as Stripe.Invoice

describe('the first invoice of a subscription', () => {
  it('is created as a draft and finalized and paid at once: number, hosted page and PDF from finalization on', async () => {
    const { session } = await openSession(await priced())
    const start = double.events.length
    await double.completeCheckout(session.id)
    const events = eventsSince(start).filter((event) => event.type.startsWith('invoice'))
    expect(events.map((event) => event.type)).toEqual(['invoice.created', ...FINALIZED_AND_PAID])
    const created = invoiceIn(events[0])
    expect(created).toMatchObject({ status: 'draft', number: null, hosted_invoice_url: null, invoice_pdf: null, billing_reason: 'subscription_create', automatically_finalizes_at: null })
    expect(created.status_transitions.finalized_at).toBeNull()
    const finalized = invoiceIn(events[1])
    expect(finalized).toMatchObject({ status: 'open', number: expect.stringMatching(/^[A-Z0-9]{8}-0001$/), hosted_invoice_url: `${double.url}/invoice/${created.id}`, invoice_pdf: `${double.url}/invoice/${created.id}/pdf` })
    expect(finalized.status_transitions.finalized_at).toBe(finalized.effective_at)
    const paid = await stripe.invoices.retrieve(created.id!)
    expect(paid).toMatchObject({ status: 'paid', attempted: true, attempt_count: 1, auto_advance: false, amount_paid: 1900, next_payment_attempt: null, number: finalized.number })
    const updated = events.at(-1) as Stripe.InvoiceUpdatedEvent
    expect(updated.data.previous_attributes).toMatchObject({ status: 'open', amount_paid: 0, attempted: false })
    expect(events.find((event) => event.type === 'invoice_payment.paid')?.data.object).toMatchObject({ object: 'invoice_payment', invoice: created.id, status: 'paid', amount_paid: 1900 })
  })

  it('a trial’s $0 invoice is paid with nothing to collect: no invoice payment', async () => {
    const { session } = await openSession(await priced(), { trialDays: 7 })
    const start = double.events.length
    await double.completeCheckout(session.id)
    expect(typesSince(start).filter((type) => type.startsWith('invoice'))).toEqual(['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded', 'invoice.updated'])
  })

  it('numbers a customer’s invoices in the order they are finalized, drafts taking none', async () => {
    const subscription = await subscribed()
    const draft = await double.startRenewal(subscription.id)
    expect(draft.number).toBeNull()
    double.advanceClockTo(draft.automatically_finalizes_at!)
    const numbers = (await stripe.invoices.list({ customer: String(subscription.customer) })).data.map((invoice) => invoice.number?.slice(-4))
    expect(numbers).toEqual(['0002', '0001'])
  })
})

describe('a renewal’s draft hour', () => {
  it('the period ends and the invoice is a draft for an hour, visible as one through the API, with nothing charged', async () => {
    const subscription = await subscribed()
    const firstEnd = subscription.items.data[0]!.current_period_end
    const start = double.events.length
    const draft = await double.startRenewal(subscription.id)
    expect(typesSince(start)).toEqual(['customer.subscription.updated', 'invoice.created'])

    const now = draft.created
    const read = await stripe.invoices.retrieve(draft.id!)
    expect(read).toMatchObject({
      status: 'draft',
      billing_reason: 'subscription_cycle',
      number: null,
      hosted_invoice_url: null,
      invoice_pdf: null,
      attempted: false,
      attempt_count: 0,
      auto_advance: true,
      amount_due: 1900,
      amount_paid: 0,
      automatically_finalizes_at: now + HOUR,
      next_payment_attempt: now + HOUR,
      period_start: firstEnd,
    })
    expect(read.status_transitions).toEqual({ finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null })
    expect((await stripe.invoices.list({ subscription: subscription.id, status: 'draft' })).data.map((i) => i.id)).toEqual([draft.id])
    const renewed = await stripe.subscriptions.retrieve(subscription.id)
    expect(renewed).toMatchObject({ status: 'active', latest_invoice: draft.id })
    expect(renewed.items.data[0]!.current_period_start).toBe(firstEnd)
    // A draft has no hosted page or PDF yet.
    expect((await fetch(`${double.url}/invoice/${draft.id}`)).status).toBe(404)
    expect((await fetch(`${double.url}/invoice/${draft.id}/pdf`)).status).toBe(404)
    // Another renewal cannot start while this one waits for its hour.
    await expect(double.payRenewal(subscription.id)).rejects.toThrow(/still a draft/)
  })

  it('when the clock reaches the hour, Stripe finalizes and charges it, stamped with that time', async () => {
    const subscription = await subscribed()
    const draft = await double.startRenewal(subscription.id, { payment: 'succeeds' })
    const start = double.events.length
    double.advanceClockTo(draft.automatically_finalizes_at! - 1)
    expect(typesAbout(start, draft.id!)).toEqual([])
    double.advanceClockTo(draft.automatically_finalizes_at! + 600)
    expect(typesAbout(start, draft.id!)).toEqual(FINALIZED_AND_PAID)
    expect(eventsAbout(start, draft.id!).map((event) => event.created)).toEqual(FINALIZED_AND_PAID.map(() => draft.automatically_finalizes_at))
    const paid = await stripe.invoices.retrieve(draft.id!)
    expect(paid).toMatchObject({ status: 'paid', automatically_finalizes_at: null, auto_advance: false, attempted: true, number: expect.any(String) })
    expect(paid.status_transitions).toMatchObject({ finalized_at: draft.automatically_finalizes_at, paid_at: draft.automatically_finalizes_at })
    expect((await fetch(paid.hosted_invoice_url!)).status).toBe(200)
  })

  it('a charge that fails at the hour leaves the invoice open and the subscription past_due only then', async () => {
    const subscription = await subscribed()
    const draft = await double.startRenewal(subscription.id, { payment: 'declined' })
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active')
    const start = double.events.length
    double.advanceClockTo(draft.automatically_finalizes_at!)
    expect(typesAbout(start, draft.id!, subscription.id)).toEqual([...FINALIZED_AND_FAILED, 'customer.subscription.updated'])
    // The next attempt is the account's first Smart Retry: 8 tries spread over 2 weeks, the first 1.75 days later.
    expect(await stripe.invoices.retrieve(draft.id!)).toMatchObject({ status: 'open', attempt_count: 1, next_payment_attempt: draft.automatically_finalizes_at! + (14 * 86_400) / 8 })
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due')
  })

  it('without a given outcome, the charge goes as the customer’s card answers', async () => {
    const subscription = await subscribed()
    double.setCard(String(subscription.customer), 'requires_action')
    try {
      const draft = await double.startRenewal(subscription.id)
      const start = double.events.length
      double.advanceClockTo(draft.automatically_finalizes_at!)
      expect(typesAbout(start, draft.id!, subscription.id)).toEqual([...FINALIZED_AND_FAILED, 'invoice.payment_action_required', 'customer.subscription.updated'])
    } finally {
      double.setCard(String(subscription.customer), 'succeeds')
    }
  })

  it('a trial ends into active at once; its first charge follows the draft hour', async () => {
    const trialing = await subscribed({ trialDays: 7 })
    const start = double.events.length
    const draft = await double.startRenewal(trialing.id, { payment: 'declined' })
    const ended = eventsSince(start)[0] as Stripe.CustomerSubscriptionUpdatedEvent
    expect(ended.data.object.status).toBe('active')
    expect(ended.data.previous_attributes?.status).toBe('trialing')
    double.advanceClockTo(draft.automatically_finalizes_at!)
    expect((await stripe.subscriptions.retrieve(trialing.id)).status).toBe('past_due')
  })

  it('a subscription canceled during the hour leaves its draft a draft, with automatic collection off', async () => {
    const subscription = await subscribed()
    const draft = await double.startRenewal(subscription.id)
    await stripe.subscriptions.cancel(subscription.id)
    const start = double.events.length
    double.advanceClockTo(draft.automatically_finalizes_at!)
    expect(typesAbout(start, draft.id!)).toEqual(['invoice.updated'])
    expect(await stripe.invoices.retrieve(draft.id!)).toMatchObject({ status: 'draft', auto_advance: false, automatically_finalizes_at: null, number: null })
  })

  it('the simulations run the whole renewal through the hour, moving the clock by it', async () => {
    const subscription = await subscribed()
    const start = double.events.length
    await double.payRenewal(subscription.id)
    const renewal = String((await stripe.subscriptions.retrieve(subscription.id)).latest_invoice)
    const events = eventsAbout(start, subscription.id, renewal)
    expect(events.map((event) => event.type)).toEqual(['customer.subscription.updated', 'invoice.created', ...FINALIZED_AND_PAID])
    expect(events.at(-1)!.created - events[1]!.created).toBe(HOUR)
  })
})

describe('a plan change charged now', () => {
  it('is finalized at once, with no draft hour', async () => {
    const subscription = await subscribed()
    const yearly = await stripe.prices.create({ product: String(subscription.items.data[0]!.price.product), unit_amount: 19000, currency: 'usd', recurring: { interval: 'year' } })
    const start = double.events.length
    const changed = await stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]!.id, price: yearly.id }] })
    // The credit for the unused month is an invoice item (create_prorations, the default) that this invoice bills.
    expect(typesSince(start)).toEqual(['customer.subscription.updated', 'invoiceitem.created', 'invoice.created', ...FINALIZED_AND_PAID])
    expect(await stripe.invoices.retrieve(String(changed.latest_invoice))).toMatchObject({ status: 'paid', billing_reason: 'subscription_update' })
  })
})

describe('voiding', () => {
  it('voids an open invoice with invoice.voided, and refuses a draft or a paid invoice', async () => {
    const subscription = await subscribed()
    const paid = String(subscription.latest_invoice)
    expect(await stripe.invoices.voidInvoice(paid).catch((error: unknown) => error)).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' })
    const draft = await double.startRenewal(subscription.id, { payment: 'declined' })
    expect(await stripe.invoices.voidInvoice(draft.id!).catch((error: unknown) => error)).toMatchObject({ statusCode: 400 })
    double.advanceClockTo(draft.automatically_finalizes_at!)
    const start = double.events.length
    const voided = await stripe.invoices.voidInvoice(draft.id!)
    expect(voided).toMatchObject({ status: 'void', auto_advance: false, next_payment_attempt: null })
    expect(voided.status_transitions.voided_at).toBeGreaterThan(0)
    expect(typesAbout(start, draft.id!)).toEqual(['invoice.voided'])
  })
})

describe('Checkout Session expiry', () => {
  it('expires an open session 24 hours after it was opened: expired, no url, checkout.session.expired', async () => {
    const { session } = await openSession(await priced())
    expect(session.expires_at).toBe(session.created + 86_400)
    const start = double.events.length
    double.advanceClockTo(session.expires_at - 1)
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open')
    double.advanceClockTo(session.expires_at)
    const expired = eventsSince(start).filter((event) => (event.data.object as { id: string }).id === session.id)
    expect(expired.map((event) => [event.type, event.created])).toEqual([['checkout.session.expired', session.expires_at]])
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: 'expired', url: null })
    // The customer can no longer pay it.
    await expect(double.completeCheckout(session.id)).rejects.toThrow(/expired, not open/)
    const page = await fetch(`${double.url}/checkout/${session.id}/pay?outcome=succeed`, { method: 'POST', redirect: 'manual' })
    expect(page.status).toBe(410)
    expect(await fetch(`${double.url}/checkout/${session.id}`).then((r) => r.text())).toContain('This Checkout Session is expired.')
  })

  it('honours the expires_at the caller chose, and a completed or expired session never expires again', async () => {
    const price = await priced()
    const soon = double.events.at(-1)!.created + 2 * HOUR
    const chosen = await openSession(price, { expiresAt: soon })
    const completed = await openSession(price)
    await double.completeCheckout(completed.session.id)
    const expiredByHand = await openSession(price)
    await stripe.checkout.sessions.expire(expiredByHand.session.id)
    expect(chosen.session.expires_at).toBe(soon)

    const start = double.events.length
    double.advanceClockTo(completed.session.expires_at + 1)
    const ids = [chosen, completed, expiredByHand].map(({ session }) => session.id)
    const expired = eventsSince(start).filter((event) => event.type === 'checkout.session.expired').map((event) => (event.data.object as { id: string }).id)
    expect(expired.filter((id) => ids.includes(id))).toEqual([chosen.session.id])
    expect((await stripe.checkout.sessions.retrieve(completed.session.id)).status).toBe('complete')
  })
})

describe('the saved sandbox', () => {
  it('keeps a renewal’s pending finalization across a restart, and runs it once due', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'tollgate-invoice-lifecycle-')), 'stripe-sandbox.json')
    const first = await startStripeDouble({ stateFile })
    const api = first.client()
    const product = await api.products.create({ name: 'Saved' })
    const price = await api.prices.create({ product: product.id, unit_amount: 500, currency: 'usd', recurring: { interval: 'month' } })
    const customer = await api.customers.create({ email: 'saved@example.com' })
    const session = await api.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [{ price: price.id, quantity: 1 }], success_url: 'http://app.test/ok' })
    const subscriptionId = String((await first.completeCheckout(session.id)).subscription)
    const draft = await first.startRenewal(subscriptionId)
    await first.close()

    const again = await startStripeDouble({ stateFile })
    try {
      expect((await again.client().invoices.retrieve(draft.id!)).status).toBe('draft')
      again.advanceClockTo(draft.automatically_finalizes_at!)
      expect((await again.client().invoices.retrieve(draft.id!)).status).toBe('paid')
    } finally {
      await again.close()
    }
  })
})
