import 'server-only'
import { cache } from 'react'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import type { Feature } from './catalog'
import { entitlementsFor, type Entitlements } from './entitlements'

/**
 * An organization's plan and features, read once per request. Usable from server components, actions and routes;
 * pass the id of an organization whose membership the caller has checked (getActiveOrganization).
 */
export const getEntitlements = cache(async (organizationId: string): Promise<Entitlements> => {
  const subscriptions = await db.subscription.findMany({ where: { organizationId } })
  return entitlementsFor(subscriptions)
})

export async function hasFeature(organizationId: string, feature: Feature): Promise<boolean> {
  return (await getEntitlements(organizationId)).features.has(feature)
}

/** For server actions and route handlers: stops with a typed error when the plan lacks the feature. */
export async function requireFeature(organizationId: string, feature: Feature): Promise<void> {
  if (!(await hasFeature(organizationId, feature))) {
    throw new ActionFailure('forbidden', 'Your plan does not include this. Upgrade on the pricing page to use it.')
  }
}
