import { randomUUID } from 'node:crypto'
import { CheckoutActionForm } from '@/components/billing/signed-in-plan-buttons'
import { buyCredits } from '@/lib/billing/actions'
import type { CreditPack } from '@/lib/billing/catalog'
import { formatAmount } from '@/lib/billing/format'

const card = 'rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900'

/**
 * Credit packs to buy with a one-time payment: each says what is paid and what is credited before the button. A
 * request id per render, so the same button pressed twice opens one Checkout session.
 */
export function BuyCredits({ packs, bought }: { packs: readonly CreditPack[]; bought?: CreditPack }) {
  if (packs.length === 0) return null
  return (
    <section aria-labelledby="buy-credits-heading" className={`mt-8 ${card}`}>
      <h2 id="buy-credits-heading" className="text-lg font-semibold text-zinc-900 dark:text-white">
        Buy credits
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Paid once by card. Your metered use is paid from credit before your card is charged; credit does not expire.</p>
      {bought && (
        <p role="status" className="mt-3 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
          Thank you: {bought.name} is on its way to your balance (it shows once Stripe confirms the payment).
        </p>
      )}
      <ul className="mt-4 grid gap-3 sm:grid-cols-2">
        {packs.map((pack) => (
          <li key={pack.key} className="flex flex-col gap-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
            <p className="text-sm text-zinc-700 dark:text-zinc-300">
              Pay <span className="font-medium tabular-nums text-zinc-900 dark:text-white">{formatAmount(pack.amount, pack.currency)}</span> once, receive{' '}
              <span className="font-medium tabular-nums text-zinc-900 dark:text-white">{formatAmount(pack.credit, pack.currency)}</span> of credit.
            </p>
            <CheckoutActionForm
              action={buyCredits}
              fields={{ pack: pack.key, requestId: randomUUID() }}
              label={`Buy ${formatAmount(pack.credit, pack.currency)} of credit`}
              pendingLabel="Opening checkout…"
              variant="secondary"
              size="sm"
            />
          </li>
        ))}
      </ul>
    </section>
  )
}
