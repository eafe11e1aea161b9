// Every invoice on /billing: kept in the database from invoice.* events through the real webhook route and
// Inngest functions, listed newest first a page at a time from the database alone, never set back by an old
// event, repaired by reconciliation, and each with hosted-page and PDF links that answer.
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { renderPage } from '../support/render-page'
import { FINALIZED_AND_PAID } from '../support/invoice-events'
import { startSubscriberFixture } from '../support/subscriber-fixture'

vi.mock('next/headers', () => nextHeadersMock())

const fixture = await startSubscriberFixture()
const { double, db, stripe, pipeline, settle, subscriber } = fixture
const { listInvoices } = await import('@/lib/billing/invoices/list-invoices')
const { reconcileCustomer } = await import('@/lib/webhooks/reconcile')
const { default: BillingPage } = await import('@/app/billing/page')

beforeAll(fixture.start)
afterAll(fixture.close)

/** Moves the double's clock to the subscription's period end and renews it there, paid, as Stripe's clock would. */
async function renewAtPeriodEnd(subscriptionId: string) {
  double.advanceClockTo(double.subscriptions.get(subscriptionId)!.items.data[0]!.current_period_end)
  await double.payRenewal(subscriptionId)
}

const invoicesInStripe = (customerId: string) => [...double.invoices.values()].filter((invoice) => invoice.customer === customerId)

describe('invoices after renewals', () => {
  let organizationId: string
  let customerId: string

  beforeAll(async () => {
    const owner = await subscriber('renewer@example.com')
    ;({ customerId } = owner)
    organizationId = owner.organization.id
    await renewAtPeriodEnd(owner.subscriptionId) // the trial ends: the first charge
    await settle()
    await renewAtPeriodEnd(owner.subscriptionId) // a month later
    await settle()
  })

  it('are all in the database, newest first, with Stripe’s number, amounts, status and links', async () => {
    const inStripe = invoicesInStripe(customerId).sort((a, b) => b.created - a.created)
    expect(inStripe).toHaveLength(3)
    const page = await listInvoices(organizationId, null)
    expect(page.invoices.map((invoice) => invoice.id)).toEqual(inStripe.map((invoice) => invoice.id))
    for (const [index, invoice] of inStripe.entries()) {
      expect(page.invoices[index]).toMatchObject({
        number: invoice.number,
        status: 'paid',
        currency: 'usd',
        amountDue: invoice.amount_due,
        amountPaid: invoice.amount_paid,
        total: invoice.total,
        stripeCreatedAt: new Date(invoice.created * 1000),
        hostedInvoiceUrl: invoice.hosted_invoice_url,
        invoicePdf: invoice.invoice_pdf,
      })
    }
    expect(page.invoices.map((invoice) => invoice.amountPaid)).toEqual([1900, 1900, 0])
    expect(await db.invoice.findMany({ where: { customerId }, select: { subscriptionId: true } })).toEqual(inStripe.map(() => ({ subscriptionId: inStripe[0]!.parent!.subscription_details!.subscription })))
  })

  it('/billing lists them with date, number, amount in the invoice’s currency, status in words and both links, from the database alone', async () => {
    await signInAs(db, 'renewer@example.com')
    const before = double.requests.length
    const html = renderPage(await BillingPage())
    expect(double.requests.length).toBe(before)
    const [newest] = invoicesInStripe(customerId).sort((a, b) => b.created - a.created)
    expect(html).toContain('Invoices')
    expect(html).toContain(newest!.number!)
    expect(html).toContain('$19 · Paid')
    expect(html).toContain(`href="${newest!.hosted_invoice_url}"`)
    expect(html).toContain(`href="${newest!.invoice_pdf}"`)
    expect(html).toContain(`aria-label="Download invoice ${newest!.number} as PDF"`)
  })

  it('are paginated with a cursor: older and newer pages meet without repeats or gaps', async () => {
    const all = (await listInvoices(organizationId, null)).invoices.map((invoice) => invoice.id)
    const first = await listInvoices(organizationId, null, 2)
    expect(first.invoices.map((i) => i.id)).toEqual(all.slice(0, 2))
    expect(first.newer).toBeNull()
    expect(first.older).toBe(all[1])
    const second = await listInvoices(organizationId, { after: first.older! }, 2)
    expect(second.invoices.map((i) => i.id)).toEqual(all.slice(2))
    expect(second.older).toBeNull()
    expect(second.newer).toBe(all[2])
    const back = await listInvoices(organizationId, { before: second.newer! }, 2)
    expect(back.invoices.map((i) => i.id)).toEqual(all.slice(0, 2))
    expect(back.newer).toBeNull()

    await signInAs(db, 'renewer@example.com')
    const html = renderPage(await BillingPage({ searchParams: Promise.resolve({ invoices_after: all[0]! }) }))
    expect(html).not.toContain(`/invoice/${all[0]}"`)
    expect(html).toContain(`/invoice/${all[1]}"`)
    expect(html).toContain(`href="/billing?invoices_before=${all[1]}#invoices-heading"`)
  })

  it('a cursor from another organization’s invoice shows nothing of it: the list starts at the newest page', async () => {
    const stranger = await subscriber('stranger@example.com')
    const theirs = invoicesInStripe(stranger.customerId)[0]!.id
    const page = await listInvoices(organizationId, { after: theirs })
    expect(page.invoices.map((i) => i.id)).toEqual((await listInvoices(organizationId, null)).invoices.map((i) => i.id))
    expect(page.invoices.some((i) => i.id === theirs)).toBe(false)
  })

  it('the hosted page and the PDF link answer, the PDF as a PDF with the invoice’s number', async () => {
    const [newest] = invoicesInStripe(customerId).sort((a, b) => b.created - a.created)
    const hosted = await fetch(newest!.hosted_invoice_url!)
    expect(hosted.status).toBe(200)
    expect(await hosted.text()).toContain(newest!.number!)
    const pdf = await fetch(newest!.invoice_pdf!)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const bytes = Buffer.from(await pdf.arrayBuffer()).toString('latin1')
    expect(bytes.startsWith('%PDF-1.4')).toBe(true)
    expect(bytes.trimEnd().endsWith('%%EOF')).toBe(true)
    expect(bytes).toContain(`Number: ${newest!.number}`)
    const xref = Number(/startxref\n(\d+)/.exec(bytes)![1])
    expect(bytes.slice(xref, xref + 4)).toBe('xref') // the cross-reference offset a PDF reader starts from is right
  })
})

describe('a renewal’s draft hour', () => {
  it('/billing shows the new period and no draft while Stripe holds the invoice, then the paid invoice, with no Stripe call after the hour', async () => {
    const { subscriptionId, organization } = await subscriber('draft-hour@example.com')
    const trialEnd = double.subscriptions.get(subscriptionId)!.items.data[0]!.current_period_end
    double.advanceClockTo(trialEnd)
    const draft = await double.startRenewal(subscriptionId, { payment: 'succeeds' })
    await settle()

    // The hour: Stripe's invoice is a draft with no number, page or PDF; the trial is over and the period has moved.
    expect(await db.invoice.findUniqueOrThrow({ where: { id: draft.id! } })).toMatchObject({ status: 'draft', number: null, hostedInvoiceUrl: null, invoicePdf: null })
    const row = await db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })
    expect(row).toMatchObject({ status: 'active', invoiceId: draft.id, invoiceStatus: 'draft' })
    expect(row.currentPeriodEnd?.getTime()).toBe(draft.period_end * 1000)
    expect((await listInvoices(organization.id, null)).invoices.map((invoice) => invoice.id)).not.toContain(draft.id)
    await signInAs(db, 'draft-hour@example.com')
    const during = renderPage(await BillingPage())
    expect(during).not.toContain(draft.id!)
    expect(during).not.toMatch(/Draft|Payment failed|Free trial/)
    expect(during).toContain('Active')

    // An hour later it is finalized and paid: the invoice handler alone brings both rows along.
    double.advanceClockTo(draft.automatically_finalizes_at!)
    await pipeline.deliverNew()
    const before = double.requests.length
    const runs = await pipeline.runQueued()
    expect(runs.filter((run) => run.error !== undefined)).toEqual([])
    expect(double.requests.slice(before)).toEqual([])
    const paid = double.invoices.get(draft.id!)!
    expect(await db.invoice.findUniqueOrThrow({ where: { id: draft.id! } })).toMatchObject({ status: 'paid', number: paid.number, hostedInvoiceUrl: paid.hosted_invoice_url })
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).toMatchObject({ status: 'active', invoiceStatus: 'paid', invoiceUrl: paid.hosted_invoice_url })
    await signInAs(db, 'draft-hour@example.com')
    const after = renderPage(await BillingPage())
    expect(after).toContain(paid.number!)
    expect(after).toContain('$19 · Paid')
  })
})

describe('events in any order', () => {
  /** The renewal's invoice events as Stripe sent them (the app handles all but invoice.payment_succeeded). */
  function renewalEvents(customerId: string) {
    const events = double.events.filter((e) => e.type.startsWith('invoice.') && (e.data.object as Stripe.Invoice).customer === customerId)
    const invoiceId = (events.at(-1)!.data.object as Stripe.Invoice).id!
    const ofRenewal = events.filter((e) => (e.data.object as Stripe.Invoice).id === invoiceId)
    const byType = (type: string) => ofRenewal.find((e) => e.type === type)!
    return { invoiceId, ofRenewal, created: byType('invoice.created'), paid: byType('invoice.paid') }
  }

  it('an older invoice event handled after a newer one does not set the row back', async () => {
    const { subscriptionId, customerId } = await subscriber('late-event@example.com')
    await renewAtPeriodEnd(subscriptionId)
    pipeline.skipNew() // delivered by hand below, out of order
    const { invoiceId, ofRenewal, created, paid } = renewalEvents(customerId)
    expect(ofRenewal.map((e) => e.type)).toEqual(['invoice.created', ...FINALIZED_AND_PAID.filter((type) => type !== 'invoice_payment.paid')])
    // Stripe's draft hour: the draft's event is an hour older than the payment's.
    expect(paid.created - created.created).toBe(3600)

    // paid arrives first, then the older "created" (status draft) in its own retry.
    expect(await pipeline.post(paid)).toBe(200)
    await pipeline.runQueued()
    expect(await db.invoice.findUniqueOrThrow({ where: { id: invoiceId } })).toMatchObject({ status: 'paid', amountPaid: 1900 })
    expect(await pipeline.post(created)).toBe(200)
    const runs = await pipeline.runQueued()
    expect(runs.filter((run) => run.error !== undefined)).toEqual([])
    expect(await db.invoice.findUniqueOrThrow({ where: { id: invoiceId } })).toMatchObject({ status: 'paid', amountPaid: 1900, number: (paid.data.object as Stripe.Invoice).number })
    const outcome = await db.stripeEvent.findUniqueOrThrow({ where: { id: created.id } })
    expect(JSON.parse(outcome.outcome!)).toMatchObject({ 'save-invoice': { invoice: invoiceId, saved: 'stale' } })
  })

  it('at the same second, an event for an earlier status loses to one for a later status', async () => {
    const { subscriptionId, customerId } = await subscriber('same-second@example.com')
    await renewAtPeriodEnd(subscriptionId)
    pipeline.skipNew()
    const { invoiceId, created, paid } = renewalEvents(customerId)
    await pipeline.post({ ...paid, created: created.created })
    await pipeline.post(created)
    await pipeline.runQueued()
    expect(await db.invoice.findUniqueOrThrow({ where: { id: invoiceId } })).toMatchObject({ status: 'paid' })
  })

  it('the whole renewal delivered newest first still ends in the paid invoice, on its row and on the subscription’s', async () => {
    const { subscriptionId, customerId } = await subscriber('reversed@example.com')
    const start = double.events.length
    await renewAtPeriodEnd(subscriptionId)
    pipeline.skipNew()
    for (const event of double.events.slice(start).reverse()) expect(await pipeline.post(event)).toBe(200)
    const runs = await pipeline.runQueued()
    expect(runs.filter((run) => run.error !== undefined)).toEqual([])
    const { invoiceId } = renewalEvents(customerId)
    const invoice = double.invoices.get(invoiceId)!
    expect(await db.invoice.findUniqueOrThrow({ where: { id: invoiceId } })).toMatchObject({ status: 'paid', number: invoice.number, hostedInvoiceUrl: invoice.hosted_invoice_url, invoicePdf: invoice.invoice_pdf })
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).toMatchObject({ status: 'active', invoiceId, invoiceStatus: 'paid' })
  })

  it('a renewal’s invoice events cost no Stripe call to keep the invoice', async () => {
    const { subscriptionId } = await subscriber('budget@example.com')
    await settle()
    await renewAtPeriodEnd(subscriptionId)
    await pipeline.deliverNew()
    const before = double.requests.length
    const runs = await pipeline.runQueued()
    expect(runs.filter((run) => run.error !== undefined)).toEqual([])
    // One call in all, the debounced customer sync's subscription list (issue 11's budget of 1 per renewal).
    expect(double.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/subscriptions'])
  })
})

describe('reconciliation', () => {
  it('creates a missing invoice row and records it as drift', async () => {
    const { subscriptionId, customerId, organization } = await subscriber('lost-invoice@example.com')
    await renewAtPeriodEnd(subscriptionId)
    pipeline.skipNew() // the renewal's events never arrive
    const missing = invoicesInStripe(customerId).sort((a, b) => b.created - a.created)[0]!
    expect(await db.invoice.count({ where: { id: missing.id } })).toBe(0)

    const drift = await reconcileCustomer(stripe, customerId, 'events')
    expect(drift).toContainEqual({ subscriptionId, field: 'invoice', was: null, now: `${missing.id}: paid` })
    expect(await db.invoice.findUniqueOrThrow({ where: { id: missing.id } })).toMatchObject({ organizationId: organization.id, status: 'paid', number: missing.number, amountPaid: 1900 })
    expect(await db.billingDrift.findFirst({ where: { customerId, field: 'invoice' } })).toMatchObject({ was: null, now: `${missing.id}: paid`, repaired: true, source: 'events', organizationId: organization.id })

    // A second run finds nothing more to repair.
    expect((await reconcileCustomer(stripe, customerId, 'events')).filter((d) => d.field === 'invoice')).toEqual([])
  })

  it('brings a status that fell behind up to Stripe’s', async () => {
    const { customerId } = await subscriber('behind@example.com')
    const [invoice] = invoicesInStripe(customerId)
    await db.invoice.update({ where: { id: invoice!.id }, data: { status: 'open', stripeStateAt: new Date(Date.now() - 60_000) } })
    const drift = await reconcileCustomer(stripe, customerId, 'events')
    expect(drift).toContainEqual(expect.objectContaining({ field: 'invoice', was: `${invoice!.id}: open`, now: `${invoice!.id}: paid` }))
    expect(await db.invoice.findUniqueOrThrow({ where: { id: invoice!.id } })).toMatchObject({ status: 'paid' })
  })
})

describe('the double’s invoice list, as Stripe paginates it', () => {
  it('filters by customer, subscription and status, and pages with starting_after and ending_before', async () => {
    const customerId = String((await db.organization.findFirstOrThrow({ where: { name: 'renewer@example.com' } })).stripeCustomerId)
    const all = await stripe.invoices.list({ customer: customerId, limit: 100 })
    expect(all.data.map((i) => i.created)).toEqual([...all.data.map((i) => i.created)].sort((a, b) => b - a))
    const subscription = all.data[0]!.parent!.subscription_details!.subscription as string
    expect((await stripe.invoices.list({ subscription, limit: 100 })).data.map((i) => i.id)).toEqual(all.data.map((i) => i.id))
    expect((await stripe.invoices.list({ customer: customerId, status: 'open' })).data).toEqual([])
    const first = await stripe.invoices.list({ customer: customerId, limit: 2 })
    expect(first.has_more).toBe(true)
    const next = await stripe.invoices.list({ customer: customerId, limit: 2, starting_after: first.data.at(-1)!.id! })
    expect([...first.data, ...next.data].map((i) => i.id)).toEqual(all.data.map((i) => i.id))
    const previous = await stripe.invoices.list({ customer: customerId, limit: 2, ending_before: next.data[0]!.id! })
    expect(previous.data.map((i) => i.id)).toEqual(first.data.map((i) => i.id))
    await expect(stripe.invoices.list({ customer: customerId, limit: 101 })).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'limit' })
  })
})
