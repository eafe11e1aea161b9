import type { Metadata } from 'next'
import Link from 'next/link'
import { ActionForm } from '@/components/billing/action-form'
import { buttonClasses } from '@/components/ui/button'
import { Container } from '@/components/ui/container'
import { Notice } from '@/components/ui/notice'
import { getCurrentUser } from '@/lib/auth/session'
import { signInUrl } from '@/lib/auth/sign-in-url'
import { acceptInvite } from '@/lib/organizations/actions'
import { invitationPath, viewInvitation } from '@/lib/organizations/invitations'
import { aRole, isRole } from '@/lib/organizations/roles'

export const metadata: Metadata = { title: 'Invitation', robots: { index: false } }

type Props = { params: Promise<{ token: string }> }

const GONE = {
  expired: 'This invitation has expired. Ask the person who invited you for a new one.',
  revoked: 'This invitation was revoked. Ask the person who invited you for a new one.',
  accepted: 'This invitation has already been accepted.',
  not_found: 'This invitation link is not valid. Check that you copied all of it.',
} as const

/** The invitation link: who invites you where; sign in (or up) with the invited address, then accept. */
export default async function InvitationPage({ params }: Props) {
  const { token } = await params
  const [invitation, user] = await Promise.all([viewInvitation(token), getCurrentUser()])
  return (
    <Container className="max-w-xl py-16">
      <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">
        {invitation.kind === 'pending' ? `Join ${invitation.organizationName}` : 'Invitation'}
      </h1>
      {invitation.kind !== 'pending' ? (
        <Notice className="mt-6" alert>{GONE[invitation.kind]}</Notice>
      ) : (
        <>
          <p className="mt-3 text-zinc-600 dark:text-zinc-400">
            You are invited as {isRole(invitation.role) ? aRole(invitation.role) : invitation.role} of {invitation.organizationName}, at{' '}
            <span className="font-medium text-zinc-900 dark:text-white">{invitation.email}</span>.
          </p>
          {!user ? (
            <Link href={signInUrl(invitationPath(token), invitation.email)} className={buttonClasses({ className: 'mt-8 w-full sm:w-56' })}>
              Sign in to accept
            </Link>
          ) : user.email?.toLowerCase() !== invitation.email ? (
            <Notice className="mt-6" alert>
              You are signed in as {user.email}. This invitation is for {invitation.email}: sign out, then sign in with that address to accept it.
            </Notice>
          ) : (
            <ActionForm action={acceptInvite} fields={{ token }} label="Accept invitation" pendingLabel="Joining…" className="mt-8 sm:w-56" />
          )}
        </>
      )}
    </Container>
  )
}
