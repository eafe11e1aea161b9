import 'server-only'
import { db } from '@/lib/db'
import { isUniqueViolation } from '@/lib/db/errors'

/**
 * Seat increases invoiced at once per subscription in any 24 hours. Stripe makes at most 20 new invoices per
 * subscription a day and 10 a minute (https://docs.stripe.com/rate-limits); seats take 5 of them and leave 15 for
 * what else invoices the same subscription that day: its first invoice, a renewal, an upgrade, a resume, the end
 * of a trial. Past the budget an increase is billed with the next invoice instead (decision 0042). A test keeps it
 * under SUBSCRIPTION_INVOICE_LIMITS (lib/stripe/limits.ts).
 */
export const SEAT_INVOICES_PER_DAY = 5
const DAY_MS = 86_400_000

export type SeatIncreaseBilling = 'always_invoice' | 'create_prorations'

/**
 * How to bill the seat increase sent under `scope` (its Stripe idempotency scope): `always_invoice` while the
 * subscription has had fewer than SEAT_INVOICES_PER_DAY of them in the last 24 hours, else `create_prorations`.
 * The decision is stored under the scope, so a retry of the same request asks Stripe the same thing (a key reused
 * with other parameters is refused). Instances deciding at once each insert their row first and then count, so
 * a race can only turn an increase into `create_prorations`, never spend a sixth invoice.
 */
export async function billingForSeatIncrease(scope: string, subscriptionId: string, now = new Date()): Promise<SeatIncreaseBilling> {
  const decided = await db.seatIncrease.findUnique({ where: { id: scope } })
  if (decided) return decided.invoicedNow ? 'always_invoice' : 'create_prorations'
  const since = new Date(now.getTime() - DAY_MS)
  // Rows past the window no longer count: the table holds at most a day of increases per subscription.
  await db.seatIncrease.deleteMany({ where: { subscriptionId, createdAt: { lt: since } } })
  try {
    await db.seatIncrease.create({ data: { id: scope, subscriptionId, invoicedNow: true, createdAt: now } })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    return billingForSeatIncrease(scope, subscriptionId, now) // another instance decided this very increase
  }
  const spent = await db.seatIncrease.count({ where: { subscriptionId, invoicedNow: true, createdAt: { gte: since } } })
  if (spent <= SEAT_INVOICES_PER_DAY) return 'always_invoice'
  await db.seatIncrease.update({ where: { id: scope }, data: { invoicedNow: false } })
  return 'create_prorations'
}

