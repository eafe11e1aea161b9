import Link from 'next/link'
import { buttonClasses } from '@/components/ui/button'
import { cx } from '@/components/ui/cx'
import { checkout } from '@/lib/billing/actions'
import type { Interval } from '@/lib/billing/catalog'
import { formatAmount, formatCharge } from '@/lib/billing/format'
import type { PricedPlan } from '@/lib/billing/pricing'
import { CheckoutActionForm, PlanChangeButton } from './signed-in-plan-buttons'

/**
 * `changeFrom`: the subscribed price when the plan can change in the app; other offers then open Stripe's preview.
 * `organization`: the signed-in user's active organization — what it would pay for this plan (its members are
 * the seats), and whether the user may choose a plan for it (an owner or admin).
 */
type Props = {
  plan: PricedPlan
  interval: Interval
  current: boolean
  signedIn: boolean
  changeFrom?: string | null
  featured?: boolean
  organization?: { name: string; personal: boolean; members: number; managesBilling: boolean } | null
  /** false when no Stripe key is set: nothing can be bought, and the page's notice says how to connect Stripe. */
  paymentsConnected?: boolean
}

export function PlanCard({ plan, interval, current, signedIn, changeFrom = null, featured = false, organization = null, paymentsConnected = true }: Props) {
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
        <span className="text-sm text-zinc-600 dark:text-zinc-400">{offer ? (plan.perSeat ? ` per seat / ${interval}` : ` / ${interval}`) : ' forever'}</span>
      </p>
      {offer && organization && <p className="mt-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">{forOrganization(plan, offer, organization)}</p>}
      <p className="mt-1 min-h-5 text-sm text-zinc-600 dark:text-zinc-400">{plan.trialDays > 0 ? `${plan.trialDays}-day free trial for new customers` : ''}</p>
      <ul className="mt-6 flex-1 space-y-2 text-sm text-zinc-700 dark:text-zinc-300">
        {plan.highlights.map((line) => (
          <li key={line} className="flex gap-2">
            <span aria-hidden="true" className="text-brand-600 dark:text-brand-400">✓</span>
            {line}
          </li>
        ))}
      </ul>
      <div className="mt-8">
        {offer && organization && !organization.managesBilling ? (
          <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">Only owners and admins of {organization.name} can choose its plan.</p>
        ) : offer && signedIn && !current && !paymentsConnected ? (
          <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">Payments are not connected yet: the steps above connect Stripe.</p>
        ) : !offer ? (
          <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">{current ? 'You are on this plan' : 'Included with every account'}</p>
        ) : changeFrom && offer.lookupKey !== changeFrom ? (
          <PlanChangeButton lookupKey={offer.lookupKey} label={current ? `Switch to ${interval}ly billing` : `Switch to ${plan.name}`} variant={featured ? 'primary' : 'secondary'} />
        ) : current ? (
          <Link href="/billing" className={buttonClasses({ variant: 'secondary', className: 'w-full' })}>
            Manage your plan
          </Link>
        ) : signedIn ? (
          <CheckoutActionForm action={checkout} fields={{ lookupKey: offer.lookupKey }} label={`Choose ${plan.name}`} pendingLabel="Opening checkout…" variant={featured ? 'primary' : 'secondary'} />
        ) : (
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(interval === 'year' ? '/pricing?interval=year' : '/pricing')}`} className={buttonClasses({ variant: featured ? 'primary' : 'secondary', className: 'w-full' })}>
            Sign in to choose {plan.name}
          </Link>
        )}
      </div>
    </section>
  )
}

/** What the organization would pay on this plan: its members are the seats of a per-seat plan. */
function forOrganization(plan: PricedPlan, offer: PricedPlan['offers'][number], organization: { name: string; personal: boolean; members: number }): string {
  if (plan.perSeat && organization.members > plan.limits.seats) {
    return `${organization.name} has ${organization.members} members; ${plan.name} allows ${plan.limits.seats}.`
  }
  const charge = formatCharge({ unitAmount: offer.amount, currency: offer.currency, interval: offer.interval }, { perSeat: plan.perSeat, quantity: plan.perSeat ? organization.members : 1 })
  return `For ${organization.personal && organization.members === 1 ? 'you' : organization.name}: ${charge}`
}
