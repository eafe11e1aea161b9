import { ActionForm } from '@/components/billing/action-form'
import { changeMemberRole, removeFromOrganization } from '@/lib/organizations/actions'
import type { MemberRow } from '@/lib/organizations/list-members'
import { can, isRole, ROLE_LABELS, type Role } from '@/lib/organizations/roles'
import { TextActionForm } from './text-action-form'

type Props = { members: MemberRow[]; actorRole: Role; actorUserId: string; assignable: { value: string; label: string }[] }

/** Members with their roles; owners and admins get a role picker and a remove button (admins not on owners). */
export function MemberList({ members, actorRole, actorUserId, assignable }: Props) {
  return (
    <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800">
      {members.map((member) => {
        const role = isRole(member.role) ? member.role : 'member'
        const manageable = can(actorRole, 'manage_members') && member.userId !== actorUserId && (role !== 'owner' || actorRole === 'owner')
        return (
          <li key={member.membershipId} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-zinc-900 dark:text-white">{member.name || member.email}</p>
              <p className="truncate text-sm text-zinc-600 dark:text-zinc-400">
                {member.name ? `${member.email} · ` : ''}
                {ROLE_LABELS[role]}
                {member.userId === actorUserId ? ' (you)' : ''}
              </p>
            </div>
            {manageable && (
              <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
                <TextActionForm action={changeMemberRole} id={`role-${member.membershipId}`} fields={[]} roles={assignable} role={role} hidden={{ membershipId: member.membershipId }} label="Change role" pendingLabel="Changing…" doneMessage="Role changed." />
                <ActionForm action={removeFromOrganization} fields={{ membershipId: member.membershipId }} label="Remove" accessibleLabel={`Remove ${member.name || member.email}`} pendingLabel="Removing…" variant="secondary" size="md" className="sm:w-auto" />
              </div>
            )}
          </li>
        )
      })}
    </ul>
  )
}
