'use server'
import { redirect } from 'next/navigation'
import Stripe from 'stripe'
import { z } from 'zod'
import { ActionFailure, actionWithUser } from '@/lib/auth/action'
import { env, testClocksOn } from '@/lib/env'
import { requireOrganization } from '@/lib/organizations/active-organization'
import { requireStripe } from '@/lib/stripe/client'
import { spendStripeBudget } from '../stripe-budget'
import { CLOCK_CONTROL_NAMES, doneHref, type ClockControlDone } from './controls'
import { runClockControl } from './run-control'

const input = z.object({ control: z.enum(CLOCK_CONTROL_NAMES), nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) })

/**
 * Runs a control of /billing/test-clock for the active organization: only where test clocks are on (never in a
 * deployment, lib/env), for an owner or admin, within their Stripe budget. Stripe's refusals (a clock still
 * advancing, an advance past Stripe's limit, a card that cannot be attached) come back in Stripe's words: this page
 * is for the developer rehearsing billing, who needs them.
 */
export const runTestClockControl = actionWithUser(input, async ({ control, nonce }, user) => {
  if (!testClocksOn(env())) throw new ActionFailure('not_found', 'Test clocks are off: set STRIPE_TEST_CLOCKS=true with a test-mode key (see .env.example).')
  const organization = await requireOrganization(user, 'manage_billing')
  if (!organization.stripeCustomerId) throw new ActionFailure('conflict', `${organization.name} has no Stripe customer yet: choose a plan first.`)
  await spendStripeBudget(user.id)
  let done: ClockControlDone
  try {
    done = await runClockControl(requireStripe(), organization.stripeCustomerId, control, nonce)
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) throw new ActionFailure('conflict', `Stripe refused: ${error.message}`)
    throw error
  }
  // The page again, saying what was done: the controls on it change with the clock (no trial's end after it).
  redirect(doneHref(done))
})
