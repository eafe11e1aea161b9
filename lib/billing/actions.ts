'use server'
import { redirect } from 'next/navigation'
import Stripe from 'stripe'
import { z } from 'zod'
import { ActionFailure, actionWithUser } from '@/lib/auth/action'
import { requireOrganization } from '@/lib/organizations/active-organization'
import { getStripe } from '@/lib/stripe/client'
import { MAX_CANCELLATION_COMMENT } from '@/lib/stripe/limits'
import { stripeNotConnected } from '@/lib/stripe/setup-hint'
import { CANCELLATION_REASONS, cancelAtPeriodEnd, keepSubscription } from './cancellation'
import { findCreditPack, findPrice, metersOf } from './catalog'
import { getEntitlements } from './get-entitlements'
import { startCreditPurchase } from '@/lib/usage/buy-credits'
import { startCheckout } from './checkout'
import { confirmPlanChange as confirmChange } from './plan-changes/confirm'
import { previewPlanChange as previewChange } from './plan-changes/preview'
import { undoScheduledChange } from './plan-changes/undo'
import { createPortalSession } from './portal'
import { spendStripeBudget } from './stripe-budget'
import { resumeSubscription } from './resume'

/**
 * Runs a user's Stripe work within their own budget (per user, not per organization: decision 0023) (lib/billing/stripe-budget.ts), turning "not configured", "too
 * many requests" and Stripe's own failures into words for the UI.
 */
async function withStripe<T>(userId: string, run: (stripe: Stripe) => Promise<T>): Promise<T> {
  const stripe = getStripe()
  if (!stripe) throw new ActionFailure('not_configured', stripeNotConnected())
  await spendStripeBudget(userId)
  try {
    return await run(stripe)
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      console.error('Stripe request failed', error.type, error.code, error.message)
      throw new ActionFailure('internal', 'Stripe could not complete that request. Please try again in a moment.')
    }
    throw error
  }
}

const checkoutInput = z.object({
  lookupKey: z.string().refine((key) => findPrice(key) !== undefined, 'That plan is not available.'),
})

/**
 * Sends an owner or admin of the active organization to Stripe Checkout for a catalog price, or to the portal when the
 * organization already subscribes.
 */
export const checkout = actionWithUser(checkoutInput, async ({ lookupKey }, user) => {
  const organization = await requireOrganization(user, 'manage_billing')
  const { url } = await withStripe(user.id, (stripe) => startCheckout(stripe, organization.id, user, lookupKey))
  redirect(url)
})

/** Sends an owner or admin to the Stripe customer portal for the active organization's customer. */
export const manageBilling = actionWithUser(z.object({}), async (_input, user) => {
  const organization = await requireOrganization(user, 'manage_billing')
  const url = await withStripe(user.id, (stripe) => createPortalSession(stripe, organization.id))
  redirect(url)
})

/** Resumes the active organization's paused subscription, then shows /billing. */
export const resumeBilling = actionWithUser(z.object({}), async (_input, user) => {
  const organization = await requireOrganization(user, 'manage_billing')
  await withStripe(user.id, (stripe) => resumeSubscription(stripe, organization.id))
  redirect('/billing')
})

const subscriptionId = z.string().min(1).max(255)
const reasons = CANCELLATION_REASONS.map((reason) => reason.value)
const cancelInput = z.object({
  subscriptionId,
  feedback: z.enum(reasons, 'Choose the reason that fits best.'),
  comment: z.string().max(MAX_CANCELLATION_COMMENT, `Keep the comment under ${MAX_CANCELLATION_COMMENT} characters.`).optional(),
})

/** Cancels the active organization's subscription at the end of its period, with the reason; then shows /billing. */
export const cancelSubscription = actionWithUser(cancelInput, async (input, user) => {
  const organization = await requireOrganization(user, 'manage_billing')
  await withStripe(user.id, (stripe) => cancelAtPeriodEnd(stripe, organization.id, input))
  redirect('/billing')
})

/** "Keep my plan": takes back the active organization's scheduled cancellation; then shows /billing. */
export const keepPlan = actionWithUser(z.object({ subscriptionId }), async (input, user) => {
  const organization = await requireOrganization(user, 'manage_billing')
  await withStripe(user.id, (stripe) => keepSubscription(stripe, organization.id, input.subscriptionId))
  redirect('/billing')
})

const planChangeInput = z.object({
  lookupKey: z.string().refine((key) => findPrice(key) !== undefined, 'That plan is not available.'),
})

/** Asks Stripe what switching the active organization's subscription to a catalog price costs (decision 0028). */
export const previewPlanChange = actionWithUser(planChangeInput, async ({ lookupKey }, user) => {
  const organization = await requireOrganization(user, 'manage_billing')
  return withStripe(user.id, (stripe) => previewChange(stripe, organization.id, lookupKey))
})

/** Makes the previewed change; the token is all the client sends, so it cannot pick another price or date. */
export const confirmPlanChange = actionWithUser(z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) }), async ({ token }, user) => {
  const organization = await requireOrganization(user, 'manage_billing')
  return withStripe(user.id, (stripe) => confirmChange(stripe, organization.id, token))
})

/** Drops a plan change waiting for the period's end, then shows /billing. */
export const undoPlanChange = actionWithUser(z.object({}), async (_input, user) => {
  const organization = await requireOrganization(user, 'manage_billing')
  await withStripe(user.id, (stripe) => undoScheduledChange(stripe, organization.id))
  redirect('/billing')
})

const buyCreditsInput = z.object({
  pack: z.string().refine((key) => findCreditPack(key) !== undefined, 'That credit pack is not available.'),
  /** Minted when the button was shown: the same form sent twice opens one Checkout session. */
  requestId: z.uuid(),
})

/**
 * Sends an owner or billing admin to a one-time Checkout payment for a credit pack. Credit pays for metered use
 * only (https://docs.stripe.com/billing/subscriptions/usage-based/billing-credits), so a plan that bills no use
 * cannot buy it: the credit would never be spent.
 */
export const buyCredits = actionWithUser(buyCreditsInput, async ({ pack, requestId }, user) => {
  const organization = await requireOrganization(user, 'manage_billing')
  const { plan, subscription } = await getEntitlements(organization.id)
  if (!subscription || !metersOf(plan).some((meter) => meter.prices.length > 0)) {
    throw new ActionFailure('forbidden', 'Credits pay for metered use, and your plan bills none. Upgrade on the pricing page first.')
  }
  const url = await withStripe(user.id, (stripe) => startCreditPurchase(stripe, organization.id, user, findCreditPack(pack)!, requestId))
  redirect(url)
})
