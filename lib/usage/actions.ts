'use server'
import { randomUUID } from 'node:crypto'
import { revalidatePath } from 'next/cache'
import { after } from 'next/server'
import { z } from 'zod'
import { ActionFailure, actionWithUser } from '@/lib/auth/action'
import { getActiveOrganization } from '@/lib/organizations/active-organization'
import { recordUsage } from './record-usage'
import { wakeUsageSender } from './wake-sender'

/**
 * The playground's "make API calls": records `calls` uses of the example meter for the active organization, as your
 * API route would on each request. The Stripe side happens after the response (the sender, woken here).
 */
export const spendApiCalls = actionWithUser(z.object({ calls: z.coerce.number().int().min(1).max(10_000) }), async ({ calls }, user) => {
  const organization = await getActiveOrganization(user)
  const result = await recordUsage(organization.id, 'api_calls', calls, { identifier: `playground:${randomUUID()}` })
  if (result.outcome === 'refused') {
    const left = result.allowance?.limit != null ? Math.max(0, result.allowance.limit - result.used) : 0
    throw new ActionFailure(
      'forbidden',
      result.reason === 'not_in_plan'
        ? 'Your plan does not include API calls. Upgrade on the pricing page to use them.'
        : `Refused: ${calls.toLocaleString('en-US')} more would pass your plan's limit (${left.toLocaleString('en-US')} left this period). Upgrade on the pricing page for a larger allowance.`,
    )
  }
  after(() => wakeUsageSender())
  revalidatePath('/dashboard/usage')
  return { used: result.used }
})
