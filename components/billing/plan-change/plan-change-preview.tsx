import { formatAmount, formatCharge } from '@/lib/billing/format'
import { formatDate } from '@/lib/format-date'
import type { PlanChangePreviewView } from '@/lib/billing/plan-changes/preview'

type Row = { term: string; value: string; total?: boolean }

/** Stripe's preview in words: the new plan's charge and the credit that make up what is due now, then the next invoice. */
export function PlanChangePreview({ preview }: { preview: PlanChangePreviewView }) {
  const money = (amount: number) => formatAmount(amount, preview.currency)
  const plan = `${preview.planName} (${preview.interval})`
  const next: Row = { term: 'Next invoice', value: `${money(preview.nextAmount)} on ${formatDate(preview.nextAt)}` }
  const { unitAmount, interval, quantity, perSeat } = preview.price
  const price: Row = { term: `${preview.planName} (${preview.interval})`, value: formatCharge({ unitAmount, currency: preview.currency, interval }, { perSeat, quantity }) }
  const rows: Row[] = preview.invoicedNow
    ? [
        { term: `${plan} from today`, value: money(preview.charge) },
        ...(preview.credit > 0 ? [{ term: 'Credit for unused time', value: `−${money(preview.credit)}` }] : []),
        { term: 'Due today', value: money(preview.amountDue), total: true },
        next,
        price,
      ]
    : [{ term: 'Due today', value: money(0), total: true }, ...(preview.timing === 'period_end' ? [{ term: 'Changes on', value: formatDate(preview.changeAt) }] : []), next, price]
  const summary = preview.invoicedNow
    ? preview.amountDue > 0
      ? `Switch to ${plan} now. Stripe computed these amounts; confirming charges exactly this.`
      : `Switch to ${plan} now. Stripe computed these amounts: the credit covers the change, so nothing is charged today.`
    : preview.timing === 'now'
      ? `Switch to ${plan} now. Your trial goes on, and nothing is charged until it ends.`
      : `Switch to ${plan} when your current period ends. You keep your plan until then.`
  return (
    <div>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">{summary}</p>
      <dl className="mt-3 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        {rows.map(({ term, value, total }) => (
          <div key={term} className="flex flex-wrap justify-between gap-x-4 gap-y-1 py-2">
            <dt className={total ? 'font-medium text-zinc-900 dark:text-white' : 'text-zinc-600 dark:text-zinc-400'}>{term}</dt>
            <dd className={`tabular-nums ${total ? 'font-semibold text-zinc-900 dark:text-white' : 'font-medium text-zinc-900 dark:text-white'}`}>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}
