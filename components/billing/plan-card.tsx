import Link from 'next/link'
import { buttonClasses } from '@/components/ui/button'
import { cx } from '@/components/ui/cx'
import { checkout } from '@/lib/billing/actions'
import type { Interval } from '@/lib/billing/catalog'
import { formatAmount } from '@/lib/billing/format'
import type { PricedPlan } from '@/lib/billing/pricing'
import { ActionForm } from './action-form'
import { PlanChangeButton } from './plan-change/plan-change-button'

/** `changeFrom`: the subscribed price when the plan can change in the app; other offers then open Stripe's preview. */
type Props = { plan: PricedPlan; interval: Interval; current: boolean; signedIn: boolean; changeFrom?: string | null; featured?: boolean }

export function PlanCard({ plan, interval, current, signedIn, changeFrom = null, featured = false }: Props) {
  const offer = plan.offers.find((o) => o.interval === interval)
  const headingId = `plan-${plan.key}`
  return (
    <section
      aria-labelledby={headingId}
      className={cx(
        'flex flex-col rounded-2xl border bg-white p-6 dark:bg-zinc-900',
        featured ? 'border-brand-600 ring-1 ring-brand-600 dark:border-brand-400 dark:ring-brand-400' : 'border-zinc-200 dark:border-zinc-800',
      )}
    >
      <div className="flex items-center justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold text-zinc-900 dark:text-white">
          {plan.name}
        </h2>
        {current && <span className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-800 dark:bg-brand-950 dark:text-brand-200">Current plan</span>}
      </div>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{plan.description}</p>
      <p className="mt-6">
        <span className="text-4xl font-semibold tracking-tight text-zinc-900 dark:text-white">{offer ? formatAmount(offer.amount, offer.currency) : '$0'}</span>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">{offer ? ` / ${interval}` : ' forever'}</span>
      </p>
      <p className="mt-1 h-5 text-sm text-zinc-600 dark:text-zinc-400">{plan.trialDays > 0 ? `${plan.trialDays}-day free trial for new customers` : ''}</p>
      <ul className="mt-6 flex-1 space-y-2 text-sm text-zinc-700 dark:text-zinc-300">
        {plan.highlights.map((line) => (
          <li key={line} className="flex gap-2">
            <span aria-hidden="true" className="text-brand-600 dark:text-brand-400">✓</span>
            {line}
          </li>
        ))}
      </ul>
      <div className="mt-8">
        {!offer ? (
          <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">{current ? 'You are on this plan' : 'Included with every account'}</p>
        ) : changeFrom && offer.lookupKey !== changeFrom ? (
          <PlanChangeButton lookupKey={offer.lookupKey} label={current ? `Switch to ${interval}ly billing` : `Switch to ${plan.name}`} variant={featured ? 'primary' : 'secondary'} />
        ) : current ? (
          <Link href="/billing" className={buttonClasses({ variant: 'secondary', className: 'w-full' })}>
            Manage your plan
          </Link>
        ) : signedIn ? (
          <ActionForm action={checkout} fields={{ lookupKey: offer.lookupKey }} label={`Choose ${plan.name}`} pendingLabel="Opening checkout…" variant={featured ? 'primary' : 'secondary'} />
        ) : (
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(interval === 'year' ? '/pricing?interval=year' : '/pricing')}`} className={buttonClasses({ variant: featured ? 'primary' : 'secondary', className: 'w-full' })}>
            Sign in to choose {plan.name}
          </Link>
        )}
      </div>
    </section>
  )
}
