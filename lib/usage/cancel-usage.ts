import 'server-only'
import { db } from '@/lib/db'
import { retryWhileBusy } from '@/lib/db/sqlite-busy-retry'

/**
 * Takes back a use recorded by mistake: the running total drops at once, and the sender either never sends it
 * (still pending) or sends Stripe a meter event adjustment that cancels it (already sent; Stripe accepts that
 * within 24 hours of receiving the event). Returns false for an identifier not recorded, or already cancelled.
 */
export async function cancelUsage(organizationId: string, meterKey: string, identifier: string): Promise<boolean> {
  return retryWhileBusy(() =>
    db.$transaction(async (tx) => {
      const event = await tx.usageEvent.findUnique({ where: { organizationId_meterKey_identifier: { organizationId, meterKey, identifier } } })
      if (!event || event.cancelRequestedAt || !['pending', 'sent', 'local'].includes(event.status)) return false
      const { count } = await tx.usageEvent.updateMany({
        where: { id: event.id, cancelRequestedAt: null },
        // A row kept only in the app has nothing to tell Stripe.
        data: { cancelRequestedAt: new Date(), ...(event.status === 'local' && { status: 'cancelled' }) },
      })
      if (count === 0) return false
      await tx.usageTotal.updateMany({ where: { organizationId, meterKey, periodStart: event.periodStart }, data: { used: { decrement: event.value } } })
      return true
    }),
  )
}
