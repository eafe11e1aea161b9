import 'server-only'
import { inngest } from '@/lib/inngest/client'

export const USAGE_RECORDED = 'tollgate/usage.recorded'

/**
 * Asks the sender (inngest/usage/send-usage-events.ts) to run soon. Call it after the response, e.g.
 * `after(wakeUsageSender)` in a route or action, so the request never waits on Inngest. One event per second at
 * most reaches a run (Inngest drops a second event with the same id), and the sender's cron runs every minute
 * anyway: a lost nudge delays usage by a minute, never loses it.
 */
export async function wakeUsageSender(now = Date.now()): Promise<void> {
  try {
    await inngest.send({ id: `usage-send:${Math.floor(now / 1000)}`, name: USAGE_RECORDED, data: {} })
  } catch (error) {
    console.warn('usage: could not wake the sender; the minute sweep will send the usage', error)
  }
}
