import Link from 'next/link'
import { buttonClasses } from '@/components/ui/button'
import { PLANS } from '@/lib/billing/catalog'

/**
 * The example of a gated feature: the dashboard asks the entitlements whether the plan includes `reports`.
 * Replace the body with your own feature; keep the check in the page (or action) that serves it.
 */
const plansWithReports = new Intl.ListFormat('en', { type: 'conjunction' }).format(
  PLANS.filter((plan) => plan.features.includes('reports')).map((plan) => plan.name),
)

type Props = {
  unlocked: boolean
  /** Who may upgrade: the user ('you', an owner or admin), or the organization whose owners must. */
  upgradeBy?: 'you' | { organizationName: string }
  /** The subscribed plan that includes reports but grants nothing yet or now (a payment clearing, unpaid, paused). */
  waitingOn?: string | null
}

export function RevenueReports({ unlocked, upgradeBy = 'you', waitingOn = null }: Props) {
  return (
    <section aria-labelledby="reports-heading" className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="reports-heading" className="text-lg font-semibold text-zinc-900 dark:text-white">
        Revenue reports
      </h2>
      {unlocked ? (
        <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300" data-feature="reports">
          Reports are unlocked on your plan. This is where your MRR, churn and trial conversion would appear.
        </p>
      ) : waitingOn ? (
        <>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Revenue reports come with {waitingOn}, which is off until its payment goes through.</p>
          {upgradeBy === 'you' && (
            <Link href="/billing" className={buttonClasses({ size: 'sm', variant: 'secondary', className: 'mt-4' })}>
              Open billing
            </Link>
          )}
        </>
      ) : (
        <>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Revenue reports are part of the {plansWithReports} plans.</p>
          {upgradeBy === 'you' ? (
            <Link href="/pricing" className={buttonClasses({ size: 'sm', className: 'mt-4' })}>
              Upgrade to unlock
            </Link>
          ) : (
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Ask an owner or admin of {upgradeBy.organizationName} to upgrade.</p>
          )}
        </>
      )}
    </section>
  )
}
