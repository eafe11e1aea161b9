import 'server-only'
import { ActionFailure } from '@/lib/auth/action'
import { mailboxOf } from '@/lib/auth/mailbox'
import { takeSlot, type SlidingRule } from '@/lib/sliding-window'
import type { Tx } from './seat-counter'

const DAY = 24 * 60 * 60_000

// Every invitation is an email with words an organization's owner or admin chose, sent to an address they typed.
// Three limits, sliding windows in the database (they hold across instances and in every window), far above what a
// real team does: a class of 30 invited in one go, then corrections, fits many times over. Sent invitations count,
// not pending ones: revoking an invitation gives its seat back, never its place in these limits (decision 0052).
export const INVITATION_LIMITS = {
  perOrganization: { name: 'invitation:organization', limit: 100, windowMs: DAY },
  perInviter: { name: 'invitation:inviter', limit: 100, windowMs: DAY },
  // One inbox, from every organization together: a stranger gets at most 5 invitations a day from this app.
  perMailbox: { name: 'invitation:mailbox', limit: 5, windowMs: DAY },
} satisfies Record<string, SlidingRule>

/**
 * Counts one invitation email against the three limits, inside the caller's transaction (the invitation's), so an
 * invitation that is refused for any reason, here or later in that transaction, counts for nothing. Throws the
 * message the settings page shows when a limit holds.
 */
export async function takeInvitationSlots(tx: Tx, invitation: { organizationId: string; organizationName: string; inviterId: string; email: string }, now = Date.now()) {
  const { perOrganization, perInviter, perMailbox } = INVITATION_LIMITS
  if (!(await takeSlot(tx, perOrganization, invitation.organizationId, now)).allowed) {
    throw new ActionFailure('rate_limited', `${invitation.organizationName} has sent ${perOrganization.limit} invitations in the last 24 hours, the most a day allows. Try again tomorrow.`)
  }
  if (!(await takeSlot(tx, perInviter, invitation.inviterId, now)).allowed) {
    throw new ActionFailure('rate_limited', `You have sent ${perInviter.limit} invitations in the last 24 hours, the most a day allows. Try again tomorrow.`)
  }
  if (!(await takeSlot(tx, perMailbox, mailboxOf(invitation.email), now)).allowed) {
    throw new ActionFailure('rate_limited', `${invitation.email} has been sent as many invitations today as one address may get. Try again tomorrow.`)
  }
}
