import type { Metadata } from 'next'
import Link from 'next/link'
import { ActionForm } from '@/components/billing/action-form'
import { MemberList } from '@/components/organizations/member-list'
import { PendingInvitations } from '@/components/organizations/pending-invitations'
import { TextActionForm } from '@/components/organizations/text-action-form'
import { Container } from '@/components/ui/container'
import { requireUser } from '@/lib/auth/session'
import type { Entitlements } from '@/lib/billing/entitlements'
import { getEntitlements } from '@/lib/billing/get-entitlements'
import { getActiveOrganization } from '@/lib/organizations/active-organization'
import { createNewOrganization, invite, leaveActiveOrganization, renameActiveOrganization } from '@/lib/organizations/actions'
import { listMembers } from '@/lib/organizations/list-members'
import { aRole, can, ROLE_LABELS, ROLES } from '@/lib/organizations/roles'

export const metadata: Metadata = { title: 'Organization' }

const section = 'rounded-2xl border border-zinc-200 p-5 sm:p-6 dark:border-zinc-800'
const heading = 'text-lg font-semibold text-zinc-900 dark:text-white'

export default async function OrganizationSettingsPage() {
  const user = await requireUser('/settings/organization')
  const organization = await getActiveOrganization(user)
  const [{ members, invitations, seatsTaken }, entitlements] = await Promise.all([listMembers(organization.id), getEntitlements(organization.id)])
  const { plan } = entitlements
  const managesMembers = can(organization.role, 'manage_members')
  const onlyOwner = organization.role === 'owner' && members.filter((member) => member.role === 'owner').length === 1
  const assignable = ROLES.filter((role) => organization.role === 'owner' || role !== 'owner').map((role) => ({ value: role, label: ROLE_LABELS[role] }))

  return (
    <Container className="max-w-3xl space-y-8 py-12">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">{organization.name}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">
          You are {aRole(organization.role)} of this organization. {plan.name} plan: {seatsTaken} of{' '}
          {plan.limits.seats} seat{plan.limits.seats === 1 ? '' : 's'} taken (members and pending invitations).
        </p>
      </div>

      {can(organization.role, 'manage_organization') && (
        <section aria-labelledby="org-name" className={section}>
          <h2 id="org-name" className={heading}>Name</h2>
          <div className="mt-4">
            <TextActionForm action={renameActiveOrganization} id="rename" fields={[{ name: 'name', label: 'Organization name', defaultValue: organization.name, autoComplete: 'organization' }]} label="Save name" pendingLabel="Saving…" doneMessage="Saved." />
          </div>
        </section>
      )}

      <section aria-labelledby="org-members" className={section}>
        <h2 id="org-members" className={heading}>Members</h2>
        <MemberList members={members} actorRole={organization.role} actorUserId={user.id} assignable={assignable} organizationName={organization.name} seatNote={removalSeatNote(entitlements)} />
      </section>

      {managesMembers && (
        <section aria-labelledby="org-invite" className={section}>
          <h2 id="org-invite" className={heading}>Invite someone</h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            They get an email with a link that works for 7 days.
            {plan.perSeat && entitlements.subscription ? ` Each member who joins is a paid seat on ${plan.name}.` : ''}
            {seatsTaken >= plan.limits.seats && (
              <>
                {plan.limits.seats === 1 ? ` The ${plan.name} plan’s one seat is taken: ` : ` All ${plan.limits.seats} seats of the ${plan.name} plan are taken: `}
                <Link href="/pricing" className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300">see the plans</Link>
                {' for more.'}
              </>
            )}
          </p>
          <div className="mt-4">
            <TextActionForm action={invite} id="invite" fields={[{ name: 'email', label: 'Email address', type: 'email', autoComplete: 'email' }]} roles={assignable} label="Send invitation" pendingLabel="Sending…" doneMessage="Invitation sent." />
          </div>
          <PendingInvitations invitations={invitations} />
        </section>
      )}

      {!organization.personal && (
        <section aria-labelledby="org-leave" className={section}>
          <h2 id="org-leave" className={heading}>Leave {organization.name}</h2>
          {onlyOwner ? (
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">You are its only owner, and an organization always keeps one: make another member an owner first, then leave.</p>
          ) : (
            <>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">You lose access to its plan at once. An owner or admin can invite you again.</p>
              <ActionForm action={leaveActiveOrganization} label="Leave organization" pendingLabel="Leaving…" variant="secondary" className="mt-4 sm:w-56" />
            </>
          )}
        </section>
      )}

      <section aria-labelledby="org-create" className={section}>
        <h2 id="org-create" className={heading}>Create an organization</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">A separate team with its own members, plan and billing. You will be its owner.</p>
        <div className="mt-4">
          <TextActionForm action={createNewOrganization} id="create" fields={[{ name: 'name', label: 'Name', autoComplete: 'organization' }]} label="Create" pendingLabel="Creating…" />
        </div>
      </section>
    </Container>
  )
}

/**
 * What removing a member does to the bill: on a paid per-seat plan the seat is not credited (decision 0023), it is
 * paid until the period ends and the next renewal bills one seat fewer; otherwise nothing.
 */
function removalSeatNote({ plan, subscription }: Entitlements): string | null {
  if (!plan.perSeat || !subscription) return null
  return subscription.status === 'trialing'
    ? 'Nothing has been charged in the trial; the first invoice counts the members left.'
    : 'Their seat is not refunded: it stays paid until the period ends, and the next renewal bills one seat fewer.'
}
