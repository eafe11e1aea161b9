import type { BillingState } from '@/lib/billing/billing-state'
import type { Entitlements } from '@/lib/billing/entitlements'
import { formatAmount } from '@/lib/billing/format'
import { formatDate } from '@/lib/format-date'

const STATUS_LABELS: Record<string, string> = {
  trialing: 'Free trial',
  active: 'Active',
  past_due: 'Payment failed',
  unpaid: 'Unpaid',
  incomplete: 'Awaiting payment',
  paused: 'Paused',
  canceled: 'Canceled',
}


type Price = { unitAmount: number | null; currency: string; interval: string | null } | null

/** Plan, price, status and the next date that matters, as a definition list. */
/** `state` (lib/billing/billing-state.ts) names the status and the subscription's own plan, and says whether it renews. */
/** `seats`: members now, and the quantity Stripe bills (null before any subscription). */
export function SubscriptionSummary({
  entitlements,
  price,
  state,
  seats,
}: {
  entitlements: Entitlements
  price: Price
  state?: Pick<BillingState, 'label' | 'planName' | 'renews'>
  seats?: { used: number; paidFor: number | null }
}) {
  const { plan, subscription } = entitlements
  const endsAt = subscription?.cancelAt ?? (subscription?.cancelAtPeriodEnd ? subscription.currentPeriodEnd : null)
  const rows: [string, string][] = [
    ['Plan', state?.planName ?? plan.name],
    ['Price', price?.unitAmount != null ? `${formatAmount(price.unitAmount, price.currency)} / ${price.interval ?? 'once'}` : 'Free'],
    ['Status', state?.label ?? (subscription ? (STATUS_LABELS[subscription.status] ?? subscription.status) : 'Free plan')],
  ]
  if (seats) rows.push(['Seats', `${seats.used} used${seats.paidFor !== null ? ` · ${seats.paidFor} paid for` : ''} · up to ${plan.limits.seats}`])
  if (endsAt) rows.push(['Cancels on', formatDate(endsAt)])
  else if (subscription?.status === 'trialing' && subscription.trialEnd) rows.push(['Trial ends', formatDate(subscription.trialEnd)])
  else if (subscription?.currentPeriodEnd && state?.renews !== false) rows.push(['Renews on', formatDate(subscription.currentPeriodEnd)])

  return (
    <dl className="divide-y divide-zinc-200 rounded-2xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
      {rows.map(([term, value]) => (
        <div key={term} className="flex justify-between gap-4 px-5 py-4 text-sm">
          <dt className="text-zinc-600 dark:text-zinc-400">{term}</dt>
          <dd className="font-medium text-zinc-900 dark:text-white">{value}</dd>
        </div>
      ))}
    </dl>
  )
}
