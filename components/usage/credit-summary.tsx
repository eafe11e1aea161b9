import { formatAmount } from '@/lib/billing/format'
import type { CreditView } from '@/lib/usage/credits'

const day = (date: Date) => date.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' })

/** Billing credits: what is left for metered use (Stripe draws on it before the card) and the latest movements. */
export function CreditSummary({ credits, purchases = new Map() }: { credits: CreditView | null; purchases?: ReadonlyMap<string, { pack: string }> }) {
  if (!credits || (!credits.balance && credits.history.length === 0)) return null
  return (
    <div className="mt-4 border-t border-zinc-200 pt-4 text-sm dark:border-zinc-800">
      <h3 className="font-medium text-zinc-900 dark:text-white">Credits</h3>
      <p className="mt-1 text-zinc-700 dark:text-zinc-300">
        {credits.balance ? (
          <>
            <span className="font-medium tabular-nums">{formatAmount(credits.balance.available, credits.balance.currency)}</span> available; usage is paid from it
            before your card is charged.
          </>
        ) : (
          'No credits left.'
        )}
      </p>
      {credits.history.length > 0 && (
        <ul className="mt-2 space-y-1 text-zinc-600 dark:text-zinc-400">
          {credits.history.map((entry) => (
            <li key={entry.id} className="flex justify-between gap-4">
              <span>
                {day(entry.at)} · {entry.kind === 'debit' ? 'Used by an invoice' : entry.grantId && purchases.has(entry.grantId) ? `Bought: ${purchases.get(entry.grantId)?.pack}` : 'Credit received'}
              </span>
              <span className="tabular-nums">
                {entry.kind === 'credit' ? '+' : '−'}
                {formatAmount(entry.amount, entry.currency)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
