// No team can push its subscription past Stripe's per-subscription invoice limits (10 a minute, 20 a day:
// https://docs.stripe.com/rate-limits) by adding members one at a time: past SEAT_INVOICES_PER_DAY immediate seat
// invoices in 24 hours, an added seat is billed with the next invoice (`create_prorations`) instead (decision 0042).
// Every change here is its own quiet period, so the debounce cannot merge them: only the budget holds.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf } from '../support/billing-fixture'
import { acceptInvitationMailedTo, inviteAsOwner } from '../support/invitations'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'

vi.mock('next/headers', () => nextHeadersMock())
vi.mock('next/cache', async (original) => ({ ...(await original<typeof import('next/cache')>()), revalidatePath: () => undefined }))

const fx = await startSubscriberFixture()
const { double, db, stripe, smtp } = fx
const { SEAT_INVOICES_PER_DAY, billingForSeatIncrease } = await import('@/lib/billing/seat-invoice-budget')
const { SUBSCRIPTION_INVOICE_LIMITS } = await import('@/lib/stripe/limits')

beforeAll(fx.start)
afterAll(fx.close)

/** An owner whose organization is on the Team plan, active (a returning customer: no trial), quantity 1. */
async function teamOwner(email: string) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  const checkoutTeam = async () => double.completeCheckout((await redirectOf(() => fx.billing.checkout({ lookupKey: 'team_monthly' }))).split('/').pop()!)
  await checkoutTeam()
  await stripe.subscriptions.cancel([...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!.id)
  await checkoutTeam()
  await fx.settle()
  const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id && s.status !== 'canceled')!
  expect(subscription.status).toBe('active')
  return { organization, subscription }
}

const seatUpdatesOf = (subscriptionId: string) =>
  double.requests.filter((r) => r.method === 'POST' && r.path === `/v1/subscriptions/${subscriptionId}` && r.params.items !== undefined && r.status === 200)
const seatInvoicesOf = (customerId: string) => [...double.invoices.values()].filter((i) => i.customer === customerId && i.billing_reason === 'subscription_update')

describe('the daily budget of immediate seat invoices', () => {
  it('leaves room under Stripe’s limits of 10 new invoices a minute and 20 a day per subscription', () => {
    expect(SEAT_INVOICES_PER_DAY).toBeLessThan(SUBSCRIPTION_INVOICE_LIMITS.perMinute)
    expect(SEAT_INVOICES_PER_DAY).toBeLessThan(SUBSCRIPTION_INVOICE_LIMITS.perDay)
  })

  it(`members added one at a time: the first ${SEAT_INVOICES_PER_DAY} are invoiced at once, the rest wait for the next invoice; a day later, at once again`, async () => {
    const owner = 'budget-owner@example.com'
    const { subscription } = await teamOwner(owner)
    const customerId = subscription.customer as string
    const invoicesBefore = seatInvoicesOf(customerId).length
    const added = SEAT_INVOICES_PER_DAY + 3
    for (let i = 1; i <= added; i += 1) {
      await inviteAsOwner(db, owner, `budget-${i}@example.com`)
      await acceptInvitationMailedTo(db, smtp.messages, `budget-${i}@example.com`)
      await fx.settle() // its own quiet period: one seat sync per member
    }

    const updates = seatUpdatesOf(subscription.id)
    expect(updates.map((u) => u.params.proration_behavior)).toEqual([
      ...Array<string>(SEAT_INVOICES_PER_DAY).fill('always_invoice'),
      ...Array<string>(added - SEAT_INVOICES_PER_DAY).fill('create_prorations'),
    ])
    expect(updates.map((u) => (u.params.items as { quantity: string }[])[0]!.quantity)).toEqual(Array.from({ length: added }, (_, i) => String(i + 2)))
    expect(seatInvoicesOf(customerId)).toHaveLength(invoicesBefore + SEAT_INVOICES_PER_DAY)
    expect(double.subscriptions.get(subscription.id)!.items.data[0]!.quantity).toBe(added + 1)
    expect(await db.seatIncrease.count({ where: { subscriptionId: subscription.id, invoicedNow: true } })).toBe(SEAT_INVOICES_PER_DAY)

    // A day later the budget is back (the rows are moved a day into the past, as the clock would).
    await db.seatIncrease.updateMany({ where: { subscriptionId: subscription.id }, data: { createdAt: new Date(Date.now() - 86_400_000 - 1000) } })
    await inviteAsOwner(db, owner, 'budget-next-day@example.com')
    await acceptInvitationMailedTo(db, smtp.messages, 'budget-next-day@example.com')
    await fx.settle()
    expect(seatUpdatesOf(subscription.id).at(-1)!.params).toMatchObject({ proration_behavior: 'always_invoice' })
    expect(seatInvoicesOf(customerId)).toHaveLength(invoicesBefore + SEAT_INVOICES_PER_DAY + 1)
    expect(await db.seatIncrease.count({ where: { subscriptionId: subscription.id } })).toBe(1) // the day-old rows are gone
  })

  it('instances deciding at once never spend more than the budget (at worst all wait for the next invoice), and a retry gets the decision it had', async () => {
    const scopes = Array.from({ length: SEAT_INVOICES_PER_DAY * 2 }, (_, i) => `tollgate:seats:sub_race:v${i}:${i + 1}-${i + 2}`)
    const decisions = await Promise.all(scopes.map((scope) => billingForSeatIncrease(scope, 'sub_race')))
    expect(decisions.filter((d) => d === 'always_invoice').length).toBeLessThanOrEqual(SEAT_INVOICES_PER_DAY)
    expect(await db.seatIncrease.count({ where: { subscriptionId: 'sub_race', invoicedNow: true } })).toBe(decisions.filter((d) => d === 'always_invoice').length)
    expect(await Promise.all(scopes.map((scope) => billingForSeatIncrease(scope, 'sub_race')))).toEqual(decisions)
  })

  it('one after another, exactly the budget is invoiced at once', async () => {
    const decisions = []
    for (let i = 0; i < SEAT_INVOICES_PER_DAY + 2; i += 1) decisions.push(await billingForSeatIncrease(`tollgate:seats:sub_serial:v${i}:${i + 1}-${i + 2}`, 'sub_serial'))
    expect(decisions).toEqual([...Array<string>(SEAT_INVOICES_PER_DAY).fill('always_invoice'), 'create_prorations', 'create_prorations'])
  })
})
