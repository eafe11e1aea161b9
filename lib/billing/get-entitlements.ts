import 'server-only'
import { cache } from 'react'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import type { Feature } from './catalog'
import { entitlementsFor, type Entitlements } from './entitlements'

/** The user's plan and features, read once per request. Usable from server components, actions and routes. */
export const getEntitlements = cache(async (userId: string): Promise<Entitlements> => {
  const subscriptions = await db.subscription.findMany({ where: { userId } })
  return entitlementsFor(subscriptions)
})

export async function hasFeature(userId: string, feature: Feature): Promise<boolean> {
  return (await getEntitlements(userId)).features.has(feature)
}

/** For server actions and route handlers: stops with a typed error when the plan lacks the feature. */
export async function requireFeature(userId: string, feature: Feature): Promise<void> {
  if (!(await hasFeature(userId, feature))) {
    throw new ActionFailure('forbidden', 'Your plan does not include this. Upgrade on the pricing page to use it.')
  }
}
