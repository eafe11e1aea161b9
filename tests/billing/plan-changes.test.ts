// Plan changes in the app against the Stripe double: Stripe's preview first, then a confirmation that charges
// exactly what the preview showed (the same proration date, price and quantity), upgrades now, downgrades at the
// period's end through a subscription schedule, and every refusal in words. Events go through the real webhook
// route and Inngest functions.
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { createWebhookPipeline } from '../support/webhook-pipeline'

vi.mock('next/headers', () => nextHeadersMock())

const double = await startBillingFixture()
const inngest = await startInngestStandIn()
process.env.INNGEST_DEV = inngest.url

const { db } = await import('@/lib/db')
const { cancelSubscription, checkout, previewPlanChange, confirmPlanChange, undoPlanChange } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const { releasePendingPlanChange } = await import('@/lib/billing/plan-changes/schedule')
const { planChangeStateFor } = await import('@/lib/billing/plan-changes/state')
const pipeline = await createWebhookPipeline(double, inngest)
const stripe = requireStripe()

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
})
afterAll(async () => {
  await Promise.all([double.close(), inngest.close()])
})

async function settle() {
  expect((await pipeline.deliverNew()).every((status) => status === 200)).toBe(true)
  const runs = await pipeline.runQueued()
  expect(runs.every((run) => run.error === undefined)).toBe(true)
}

/** An organization subscribed through Checkout; `trial: false` ends the first-subscription trial at once. */
async function subscriber(email: string, lookupKey: string, { trial = false } = {}) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  const url = await redirectOf(() => checkout({ lookupKey }))
  await double.completeCheckout(url.split('/').pop()!)
  const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
  if (!trial) await stripe.subscriptions.update(subscription.id, { trial_end: 'now' })
  await settle()
  return { user, organization, subscription, customerId: String(subscription.customer) }
}

async function preview(lookupKey: string) {
  const result = await previewPlanChange({ lookupKey })
  if (!result.ok) throw new Error(`preview refused: ${result.error.message}`)
  return result.data
}

const invoicesOf = (subscriptionId: string) => [...double.invoices.values()].filter((i) => i.parent?.subscription_details?.subscription === subscriptionId)
const changeInvoices = (subscriptionId: string) => invoicesOf(subscriptionId).filter((i) => i.billing_reason === 'subscription_update')
const rowOf = (id: string) => db.subscription.findUniqueOrThrow({ where: { id } })
const itemPrice = (id: string) => double.subscriptions.get(id)!.items.data[0]!.price.lookup_key
const updatesOf = (id: string) => double.requests.filter((r) => r.method === 'POST' && r.path === `/v1/subscriptions/${id}` && r.params.items !== undefined && r.status === 200)

describe('an upgrade', () => {
  it('Pro → Team monthly: the invoice Stripe creates on confirming equals the preview, made with the same proration date', async () => {
    const { subscription } = await subscriber('upgrade@example.com', 'pro_monthly')
    const invoicesBefore = changeInvoices(subscription.id).length
    const shown = await preview('team_monthly')
    expect(shown).toMatchObject({ timing: 'now', planName: 'Team', interval: 'monthly', currency: 'usd' })
    expect(shown.credit).toBeGreaterThan(1800) // almost a whole month of Pro unused
    // The same unused fraction of the period at Team's price, less the credit at Pro's.
    expect(Math.abs(shown.amountDue + shown.credit - (4900 * shown.credit) / 1900)).toBeLessThanOrEqual(1)
    expect(shown.nextAmount).toBe(4900)

    await new Promise((resolve) => setTimeout(resolve, 1100)) // the confirmation comes later than the preview
    const confirmed = await confirmPlanChange({ token: shown.token })
    expect(confirmed).toEqual({ ok: true, data: { timing: 'now', planName: 'Team' } })

    const created = changeInvoices(subscription.id)
    expect(created).toHaveLength(invoicesBefore + 1)
    const invoice = created.at(-1)!
    expect(invoice.amount_due).toBe(shown.amountDue)
    expect(invoice.status).toBe('paid')
    expect(-invoice.lines.data.filter((l) => l.amount < 0).reduce((sum, l) => sum + l.amount, 0)).toBe(shown.credit)
    // The update sends the time Stripe's preview prorated at (its subscription_proration_date), kept with the token.
    const stored = await db.planChangePreview.findUniqueOrThrow({ where: { id: shown.token } })
    const [update] = updatesOf(subscription.id).slice(-1)
    expect(stored.prorationDate).toBeGreaterThan(0)
    expect(update!.params.proration_date).toBe(String(stored.prorationDate))
    expect(update!.params).toMatchObject({ proration_behavior: 'always_invoice', payment_behavior: 'error_if_incomplete' })
    expect(itemPrice(subscription.id)).toBe('team_monthly')
    expect(await rowOf(subscription.id)).toMatchObject({ priceLookupKey: 'team_monthly', status: 'active', scheduleId: null })
  })

  it('monthly → yearly restarts the cycle and charges the year less the unused month, exactly as previewed', async () => {
    const { subscription } = await subscriber('yearly@example.com', 'pro_monthly')
    const shown = await preview('pro_yearly')
    expect(shown.timing).toBe('now')
    expect(shown.amountDue).toBe(19000 - shown.credit)
    expect((await confirmPlanChange({ token: shown.token })).ok).toBe(true)
    const invoice = changeInvoices(subscription.id).at(-1)!
    expect(invoice.amount_due).toBe(shown.amountDue)
    const item = double.subscriptions.get(subscription.id)!.items.data[0]!
    expect(item.price.lookup_key).toBe('pro_yearly')
    // The new year starts when the change is made (the proration date prices the credit only), seconds after the preview.
    expect(item.current_period_end * 1000 - Date.parse(shown.nextAt)).toBeGreaterThanOrEqual(0)
    expect(item.current_period_end * 1000 - Date.parse(shown.nextAt)).toBeLessThan(60_000)
  })

  it('in a trial charges nothing now: the trial goes on on the new plan, and the first invoice at its end is the preview’s', async () => {
    const { subscription } = await subscriber('trial-upgrade@example.com', 'pro_monthly', { trial: true })
    const shown = await preview('team_yearly')
    expect(shown).toMatchObject({ timing: 'now', amountDue: 0, credit: 0, nextAmount: 49000 })
    expect(shown.nextAt).toBe(new Date(subscription.trial_end! * 1000).toISOString())
    const before = invoicesOf(subscription.id).length
    expect((await confirmPlanChange({ token: shown.token })).ok).toBe(true)
    expect(invoicesOf(subscription.id)).toHaveLength(before)
    expect(await rowOf(subscription.id)).toMatchObject({ status: 'trialing', priceLookupKey: 'team_yearly' })
    // The trial ends: its invoice is drafted, to be charged an hour later. The hour is not run, so the sandbox's one
    // clock stays with the wall clock this file's previews read (per-customer clocks: issue 23).
    const draft = await double.startRenewal(subscription.id)
    expect(draft.amount_due).toBe(shown.nextAmount)
  })

  it('a declined card leaves the old plan in place, charges nothing and says what to do; so does a payment needing 3D Secure', async () => {
    const { subscription, customerId } = await subscriber('declined@example.com', 'pro_monthly')
    const before = invoicesOf(subscription.id).length
    double.setCard(customerId, 'declined')
    const declined = await confirmPlanChange({ token: (await preview('team_monthly')).token })
    expect(declined).toEqual({
      ok: false,
      error: { code: 'payment_failed', message: 'Your card was declined, so nothing was charged and you stay on Pro. Open Manage billing to update your card, then try again.' },
    })
    double.setCard(customerId, 'requires_action')
    const action = await confirmPlanChange({ token: (await preview('team_monthly')).token })
    expect(action).toMatchObject({ ok: false, error: { code: 'payment_failed', message: expect.stringContaining('Your bank wants to confirm this payment') } })
    expect(itemPrice(subscription.id)).toBe('pro_monthly')
    expect(invoicesOf(subscription.id)).toHaveLength(before)
    await settle()
    expect(await rowOf(subscription.id)).toMatchObject({ priceLookupKey: 'pro_monthly', status: 'active' })

    double.setCard(customerId, 'succeeds') // a fixed card: the next try is a fresh request, not the saved failure
    expect((await confirmPlanChange({ token: (await preview('team_monthly')).token })).ok).toBe(true)
    expect(itemPrice(subscription.id)).toBe('team_monthly')
  })

  it('an upgrade over a pending downgrade: a declined card keeps both the plan and the downgrade; a paid one replaces it', async () => {
    const { subscription, customerId } = await subscriber('upgrade-over-downgrade@example.com', 'team_monthly')
    expect((await confirmPlanChange({ token: (await preview('pro_monthly')).token })).ok).toBe(true)
    const scheduleId = String(double.subscriptions.get(subscription.id)!.schedule)

    double.setCard(customerId, 'declined')
    const shown = await preview('team_yearly')
    expect(shown.timing).toBe('now')
    expect(await confirmPlanChange({ token: shown.token })).toMatchObject({ ok: false, error: { code: 'payment_failed' } })
    expect(itemPrice(subscription.id)).toBe('team_monthly')
    expect(double.subscriptionSchedules.get(scheduleId)?.status).toBe('active')
    expect(double.subscriptions.get(subscription.id)!.schedule).toBe(scheduleId)

    double.setCard(customerId, 'succeeds')
    expect((await confirmPlanChange({ token: (await preview('team_yearly')).token })).ok).toBe(true)
    expect(itemPrice(subscription.id)).toBe('team_yearly')
    expect(double.subscriptionSchedules.get(scheduleId)?.status).toBe('released')
    await settle()
    expect(await rowOf(subscription.id)).toMatchObject({ priceLookupKey: 'team_yearly', scheduleId: null, scheduledPriceId: null })
  })

  it('a double click makes one change and one invoice', async () => {
    const { subscription } = await subscriber('double-click@example.com', 'pro_monthly')
    const shown = await preview('team_monthly')
    const before = changeInvoices(subscription.id).length
    const results = await Promise.all([confirmPlanChange({ token: shown.token }), confirmPlanChange({ token: shown.token })])
    expect(results.every((result) => result.ok)).toBe(true)
    expect(changeInvoices(subscription.id)).toHaveLength(before + 1)
    expect(new Set(updatesOf(subscription.id).map((r) => r.idempotencyKey)).size).toBe(1)
    expect(await confirmPlanChange({ token: shown.token })).toMatchObject({ ok: true })
    expect(changeInvoices(subscription.id)).toHaveLength(before + 1)
  })
})

describe('a downgrade', () => {
  it('is scheduled for the period’s end, shown on the row from the webhook path, and undone by releasing the schedule', async () => {
    const { organization, subscription } = await subscriber('downgrade@example.com', 'team_monthly')
    const periodEnd = subscription.items.data[0]!.current_period_end
    const shown = await preview('pro_monthly')
    expect(shown).toMatchObject({ timing: 'period_end', amountDue: 0, credit: 0, nextAmount: 1900 })
    expect(shown.changeAt).toBe(new Date(periodEnd * 1000).toISOString())
    const before = invoicesOf(subscription.id).length
    expect(await confirmPlanChange({ token: shown.token })).toEqual({ ok: true, data: { timing: 'period_end', planName: 'Pro' } })
    expect(invoicesOf(subscription.id)).toHaveLength(before)
    expect(itemPrice(subscription.id)).toBe('team_monthly')

    const scheduleId = String(double.subscriptions.get(subscription.id)!.schedule)
    const proPrice = (await stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data[0]!
    // The page reads the row; clear what the eager sync wrote to see the webhook events bring it back.
    await db.subscription.update({ where: { id: subscription.id }, data: { scheduleId: null, scheduledPriceId: null, scheduledChangeAt: null, stripeStateAt: new Date(0) } })
    await settle()
    expect(double.events.some((e) => e.type === 'subscription_schedule.updated' && (e.data.object as Stripe.SubscriptionSchedule).id === scheduleId)).toBe(true)
    expect(await rowOf(subscription.id)).toMatchObject({ scheduleId, scheduledPriceId: proPrice.id, scheduledChangeAt: new Date(periodEnd * 1000), priceLookupKey: 'team_monthly' })
    // /billing offers neither the current price nor the one the change already moves to.
    const offered = (await planChangeStateFor(organization.id)).options.map((option) => option.lookupKey)
    expect(offered).toEqual(expect.arrayContaining(['pro_yearly', 'team_yearly']))
    expect(offered).not.toContain('pro_monthly')
    expect(offered).not.toContain('team_monthly')

    expect(await redirectOf(() => undoPlanChange({}))).toBe('/billing')
    expect(double.subscriptionSchedules.get(scheduleId)?.status).toBe('released')
    expect(double.subscriptions.get(subscription.id)!.schedule).toBeNull()
    expect(await rowOf(subscription.id)).toMatchObject({ scheduleId: null, scheduledPriceId: null, scheduledChangeAt: null, priceLookupKey: 'team_monthly' })
    expect(await undoPlanChange({})).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('takes effect when the clock reaches the period’s end: the renewal bills the new plan at the previewed amount', async () => {
    const { subscription } = await subscriber('period-end@example.com', 'team_yearly')
    const shown = await preview('pro_yearly')
    expect(shown).toMatchObject({ timing: 'period_end', nextAmount: 19000 })
    expect((await confirmPlanChange({ token: shown.token })).ok).toBe(true)
    // The period ends (its invoice drafted; the draft hour is not run, as in the trial test above).
    await double.startRenewal(subscription.id)
    await settle()
    const renewal = invoicesOf(subscription.id).at(-1)!
    expect(renewal).toMatchObject({ billing_reason: 'subscription_cycle', amount_due: shown.nextAmount, status: 'draft' })
    // The new plan's line covers the period from the change on (the invoice's own period is the usage period that
    // ended, its metered line billed in arrears).
    const proLine = renewal.lines.data.find((line) => double.prices.get(String(line.pricing?.price_details?.price))?.lookup_key === 'pro_yearly')!
    expect(proLine.period.start).toBe(Date.parse(shown.changeAt) / 1000)
    expect(await rowOf(subscription.id)).toMatchObject({ priceLookupKey: 'pro_yearly', scheduledPriceId: null, scheduledChangeAt: null })
  })

  it('yearly → monthly on the same plan waits for the paid year to run out', async () => {
    await subscriber('year-to-month@example.com', 'pro_yearly')
    expect((await preview('pro_monthly')).timing).toBe('period_end')
  })

  it('is dropped before a cancellation: Stripe refuses to cancel a subscription a schedule manages, and releasing first lets it', async () => {
    const { organization, subscription } = await subscriber('cancel-pending@example.com', 'team_monthly')
    expect((await confirmPlanChange({ token: (await preview('pro_monthly')).token })).ok).toBe(true)
    await expect(stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })).rejects.toThrow(/managed by the subscription schedule/)
    expect(await releasePendingPlanChange(stripe, organization.id)).toBe(true)
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
    expect(double.subscriptions.get(subscription.id)!.cancel_at_period_end).toBe(true)
    expect(await releasePendingPlanChange(stripe, organization.id)).toBe(false)
  })

  it('cancelling in the app with a downgrade pending releases the schedule first, then cancels at the period’s end', async () => {
    const { subscription } = await subscriber('cancel-in-app-pending@example.com', 'team_monthly')
    expect((await confirmPlanChange({ token: (await preview('pro_monthly')).token })).ok).toBe(true)
    const scheduleId = String(double.subscriptions.get(subscription.id)!.schedule)
    expect(await redirectOf(() => cancelSubscription({ subscriptionId: subscription.id, feedback: 'too_expensive' }))).toBe('/billing')
    expect(double.subscriptionSchedules.get(scheduleId)?.status).toBe('released')
    expect(double.subscriptions.get(subscription.id)).toMatchObject({ cancel_at_period_end: true, schedule: null, cancellation_details: { feedback: 'too_expensive' } })
    await settle()
    expect(await rowOf(subscription.id)).toMatchObject({ cancelAtPeriodEnd: true, scheduleId: null, scheduledPriceId: null, priceLookupKey: 'team_monthly' })
  })
})

describe('a preview no longer true', () => {
  it('is refused when the seats changed since, and when it expired; nothing is sent to Stripe', async () => {
    const { organization, subscription } = await subscriber('stale@example.com', 'pro_monthly')
    const shown = await preview('team_monthly')
    const newcomer = await db.user.create({ data: { email: 'newcomer@example.com' } })
    await db.membership.create({ data: { organizationId: organization.id, userId: newcomer.id, role: 'member' } })
    await stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]!.id, quantity: 2 }], proration_behavior: 'none' })
    const updates = updatesOf(subscription.id).length
    expect(await confirmPlanChange({ token: shown.token })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Your subscription changed since this preview. Preview the change again to see the new price.' },
    })
    const fresh = await preview('team_monthly')
    await db.planChangePreview.update({ where: { id: fresh.token }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await confirmPlanChange({ token: fresh.token })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('expired') } })
    expect(updatesOf(subscription.id)).toHaveLength(updates)
    expect(itemPrice(subscription.id)).toBe('pro_monthly')
  })

  it('an upgrade while a downgrade waits releases the schedule first, so the period’s end does not undo it', async () => {
    const { subscription } = await subscriber('up-after-down@example.com', 'team_monthly')
    expect((await confirmPlanChange({ token: (await preview('pro_monthly')).token })).ok).toBe(true)
    const scheduleId = String(double.subscriptions.get(subscription.id)!.schedule)
    expect((await confirmPlanChange({ token: (await preview('team_yearly')).token })).ok).toBe(true)
    expect(double.subscriptionSchedules.get(scheduleId)?.status).toBe('released')
    await double.startRenewal(subscription.id) // the period ends (the draft hour is not run, as in the trial test above)
    expect(itemPrice(subscription.id)).toBe('team_yearly')
  })
})

describe('refusals', () => {
  it('a plan the catalog does not know, and a token that is not one, are refused before any Stripe call', async () => {
    await subscriber('unknown-plan@example.com', 'pro_monthly')
    const sent = double.requests.length
    expect(await previewPlanChange({ lookupKey: 'enterprise_monthly' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await confirmPlanChange({ token: 'not a token' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(double.requests.length).toBe(sent)
  })

  it('a visitor, a member without the billing role, and another organization’s preview are refused with typed errors', async () => {
    const owner = await subscriber('owner@example.com', 'pro_monthly')
    const shown = await preview('team_monthly')

    const { signOutOfRequest } = await import('../support/request-context')
    signOutOfRequest()
    for (const result of [await previewPlanChange({ lookupKey: 'team_monthly' }), await confirmPlanChange({ token: shown.token }), await undoPlanChange({})]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    }

    const member = await signInAs(db, 'member@example.com')
    await db.membership.create({ data: { organizationId: owner.organization.id, userId: member.id, role: 'member' } })
    await db.user.update({ where: { id: member.id }, data: { activeOrganizationId: owner.organization.id } })
    for (const result of [await previewPlanChange({ lookupKey: 'team_monthly' }), await confirmPlanChange({ token: shown.token }), await undoPlanChange({})]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }

    await subscriber('other-owner@example.com', 'pro_monthly') // owns another organization, now active
    expect(await confirmPlanChange({ token: shown.token })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(itemPrice(owner.subscription.id)).toBe('pro_monthly')
  })

  it('an admin changes the plan as an owner would (issue 14: owners and admins)', async () => {
    const owner = await subscriber('owner-with-admin@example.com', 'pro_monthly')
    const admin = await signInAs(db, 'admin-of-owner@example.com')
    await db.membership.create({ data: { organizationId: owner.organization.id, userId: admin.id, role: 'admin' } })
    await db.user.update({ where: { id: admin.id }, data: { activeOrganizationId: owner.organization.id } })
    expect(await confirmPlanChange({ token: (await preview('team_monthly')).token })).toEqual({ ok: true, data: { timing: 'now', planName: 'Team' } })
    expect(itemPrice(owner.subscription.id)).toBe('team_monthly')
  })
})
