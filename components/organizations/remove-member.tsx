import { ActionForm } from '@/components/billing/action-form'
import { buttonClasses } from '@/components/ui/button'
import { removeFromOrganization } from '@/lib/organizations/actions'

type Props = { membershipId: string; who: string; organizationName: string; seatNote: string | null }

/**
 * "Remove", then a confirmation that says what removing does, and one button that does it. A `<details>`, like the
 * cancellation step, so it opens without JavaScript too; pressing "Remove" again closes it.
 */
export function RemoveMember({ membershipId, who, organizationName, seatNote }: Props) {
  return (
    <details className="group w-full sm:mt-6 sm:w-auto">
      <summary className={buttonClasses({ variant: 'secondary', size: 'md', className: 'w-full cursor-pointer list-none sm:w-auto [&::-webkit-details-marker]:hidden' })}>
        Remove<span className="sr-only"> {who}</span>
      </summary>
      <div className="mt-3 space-y-3 rounded-lg border border-zinc-200 bg-zinc-50 p-3 text-sm text-zinc-700 sm:max-w-sm dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-300">
        <p>
          {who} loses access to {organizationName} at once. An owner or admin can invite them again.{seatNote ? ` ${seatNote}` : ''}
        </p>
        <ActionForm action={removeFromOrganization} fields={{ membershipId }} label="Yes, remove" accessibleLabel={`Yes, remove ${who}`} pendingLabel="Removing…" variant="primary" size="md" />
      </div>
    </details>
  )
}
