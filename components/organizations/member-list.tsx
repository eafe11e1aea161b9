import { changeMemberRole } from '@/lib/organizations/actions'
import type { MemberRow } from '@/lib/organizations/list-members'
import { can, isRole, ROLE_LABELS, type Role } from '@/lib/organizations/roles'
import { RemoveMember } from './remove-member'
import { TextActionForm } from './text-action-form'

/** `seatNote`: what a removal does to the bill, for the confirmation (null when nothing is billed per seat). */
type Props = { members: MemberRow[]; actorRole: Role; actorUserId: string; assignable: { value: string; label: string }[]; organizationName: string; seatNote: string | null }

/** Members with their roles; owners and admins get a role picker and a remove button (admins not on owners). */
export function MemberList({ members, actorRole, actorUserId, assignable, organizationName, seatNote }: Props) {
  return (
    <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800">
      {members.map((member) => {
        const role = isRole(member.role) ? member.role : 'member'
        const manageable = can(actorRole, 'manage_members') && member.userId !== actorUserId && (role !== 'owner' || actorRole === 'owner')
        return (
          <li key={member.membershipId} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-start sm:justify-between">
            <div className={manageable ? 'min-w-0 sm:pt-6' : 'min-w-0'}>
              <p className="truncate text-sm font-medium text-zinc-900 dark:text-white">{member.name || member.email}</p>
              <p className="truncate text-sm text-zinc-600 dark:text-zinc-400">
                {member.name ? `${member.email} · ` : ''}
                {ROLE_LABELS[role]}
                {member.userId === actorUserId ? ' (you)' : ''}
              </p>
            </div>
            {manageable && (
              <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
                <TextActionForm action={changeMemberRole} id={`role-${member.membershipId}`} fields={[]} roles={assignable} role={role} hidden={{ membershipId: member.membershipId }} label="Change role" pendingLabel="Changing…" doneMessage="Role changed." />
                <RemoveMember membershipId={member.membershipId} who={member.name || member.email || 'This member'} organizationName={organizationName} seatNote={seatNote} />
              </div>
            )}
          </li>
        )
      })}
    </ul>
  )
}
