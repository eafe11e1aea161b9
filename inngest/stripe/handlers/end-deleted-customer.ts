import { customerScope, testClockScope } from '@/lib/billing/customers'
import { db } from '@/lib/db'
import { startNextAttempt } from '@/lib/stripe/idempotency'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/**
 * A Stripe customer deleted (Dashboard or API). Stripe cancels its subscriptions at once
 * (https://docs.stripe.com/api/customers/delete), but a deleted customer's later events can no longer be tied to
 * the organization, so this ends its rows for that customer here and unlinks the organization: its next checkout
 * creates a new customer (under a new idempotency key: the old one would replay the deleted customer for a day).
 * History stays (rows are canceled, not removed). Decision 0011.
 */
export const endDeletedCustomer: StripeEventHandler<StripeEventOf<'customer.deleted'>> = {
  id: 'end-deleted-customer',
  async run(event, stripe) {
    const customerId = event.data.object.id
    const customer = await stripe.customers.retrieve(customerId)
    if (!customer.deleted) return { skipped: `customer ${customerId} exists again in Stripe` }
    const now = new Date()
    const ended = await db.subscription.updateMany({
      where: { customerId, status: { notIn: ['canceled', 'incomplete_expired'] } },
      data: { status: 'canceled', endedAt: now, canceledAt: now, stripeStateAt: now },
    })
    const linked = await db.organization.findMany({ where: { stripeCustomerId: customerId }, select: { id: true } })
    // A deleted customer's clock may be gone too (deleting a clock deletes its customers): the next customer gets a new one.
    for (const organization of linked) {
      await startNextAttempt(customerScope(organization.id))
      await startNextAttempt(testClockScope(organization.id))
    }
    const unlinked = await db.organization.updateMany({ where: { stripeCustomerId: customerId }, data: { stripeCustomerId: null } })
    return { customer: customerId, subscriptionsEnded: ended.count, organizationsUnlinked: unlinked.count }
  },
}
