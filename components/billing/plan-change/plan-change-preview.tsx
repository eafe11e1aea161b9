import { formatAmount } from '@/lib/billing/format'
import { formatDate } from '@/lib/format-date'
import type { PlanChangePreviewView } from '@/lib/billing/plan-changes/preview'

/** Stripe's preview in words: what is due now, the credit in it, and the next invoice. */
export function PlanChangePreview({ preview }: { preview: PlanChangePreviewView }) {
  const money = (amount: number) => formatAmount(amount, preview.currency)
  const rows: [string, string][] =
    preview.timing === 'now'
      ? [
          ['Due today', money(preview.amountDue)],
          ...(preview.credit > 0 ? [['Credit for unused time', `−${money(preview.credit)}`] satisfies [string, string]] : []),
          ['Next invoice', `${money(preview.nextAmount)} on ${formatDate(preview.nextAt)}`],
        ]
      : [
          ['Due today', money(0)],
          ['Changes on', formatDate(preview.changeAt)],
          ['Next invoice', `${money(preview.nextAmount)} on ${formatDate(preview.nextAt)}`],
        ]
  return (
    <div>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        {preview.timing === 'now'
          ? `Switch to ${preview.planName} (${preview.interval}) now. Stripe computed these amounts; confirming charges exactly this.`
          : `Switch to ${preview.planName} (${preview.interval}) when your current period ends. You keep your plan until then.`}
      </p>
      <dl className="mt-3 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        {rows.map(([term, value]) => (
          <div key={term} className="flex justify-between gap-4 py-2">
            <dt className="text-zinc-600 dark:text-zinc-400">{term}</dt>
            <dd className="font-medium text-zinc-900 tabular-nums dark:text-white">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}
