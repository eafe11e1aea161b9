import Link from 'next/link'
import { buttonClasses } from '@/components/ui/button'
import type { Entitlements } from '@/lib/billing/entitlements'

/**
 * SLOT for the billing state and its next step (trialing until…, payment failed: update your card, …).
 * Those words and steps belong to lib/billing/billing-state.ts (issue 9); wire it here once it is merged:
 * this component takes the entitlements and is the only place on the dashboard that should say anything about
 * payments. Until then it points to the billing page, which says it.
 */
export function BillingStateSlot({ entitlements }: { entitlements: Pick<Entitlements, 'plan' | 'subscription'> }) {
  return (
    <section aria-labelledby="billing-state-heading" data-slot="billing-state" className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="billing-state-heading" className="text-lg font-semibold text-zinc-900 dark:text-white">
        Billing
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {entitlements.subscription ? `Payments, invoices and changes to your ${entitlements.plan.name} subscription.` : 'You are on the free plan; nothing to pay.'}
      </p>
      <Link href="/billing" className={buttonClasses({ variant: 'secondary', size: 'sm', className: 'mt-4' })}>
        Open billing
      </Link>
    </section>
  )
}
