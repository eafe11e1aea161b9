'use server'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { requireStripe } from '@/lib/stripe/client'
import { grantCredits } from '@/lib/usage/credits'
import { claimAudit, completeAudit } from './audit'
import { operatorAction } from './operator-action'

const grantInput = z.object({
  /** Minted when the form was shown: the same form sent twice grants once (the audit claim, and the grant's idempotency key). */
  requestId: z.uuid(),
  organizationId: z.string().min(1).max(64),
  /** Whole dollars, so a typo cannot grant $100,000 by a misplaced decimal point. */
  dollars: z.coerce.number().int().min(1).max(1000),
  expiresInDays: z.coerce.number().int().min(1).max(366),
})

/**
 * A promotional credit from the operator console: a Stripe credit grant (category promotional, metered prices only,
 * with an expiry) for the organization's customer, audited. Stripe applies promotional credit before paid credit
 * (https://docs.stripe.com/billing/subscriptions/usage-based/billing-credits).
 */
export const grantPromotionalCredit = operatorAction(grantInput, async (input, operator) => {
  const organization = await db.organization.findUnique({ where: { id: input.organizationId }, select: { id: true, stripeCustomerId: true } })
  if (!organization?.stripeCustomerId) throw new ActionFailure('conflict', 'This organization has no Stripe customer yet: it has never checked out.')
  const recordId = await claimAudit(operator, { requestId: input.requestId, action: 'grant-promotional-credit', targetIds: [organization.id], detail: { dollars: input.dollars } })
  if (recordId) {
    const grant = await grantCredits(requireStripe(), {
      customerId: organization.stripeCustomerId,
      organizationId: organization.id,
      amount: input.dollars * 100,
      currency: 'usd',
      category: 'promotional',
      name: `Promotional credit from ${operator.email}`,
      expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
      reference: `operator:${input.requestId}`,
    })
    await db.$transaction((tx) => completeAudit(tx, recordId, [organization.id, grant.id], { dollars: input.dollars, grant: grant.id, expiresInDays: input.expiresInDays }))
  }
  redirect(`/admin/organizations/${organization.id}?credited=${input.dollars}`)
})
