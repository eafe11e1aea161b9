import Link from 'next/link'
import { BillingNotice } from '@/components/billing/billing-notice'
import { buttonClasses } from '@/components/ui/button'
import type { BillingState } from '@/lib/billing/billing-state'

type Props = {
  state: BillingState
  /** What the subscription costs each period, in words (lib/billing/subscription-charge.ts); null on Free. */
  charge: string | null
  /** Whether the user may open /billing (an owner or admin); a plain member is told who can. */
  managesBilling: boolean
  organizationName: string
}

/**
 * Where billing stands and its one next step, in the same words as /billing (lib/billing/billing-state.ts): the
 * only place on the dashboard that says anything about payments.
 */
export function BillingStatePanel({ state, charge, managesBilling, organizationName }: Props) {
  const free = state.standing === 'free'
  return (
    <section aria-labelledby="billing-state-heading" className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="billing-state-heading" className="text-lg font-semibold text-zinc-900 dark:text-white">
        Billing
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{free ? 'On the free plan; nothing to pay.' : `${state.planName}: ${state.label}.`}</p>
      {charge && <p className="mt-1 text-sm font-medium text-zinc-900 dark:text-white">{state.standing === 'trialing' ? `After the trial: ${charge}` : charge}</p>}
      <BillingNotice state={state} canAct={managesBilling} className="mt-4" />
      {managesBilling ? (
        <Link href={free ? '/pricing' : '/billing'} className={buttonClasses({ variant: 'secondary', size: 'sm', className: 'mt-4' })}>
          {free ? 'See plans' : 'Open billing'}
        </Link>
      ) : (
        <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">Only owners and admins of {organizationName} manage its plan and payments.</p>
      )}
    </section>
  )
}
