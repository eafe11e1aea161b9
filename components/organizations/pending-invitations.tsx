import { ActionForm } from '@/components/billing/action-form'
import { revokeInvite } from '@/lib/organizations/actions'
import type { InvitationRow } from '@/lib/organizations/list-members'
import { isRole, ROLE_LABELS } from '@/lib/organizations/roles'
import { formatDate } from '@/lib/format-date'


/** Invitations not yet accepted, each with a revoke button. */
export function PendingInvitations({ invitations }: { invitations: InvitationRow[] }) {
  if (invitations.length === 0) return <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">No pending invitations.</p>
  return (
    <div className="mt-6">
      <h3 className="text-sm font-semibold text-zinc-900 dark:text-white">Pending invitations</h3>
      <ul className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-800">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
            <p className="min-w-0 truncate text-sm text-zinc-700 dark:text-zinc-300">
              {invitation.email} · {isRole(invitation.role) ? ROLE_LABELS[invitation.role] : invitation.role} · until {formatDate(invitation.expiresAt, 'medium')}
            </p>
            <ActionForm action={revokeInvite} fields={{ invitationId: invitation.id }} label="Revoke" accessibleLabel={`Revoke invitation for ${invitation.email}`} pendingLabel="Revoking…" variant="secondary" className="sm:w-auto" />
          </li>
        ))}
      </ul>
    </div>
  )
}
