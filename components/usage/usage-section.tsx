import Link from 'next/link'
import { formatAmount } from '@/lib/billing/format'
import type { CreditView } from '@/lib/usage/credits'
import type { NextInvoiceEstimate } from '@/lib/usage/next-invoice'
import type { MeterSummary } from '@/lib/usage/usage-summary'
import { CreditSummary } from './credit-summary'
import { DailyUsageChart } from './daily-usage-chart'
import { LimitReached } from './limit-reached'
import { UsageGauge } from './usage-gauge'

const card = 'rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900'
const day = (date: Date) => date.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' })

/** /billing's usage: each meter this period, its overage so far, the chart, and Stripe's estimate of the next invoice. */
export function UsageSection({
  summaries,
  nextInvoice,
  credits = null,
  purchases,
  detailsHref,
  canUpgrade,
}: {
  summaries: readonly MeterSummary[]
  nextInvoice: NextInvoiceEstimate | null
  credits?: CreditView | null
  /** Credit purchases by the grant they made, to name them in the credit history. */
  purchases?: ReadonlyMap<string, { pack: string }>
  /** Where Stripe's estimate of the next invoice and the credit balance are shown, when not here. */
  detailsHref?: string
  canUpgrade: boolean
}) {
  if (summaries.length === 0) return null
  return (
    <section aria-labelledby="usage-heading" className={`mt-8 ${card}`}>
      <h2 id="usage-heading" className="text-lg font-semibold text-zinc-900 dark:text-white">
        Usage this period
      </h2>
      {summaries.map((s) => (
        <div key={s.meter.key} className="mt-4">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {day(s.period.start)} – {day(s.period.end)} · {s.meter.cap === 'hard' ? `up to ${s.allowance?.limit?.toLocaleString('en-US')} included, then refused` : `${s.allowance?.included.toLocaleString('en-US')} included, then billed per ${s.meter.unitLabel}`}
          </p>
          <UsageGauge className="mt-3" label={s.meter.displayName} used={s.used} included={s.allowance?.included ?? 0} limit={s.allowance?.limit ?? null} unitLabel={s.meter.unitLabel} />
          {s.price && (
            <p className="mt-3 text-sm text-zinc-700 dark:text-zinc-300">
              Overage so far: <span className="font-medium tabular-nums">{formatAmount(s.overageAmount ?? 0, s.price.currency)}</span>
              {s.overage > 0 && ` for ${s.overage.toLocaleString('en-US')} ${s.meter.unitLabel}s past the allowance`}.
            </p>
          )}
          {s.limitReached && <LimitReached summary={s} canUpgrade={canUpgrade} />}
          <DailyUsageChart days={s.daily} unitLabel={s.meter.unitLabel} />
        </div>
      ))}
      {nextInvoice && (
        <p className="mt-4 border-t border-zinc-200 pt-4 text-sm text-zinc-700 dark:border-zinc-800 dark:text-zinc-300">
          Next invoice, as Stripe previews it now: <span className="font-medium tabular-nums">{formatAmount(nextInvoice.amountDue, nextInvoice.currency)}</span>
. Stripe counts usage a few minutes after it is sent, so the latest use may not be in it yet.
        </p>
      )}
      <CreditSummary credits={credits} purchases={purchases} />
      {detailsHref && (
        <p className="mt-4 border-t border-zinc-200 pt-4 text-sm dark:border-zinc-800">
          <Link href={detailsHref} className="font-medium text-brand-700 underline dark:text-brand-300">
            Next invoice estimate and credits
          </Link>
        </p>
      )}
    </section>
  )
}
