import type { ClockView } from '@/lib/billing/test-clock/clock-view'
import { licensedItem } from '@/lib/billing/subscription-items'
import { formatDate } from '@/lib/format-date'

const at = (seconds: number) => new Date(seconds * 1000)
/** A time on the clock as the page shows it: "December 21, 2026, 00:55 UTC". */
export const clockTime = (seconds: number) => `${formatDate(at(seconds))}, ${at(seconds).toISOString().slice(11, 16)} UTC`

/** The clock and what it acts on: the organization, its plan and period, on the clock's time. */
export function ClockSummary({ view, organizationName }: { view: ClockView; organizationName: string }) {
  const { clock, subscription } = view
  // The period of the plan's licensed item (a metered item moved mid-period counts usage from its own later start).
  const item = subscription ? licensedItem(subscription) : undefined
  const rows: { term: string; value: string }[] = [
    { term: 'Clock', value: `${clockTime(clock.frozen_time)}${clock.status === 'ready' ? '' : ` · ${clock.status.replace('_', ' ')}…`}` },
    { term: 'Organization', value: organizationName },
    { term: 'Plan', value: view.planName ? `${view.planName} · ${subscription!.status.replace('_', ' ')}` : 'No subscription yet' },
  ]
  if (item) rows.push({ term: 'Period', value: `${formatDate(at(item.current_period_start), 'medium')} – ${formatDate(at(item.current_period_end), 'medium')}` })
  if (subscription?.status === 'trialing' && subscription.trial_end) rows.push({ term: 'Trial ends', value: formatDate(at(subscription.trial_end)) })
  if (subscription?.cancel_at) rows.push({ term: 'Cancels on', value: formatDate(at(subscription.cancel_at)) })
  rows.push({ term: 'Card', value: view.defaultCard ?? 'None saved' })
  return (
    <dl aria-label="Test clock" className="divide-y divide-zinc-200 rounded-2xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
      {rows.map(({ term, value }) => (
        <div key={term} className="flex justify-between gap-4 px-5 py-4 text-sm">
          <dt className="text-zinc-600 dark:text-zinc-400">{term}</dt>
          <dd className="min-w-0 text-right font-medium break-words text-zinc-900 dark:text-white">{value}</dd>
        </div>
      ))}
    </dl>
  )
}
