import { randomUUID } from 'node:crypto'
import { ActionForm } from '@/components/billing/action-form'
import { grantPromotionalCredit } from '@/lib/operators/grant-credit'

/** Grants a promotional credit to the organization's metered use; each render mints the request id a submit uses once. */
export function GrantCreditForm({ organizationId }: { organizationId: string }) {
  return (
    <section aria-labelledby="org-credit" className="rounded-2xl border border-zinc-200 p-5 dark:border-zinc-800">
      <h2 id="org-credit" className="text-lg font-semibold text-zinc-900 dark:text-white">Promotional credit</h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">$25, for its usage-based prices, expiring in 90 days. Stripe applies it to the next metered invoices before the card.</p>
      <ActionForm
        action={grantPromotionalCredit}
        fields={{ requestId: randomUUID(), organizationId, dollars: '25', expiresInDays: '90' }}
        label="Grant $25 of credit"
        pendingLabel="Granting…"
        variant="secondary"
        className="mt-3 sm:w-64"
      />
    </section>
  )
}
