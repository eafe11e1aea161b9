// Subscription states a real Stripe account reaches, end to end: the double produces them, the real webhook
// route records them, the real Inngest functions run them, and the app's decisions are read from the database.
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf } from '../support/billing-fixture'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'

vi.mock('next/headers', () => nextHeadersMock())

const fixture = await startSubscriberFixture()
const { double, smtp, db, stripe, pipeline, settle } = fixture
const { checkout, resumeBilling } = fixture.billing
const { entitlementsFor } = await import('@/lib/billing/entitlements')
const { billingStateOf } = await import('@/lib/billing/billing-state')

beforeAll(fixture.start)
afterAll(fixture.close)

const sessionIdIn = (url: string) => url.split('/').pop()!
const choose = (lookupKey: string) => redirectOf(() => checkout({ lookupKey }))
const subscriptionsOf = (customerId: string) => [...double.subscriptions.values()].filter((s) => s.customer === customerId)
const stateOf = async (userId: string) => {
  const entitlements = entitlementsFor(await db.subscription.findMany({ where: { organization: { personalOwnerId: userId } } }))
  return { entitlements, state: billingStateOf(entitlements) }
}
const mailTo = (email: string, since: number) => smtp.messages.slice(since).filter((m) => m.to.includes(email))

/** A signed-in user with a subscription, provisioned through the pipeline. `returning`: no trial (a past subscription). */
async function subscriber(email: string, { lookupKey = 'pro_monthly', returning = false } = {}) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  if (returning) {
    await double.completeCheckout(sessionIdIn(await choose(lookupKey)))
    const first = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
    await stripe.subscriptions.cancel(first.id)
  }
  const sessionId = sessionIdIn(await choose(lookupKey))
  await double.completeCheckout(sessionId)
  await settle()
  const session = double.checkoutSessions.get(sessionId)!
  return { user, customerId: String(session.customer), subscriptionId: String(session.subscription) }
}

describe('a customer whose subscription is not finished is sent to manage it, never to a second Checkout', () => {
  it('paused: choosing a plan goes to /billing, which offers to resume', async () => {
    const { user, subscriptionId, customerId } = await subscriber('paused@example.com', { returning: true })
    await stripe.subscriptions.pause(subscriptionId)
    await settle()
    const sessionsBefore = double.checkoutSessions.size

    expect(await choose('team_monthly')).toBe('http://localhost:3000/billing')
    expect(double.checkoutSessions.size).toBe(sessionsBefore)
    const { entitlements, state } = await stateOf(user.id)
    expect(entitlements.features.has('reports')).toBe(false)
    expect(state).toMatchObject({ label: 'Paused', next: { kind: 'resume' } })
    expect(subscriptionsOf(customerId).filter((s) => s.status !== 'canceled')).toHaveLength(1)
  })

  it('resuming from /billing starts a new, paid period and brings the plan back', async () => {
    const { user, subscriptionId } = await subscriber('resumer@example.com', { returning: true })
    await stripe.subscriptions.pause(subscriptionId)
    await settle()
    expect(await redirectOf(() => resumeBilling({}))).toBe('/billing')
    const resumed = double.subscriptions.get(subscriptionId)!
    expect(resumed.status).toBe('active')
    expect(double.invoices.get(String(resumed.latest_invoice))).toMatchObject({ status: 'paid', billing_reason: 'subscription_cycle' })
    const resume = double.requests.filter((r) => r.path === `/v1/subscriptions/${subscriptionId}/resume`).at(-1)!
    expect(resume.params).toMatchObject({ payment_behavior: 'resume_on_payment_success', billing_cycle_anchor: { type: 'now' } })
    expect(resume.idempotencyKey).toMatch(/^tollgate:resume:/)
    // The page shows it at once (the action synced); the webhooks that follow change nothing.
    expect((await stateOf(user.id)).state.label).toBe('Active')
    await settle()
    expect((await stateOf(user.id)).entitlements.features.has('reports')).toBe(true)
    expect(await resumeBilling({})).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('a trial that ends without a payment method pauses (trial_settings), and the user is sent to resume it', async () => {
    const { user, subscriptionId } = await subscriber('trial-no-card@example.com')
    await stripe.subscriptions.update(subscriptionId, { trial_settings: { end_behavior: { missing_payment_method: 'pause' } } })
    await double.endTrial(subscriptionId, { hasPaymentMethod: false })
    await settle()
    expect((await db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).status).toBe('paused')
    expect(await choose('pro_monthly')).toBe('http://localhost:3000/billing')
    expect((await stateOf(user.id)).state.label).toBe('Paused')
  })

  it('unpaid: choosing a plan goes to the portal to update the payment method', async () => {
    const { user, subscriptionId } = await subscriber('unpaid@example.com', { returning: true })
    await double.failRenewal(subscriptionId)
    await double.exhaustRetries(subscriptionId, { then: 'unpaid' })
    await settle()
    const sessionsBefore = double.checkoutSessions.size

    expect(await choose('team_monthly')).toContain('/portal/')
    expect(double.checkoutSessions.size).toBe(sessionsBefore)
    const { entitlements, state } = await stateOf(user.id)
    expect(entitlements.features.has('reports')).toBe(false)
    expect(state).toMatchObject({ label: 'Unpaid', next: { kind: 'update_payment_method' } })
  })

  it('pause_collection=void keeps the subscription active in Stripe but the plan off here', async () => {
    const { user, subscriptionId } = await subscriber('collection-paused@example.com', { returning: true })
    await stripe.subscriptions.update(subscriptionId, { pause_collection: { behavior: 'void' } })
    await settle()
    const { entitlements, state } = await stateOf(user.id)
    expect(entitlements.standing).toBe('collection_paused')
    expect(entitlements.features.has('reports')).toBe(false)
    expect(state.label).toBe('Payments paused')
    expect(await choose('team_monthly')).toContain('/portal/')
  })
})

describe('one subscription per user, whatever the tabs do', () => {
  it('Team opened in one tab, Pro paid in another: the Team tab can no longer be paid; one live subscription, one trial', async () => {
    const user = await signInAs(db, 'two-tabs@example.com')
    const teamTab = sessionIdIn(await choose('team_monthly'))
    const proTab = sessionIdIn(await choose('pro_monthly'))
    expect(double.checkoutSessions.get(teamTab)?.status).toBe('expired')
    expect(await db.checkoutSession.findUniqueOrThrow({ where: { id: teamTab } })).toMatchObject({ status: 'expired', trial: true })

    await double.completeCheckout(proTab)
    const teamPay = await fetch(`${double.url}/checkout/${teamTab}/pay?outcome=succeed`, { method: 'POST', redirect: 'manual' })
    expect(teamPay.status).toBe(410)
    await settle()

    const rows = await db.subscription.findMany({ where: { organization: { personalOwnerId: user.id } } })
    expect(rows.filter((s) => s.status !== 'canceled')).toHaveLength(1)
    expect(rows.filter((s) => s.trialEnd !== null)).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'trialing', priceLookupKey: 'pro_monthly' })
  })

  it('two tabs both paid (the expire did not get through): the newer subscription is canceled, and the user told once', async () => {
    const user = await signInAs(db, 'both-tabs@example.com')
    const teamTab = sessionIdIn(await choose('team_monthly'))
    // Stripe keeps failing the expire (the SDK's own retries included), so both sessions stay payable.
    double.failNext({ method: 'POST', path: /\/v1\/checkout\/sessions\/.+\/expire$/ }, { times: 3 })
    const proTab = sessionIdIn(await choose('pro_monthly'))
    expect(double.checkoutSessions.get(teamTab)?.status).toBe('open')

    await double.completeCheckout(proTab)
    await double.completeCheckout(teamTab)
    const before = smtp.messages.length
    await settle()
    const replayed = double.events.filter((e) => e.type === 'checkout.session.completed' && (e.data.object as Stripe.Checkout.Session).id === teamTab)
    await pipeline.post({ ...replayed[0]!, id: `${replayed[0]!.id}_redelivered` })
    await settle()

    const customerId = String(double.checkoutSessions.get(proTab)?.customer)
    expect(subscriptionsOf(customerId).filter((s) => s.status !== 'canceled')).toHaveLength(1)
    const rows = await db.subscription.findMany({ where: { organization: { personalOwnerId: user.id } } })
    expect(rows.filter((s) => s.status !== 'canceled')).toHaveLength(1)
    expect(rows.filter((s) => s.status !== 'canceled' && s.trialEnd !== null)).toHaveLength(1)
    const told = mailTo(user.email!, before)
    expect(told).toHaveLength(1)
    // The older subscription stays (created in the same second here, so the tie-break by id decides which).
    expect(told[0]!.text).toMatch(/canceled the new (Team|Pro) subscription straight away\. It had not charged you anything/)
  })

  it('a paid duplicate is refunded in full with a credit note before it is canceled', async () => {
    const { user, customerId, subscriptionId: kept } = await subscriber('paid-twice@example.com', { returning: true })
    // A second, paid subscription reached Stripe anyway (say, a session opened before the first one synced).
    const stale = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customerId,
      client_reference_id: user.id,
      line_items: [{ price: (await stripe.prices.list({ lookup_keys: ['team_monthly'] })).data[0]!.id, quantity: 1 }],
      success_url: 'http://localhost:3000/billing/success',
    })
    await double.completeCheckout(stale.id)
    const before = smtp.messages.length
    await settle()

    const second = String(double.checkoutSessions.get(stale.id)?.subscription)
    const statuses = [kept, second].map((id) => double.subscriptions.get(id)?.status)
    expect(statuses.sort()).toEqual(['active', 'canceled'])
    const canceled = [kept, second].find((id) => double.subscriptions.get(id)?.status === 'canceled')!
    const invoice = String(double.subscriptions.get(canceled)?.latest_invoice)
    const notes = [...double.creditNotes.values()].filter((n) => n.invoice === invoice)
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatchObject({ reason: 'duplicate', amount: double.invoices.get(invoice)?.amount_paid, refunds: [{ type: 'refund' }] })
    expect(notes[0]!.amount).toBeGreaterThan(0)
    expect(await db.subscription.count({ where: { organization: { personalOwnerId: user.id }, status: { not: 'canceled' } } })).toBe(1)
    expect(mailTo(user.email!, before)[0]?.text).toMatch(/We refunded the \$\d+/)
  })
})

describe('Checkout as Stripe does it now', () => {
  it('a bank payment provisions on async_payment_succeeded, not before', async () => {
    const user = await signInAs(db, 'bank-ok@example.com')
    const first = sessionIdIn(await choose('pro_monthly'))
    await double.completeCheckout(first)
    await stripe.subscriptions.cancel(String(double.checkoutSessions.get(first)?.subscription))
    const sessionId = sessionIdIn(await choose('pro_monthly'))
    await double.completeCheckout(sessionId, { payment: 'delayed' })
    await settle()
    expect((await stateOf(user.id)).entitlements).toMatchObject({ standing: 'payment_processing' })
    expect((await stateOf(user.id)).entitlements.features.has('reports')).toBe(false)
    expect(await db.checkoutSession.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ status: 'complete', paymentStatus: 'unpaid' })

    await double.settleDelayedPayment(sessionId, { succeeds: true })
    await settle()
    const { entitlements } = await stateOf(user.id)
    expect(entitlements.standing).toBe('active')
    expect(entitlements.features.has('reports')).toBe(true)
    expect(await db.checkoutSession.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ paymentStatus: 'paid' })
  })

  it('a bank payment that fails tells the user once, grants nothing, and sends no "renewal failed" email', async () => {
    const user = await signInAs(db, 'bank-fails@example.com')
    const first = sessionIdIn(await choose('pro_monthly'))
    await double.completeCheckout(first)
    await stripe.subscriptions.cancel(String(double.checkoutSessions.get(first)?.subscription))
    const sessionId = sessionIdIn(await choose('pro_monthly'))
    await double.completeCheckout(sessionId, { payment: 'delayed' })
    await settle()
    const before = smtp.messages.length
    await double.settleDelayedPayment(sessionId, { succeeds: false })
    await settle()

    const sent = mailTo(user.email!, before)
    expect(sent.map((m) => m.raw.match(/^Subject: (.*)$/m)?.[1])).toEqual(['Your Pro payment did not go through'])
    const { entitlements, state } = await stateOf(user.id)
    expect(entitlements.features.has('reports')).toBe(false)
    expect(state.next?.kind).toBe('confirm_payment')
  })

  it('no "payment failed" email for a 3D Secure renewal even when payment_failed runs before payment_action_required arrives', async () => {
    const { user, subscriptionId } = await subscriber('three-d-secure-late@example.com', { returning: true })
    await double.requireActionOnRenewal(subscriptionId)
    const action = double.events.find((e) => e.type === 'invoice.payment_action_required' && (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subscriptionId)!
    double.events.splice(double.events.indexOf(action), 1) // held back: Stripe does not order the two
    const before = smtp.messages.length
    const runs = await settle()
    expect(runs.find((run) => run.event === 'stripe/invoice.payment_failed')?.result).toMatchObject({
      'send-payment-failed-email': { skipped: expect.stringMatching(/confirmation/) },
    })
    expect(await pipeline.post(action)).toBe(200)
    await settle()
    const sent = mailTo(user.email!, before)
    expect(sent.map((m) => m.raw.match(/^Subject: (.*)$/m)?.[1])).toEqual(['Confirm your Pro payment'])
  })

  it('a renewal needing 3D Secure emails the hosted invoice link once and /billing says "Confirm your payment"', async () => {
    const { user, subscriptionId } = await subscriber('three-d-secure@example.com', { returning: true })
    await double.requireActionOnRenewal(subscriptionId)
    const before = smtp.messages.length
    const runs = await settle()
    const action = double.events.find((e) => e.type === 'invoice.payment_action_required' && (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subscriptionId)!
    await pipeline.post({ ...action, id: `${action.id}_again` })
    await settle()

    const invoice = action.data.object as Stripe.Invoice
    const sent = mailTo(user.email!, before)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.text).toContain(invoice.hosted_invoice_url!)
    expect(sent[0]!.raw).toMatch(/^Subject: Confirm your Pro payment$/m)
    const failed = runs.find((run) => run.event === 'stripe/invoice.payment_failed')
    expect(failed?.result).toMatchObject({ 'send-payment-failed-email': { skipped: expect.stringMatching(/confirmation/) } })
    const { state } = await stateOf(user.id)
    expect(state).toMatchObject({ label: 'Confirm your payment', next: { kind: 'confirm_payment', url: invoice.hosted_invoice_url } })
    expect(await choose('team_monthly')).toBe(invoice.hosted_invoice_url)

    await fetch(`${invoice.hosted_invoice_url}/pay`, { method: 'POST', redirect: 'manual' })
    await settle()
    expect((await stateOf(user.id)).state.label).toBe('Active')
  })
})
