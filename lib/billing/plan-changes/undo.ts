import 'server-only'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { syncStripeCustomer } from '../sync-customer'
import { releasePendingPlanChange } from './schedule'

/**
 * Undoes a change waiting for the period's end by releasing its schedule (decision 0028: the subscription goes on
 * as it is, with no schedule left to manage it, which the portal and a later cancellation need).
 */
export async function undoScheduledChange(stripe: Stripe, organizationId: string): Promise<void> {
  const row = await db.subscription.findFirst({ where: { organizationId, scheduledPriceId: { not: null } }, select: { customerId: true } })
  if (!row) throw new ActionFailure('not_found', 'There is no plan change waiting to undo.')
  await releasePendingPlanChange(stripe, organizationId)
  await syncStripeCustomer(stripe, row.customerId)
}
