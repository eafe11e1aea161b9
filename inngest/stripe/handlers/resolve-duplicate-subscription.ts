import { billingRecipient } from '@/lib/billing/billing-recipient'
import { resolveDuplicateSubscriptions } from '@/lib/billing/one-subscription'
import { formatAmount } from '@/lib/billing/format'
import { sendEmailOnce } from '@/lib/email/send-once'
import { duplicateSubscriptionEmail } from '@/lib/email/templates/duplicate-subscription-email'
import { env } from '@/lib/env'
import { customerOf } from '@/lib/webhooks/ledger'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/**
 * A completed checkout that leaves the customer with a second live subscription (two tabs, both paid before
 * either was expired) is resolved at once: the newer subscription is refunded and canceled, and the user is told
 * by email, once per canceled subscription however many events see it. Decision 0011.
 */
export const resolveDuplicateSubscription: StripeEventHandler<StripeEventOf<'checkout.session.completed'>> = {
  id: 'resolve-duplicate-subscription',
  async run(event, stripe) {
    const customerId = customerOf(event)
    if (!customerId) return { skipped: 'the session names no customer' }
    const duplicates = await resolveDuplicateSubscriptions(stripe, customerId)
    if (duplicates.length === 0) return { duplicates: 0 }
    const recipient = await billingRecipient(customerId)
    const emails = []
    for (const duplicate of duplicates) {
      if ('skipped' in recipient) {
        emails.push({ subscription: duplicate.id, skipped: recipient.skipped })
        continue
      }
      const email = duplicateSubscriptionEmail({
        to: recipient.email,
        keptPlan: duplicate.keptPlan,
        canceledPlan: duplicate.plan,
        refund: duplicate.refunded ? formatAmount(duplicate.refunded.amount, duplicate.refunded.currency) : null,
        billingUrl: `${env().APP_URL}/billing`,
      })
      emails.push({ subscription: duplicate.id, result: await sendEmailOnce(`duplicate-subscription:${duplicate.id}`, email) })
    }
    return { canceled: duplicates.map((d) => ({ id: d.id, refunded: d.refunded })), emails }
  },
}
