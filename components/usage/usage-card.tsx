import Link from 'next/link'
import type { MeterSummary } from '@/lib/usage/usage-summary'
import { LimitReached } from './limit-reached'
import { UsageGauge } from './usage-gauge'

const card = 'rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900'

/** The dashboard's gauge: each meter of the plan this period, and the way to the playground. */
export function UsageCard({ summaries, canUpgrade }: { summaries: readonly MeterSummary[]; canUpgrade: boolean }) {
  if (summaries.length === 0) return null
  return (
    <section aria-labelledby="usage-card-heading" className={card}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="usage-card-heading" className="text-lg font-semibold text-zinc-900 dark:text-white">
          Usage this period
        </h2>
        <Link href="/dashboard/usage" className="text-sm font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300">
          Try the playground
        </Link>
      </div>
      {summaries.map((s) => (
        <div key={s.meter.key}>
          <UsageGauge className="mt-4" label={s.meter.displayName} used={s.used} included={s.allowance?.included ?? 0} limit={s.allowance?.limit ?? null} unitLabel={s.meter.unitLabel} />
          {s.limitReached && <LimitReached summary={s} canUpgrade={canUpgrade} />}
        </div>
      ))}
    </section>
  )
}
