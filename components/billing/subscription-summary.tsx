import type { BillingState } from '@/lib/billing/billing-state'
import { planFor, type Plan } from '@/lib/billing/catalog'
import type { Entitlements } from '@/lib/billing/entitlements'
import { formatCharge } from '@/lib/billing/format'
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
type Row = { term: string; value: string; note?: string }

/**
 * Plan, price, status, seats and the next date that matters, as a definition list. `state`
 * (lib/billing/billing-state.ts) names the status and the subscription's own plan, and says whether it renews.
 * `seats`: members now, and the quantity Stripe bills (null before any subscription).
 */
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
  const { subscription } = entitlements
  // The subscription's own plan, even while it grants nothing yet (a bank debit still clearing) or any more.
  const plan: Plan = (subscription && planFor({ lookupKey: subscription.priceLookupKey, productId: subscription.productId })) || entitlements.plan
  const endsAt = subscription?.cancelAt ?? (subscription?.cancelAtPeriodEnd ? subscription.currentPeriodEnd : null)
  const charge = price?.unitAmount != null ? formatCharge({ unitAmount: price.unitAmount, currency: price.currency, interval: price.interval }, { perSeat: plan.perSeat, quantity: seats?.paidFor ?? 1 }) : null
  const rows: Row[] = [
    { term: 'Plan', value: state?.planName ?? plan.name },
    { term: 'Price', value: charge ?? 'Free' },
    { term: 'Status', value: state?.label ?? (subscription ? (STATUS_LABELS[subscription.status] ?? subscription.status) : 'Free plan') },
  ]
  if (seats) rows.push(seatRow(plan, seats))
  if (endsAt) rows.push({ term: 'Cancels on', value: formatDate(endsAt) })
  else if (subscription?.status === 'trialing' && subscription.trialEnd) rows.push({ term: 'Trial ends', value: formatDate(subscription.trialEnd), note: charge ? `Then ${charge}.` : undefined })
  else if (subscription?.currentPeriodEnd && state?.renews !== false) rows.push({ term: 'Renews on', value: formatDate(subscription.currentPeriodEnd) })

  return (
    <dl className="divide-y divide-zinc-200 rounded-2xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
      {rows.map(({ term, value, note }) => (
        <div key={term} className="flex justify-between gap-4 px-5 py-4 text-sm">
          <dt className="text-zinc-600 dark:text-zinc-400">{term}</dt>
          <dd className="min-w-0 text-right font-medium text-zinc-900 dark:text-white">
            {value}
            {note && <span className="mt-1 block text-xs font-normal text-zinc-600 dark:text-zinc-400">{note}</span>}
          </dd>
        </div>
      ))}
    </dl>
  )
}

/**
 * Members now against the plan's seat limit and, on a per-seat plan, the quantity Stripe bills, which follows the
 * members a few minutes after a change (inngest/sync-organization-seats.ts, decision 0042).
 */
function seatRow(plan: Plan, { used, paidFor }: { used: number; paidFor: number | null }): Row {
  const allows = `${plan.name} allows ${plan.limits.seats}`
  if (!plan.perSeat || paidFor === null) return { term: 'Seats', value: `${used} used · ${allows}` }
  const catchingUp = paidFor !== used ? 'Stripe’s count follows the members within a few minutes.' : undefined
  return { term: 'Seats', value: `${used} used · ${paidFor} paid for · ${allows}`, note: catchingUp }
}
