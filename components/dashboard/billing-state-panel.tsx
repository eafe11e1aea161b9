import Link from 'next/link'
import { BillingNotice } from '@/components/billing/billing-notice'
import { buttonClasses } from '@/components/ui/button'
import type { BillingState } from '@/lib/billing/billing-state'

/**
 * Where billing stands and its one next step, in the same words as /billing (lib/billing/billing-state.ts): the
 * only place on the dashboard that says anything about payments.
 */
export function BillingStatePanel({ state }: { state: BillingState }) {
  return (
    <section aria-labelledby="billing-state-heading" className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="billing-state-heading" className="text-lg font-semibold text-zinc-900 dark:text-white">
        Billing
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {state.standing === 'free' ? 'You are on the free plan; nothing to pay.' : `${state.planName}: ${state.label}.`}
      </p>
      <BillingNotice state={state} className="mt-4" />
      <Link href={state.standing === 'free' ? '/pricing' : '/billing'} className={buttonClasses({ variant: 'secondary', size: 'sm', className: 'mt-4' })}>
        {state.standing === 'free' ? 'See plans' : 'Open billing'}
      </Link>
    </section>
  )
}
