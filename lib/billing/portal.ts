import 'server-only'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { env } from '@/lib/env'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { findPortalConfiguration, PORTAL_NOT_CONFIGURED } from './portal-configuration'

/**
 * A Stripe customer portal session for the organization; the customer id comes from its row, never from a request. The
 * session names the configuration `npm run stripe:sync` made, found in Stripe at request time (decision 0008): a
 * fresh account has no default configuration and refuses sessions that name none.
 */
export async function createPortalSession(stripe: Stripe, organizationId: string): Promise<string> {
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { stripeCustomerId: true } })
  if (!organization.stripeCustomerId) throw new ActionFailure('not_found', 'This organization has no billing account yet. Choose a plan first.')
  const customer = organization.stripeCustomerId
  const configuration = await findPortalConfiguration(stripe)
  if (!configuration) throw new ActionFailure('not_configured', PORTAL_NOT_CONFIGURED)
  const minute = Math.floor(Date.now() / 60_000)
  // A double-click within the minute gets the same portal session instead of two.
  const session = await withIdempotencyKey(`tollgate:portal:${organizationId}:${configuration.id}:${minute}`, ({ key }) =>
    stripe.billingPortal.sessions.create(
      { customer, configuration: configuration.id, return_url: `${env().APP_URL}/billing` },
      { idempotencyKey: key },
    ),
  )
  return session.url
}
