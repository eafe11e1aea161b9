// Invitations as people go through them: the owner invites through the app's action, the invitee opens the emailed
// link and accepts, signed in with that address. App modules are imported on first use, after the test's set-up.
import type { Db } from '@/lib/db'
import { redirectOf } from './billing-fixture'
import { signInAs } from './request-context'
import type { CapturedEmail } from './smtp-capture'

/** The invitation link's secret, from the last email `email` received. */
export function invitationTokenMailedTo(messages: readonly CapturedEmail[], email: string): string {
  const message = messages.filter((m) => m.to.includes(email)).at(-1)
  const token = message?.text.match(/\/invitations\/([A-Za-z0-9_-]+)/)?.[1]
  if (!token) throw new Error(`no invitation email to ${email}`)
  return token
}

/** Signs in as `ownerEmail` and invites `email` as a member of the active organization; the action must succeed. */
export async function inviteAsOwner(db: Db, ownerEmail: string, email: string): Promise<void> {
  const { invite } = await import('@/lib/organizations/actions')
  await signInAs(db, ownerEmail)
  const result = await invite({ email, role: 'member' })
  if (!result.ok) throw new Error(`inviting ${email} failed: ${result.error.message}`)
}

/** Signs in as `email` and accepts the invitation mailed to them, as the link's page does. */
export async function acceptInvitationMailedTo(db: Db, messages: readonly CapturedEmail[], email: string) {
  const { acceptInvite } = await import('@/lib/organizations/actions')
  const user = await signInAs(db, email)
  const target = await redirectOf(() => acceptInvite({ token: invitationTokenMailedTo(messages, email) }))
  if (target !== '/settings/organization') throw new Error(`accepting ${email}'s invitation went to ${target}`)
  return user
}
