import 'server-only'
import Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { stripeNotConnected } from '@/lib/stripe/setup-hint'
import { cancelStripeBilling } from './cancel-stripe-billing'
import { organizationsDeletedWith } from './owned-organizations'

// Deleting an account, in the order that lets a failure anywhere be retried and never leaves half an account:
//   0. The organizations they own (owned-organizations.ts): refused while they are the only owner of one that has
//      other members; the ones they alone belong to go with them.
//   1. Stripe first: each of those organizations' live subscriptions canceled, its customer unlinked
//      (cancelStripeBilling, idempotent). If it fails, nothing in the database has changed; the user is still
//      signed in and can try again.
//   2. Then the database, in one transaction: those organizations (their subscription rows, memberships and
//      invitations go with them, by cascade), the user row (sessions, OAuth accounts, other memberships), their
//      unused sign-in tokens and the record of emails sent to them. The webhook ledger keeps its events, with the
//      user id removed from their payloads.

/** `leftOrganizations`: the organizations that lost a member, whose seat quantity should follow. */
export type DeletedAccount = { userId: string; canceledSubscriptions: string[]; leftOrganizations: string[] }

export async function deleteAccount(stripe: Stripe | null, userId: string): Promise<DeletedAccount> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } })
  if (!user) return { userId, canceledSubscriptions: [], leftOrganizations: [] } // already deleted: a retry after success

  const organizations = await organizationsDeletedWith(userId)
  const deletedIds = organizations.map((o) => o.id)
  const left = (await db.membership.findMany({ where: { userId, organizationId: { notIn: deletedIds } }, select: { organizationId: true } })).map((m) => m.organizationId)
  const canceledSubscriptions: string[] = []
  for (const { stripeCustomerId } of organizations) {
    if (!stripeCustomerId) continue
    if (!stripe) throw new ActionFailure('not_configured', `Your subscription cannot be canceled right now. ${stripeNotConnected()}`)
    try {
      canceledSubscriptions.push(...(await cancelStripeBilling(stripe, stripeCustomerId)))
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeError)) throw error
      console.error('account deletion: Stripe request failed', error.type, error.code, error.message)
      throw new ActionFailure('internal', 'Stripe could not cancel your subscription just now, so nothing was deleted. Please try again in a moment.')
    }
  }

  await db.$transaction([
    db.organization.deleteMany({ where: { id: { in: deletedIds } } }),
    // Their seat in each organization they leave is given back, as a removal would (seat-counter.ts).
    ...left.map((id) => db.$executeRaw`UPDATE "Organization" SET "seatsTaken" = "seatsTaken" - 1, "seatVersion" = "seatVersion" + 1 WHERE "id" = ${id}`),
    ...(user.email
      ? [db.verificationToken.deleteMany({ where: { identifier: user.email } }), db.sentEmail.deleteMany({ where: { to: user.email } })]
      : []),
    scrubLedger(userId),
    // deleteMany, not delete: a second, concurrent deletion of the same account finds nothing and succeeds too.
    db.user.deleteMany({ where: { id: userId } }),
  ])
  return { userId, canceledSubscriptions, leftOrganizations: left }
}

/**
 * Stripe events keep the user id we sent (checkout's client_reference_id, metadata.userId). The events stay, for
 * the money trail; the id is replaced. A cuid is letters and digits only, so the text replace cannot touch JSON.
 */
function scrubLedger(userId: string) {
  return db.$executeRaw`UPDATE "StripeEvent" SET "payload" = REPLACE("payload", ${userId}, 'deleted-user') WHERE "payload" LIKE ${`%${userId}%`}`
}
