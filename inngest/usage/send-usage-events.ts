import { env, stripeMeterEventRate } from '@/lib/env'
import { requireMeterEventStripe } from '@/lib/usage/meter-event-client'
import { sendUsageBatch, type SendResult } from '@/lib/usage/send-usage-events'
import { USAGE_RECORDED } from '@/lib/usage/wake-sender'
import { inngest } from '../client'

/** Batches one run sends before it hands over to a fresh run (each batch is one step, a second's worth of events). */
export const BATCHES_PER_RUN = 20

/**
 * Sends recorded usage to Stripe: woken after recordUsage (wakeUsageSender) and every minute as the safety net.
 * Each batch is a step: claimed under a lease, sent within the meter-event rate, marked. A run that found a full
 * last batch starts the next run, so a backlog of any size drains without one run growing without end. Two runs
 * at once (a retry, a second instance) cannot send the same row: the lease decides (lib/usage/claim-usage-events.ts).
 */
export const sendUsageEvents = inngest.createFunction(
  {
    id: 'send-usage-events',
    name: 'Send recorded usage to Stripe',
    triggers: [{ event: USAGE_RECORDED }, { cron: '* * * * *' }],
    retries: 5,
    concurrency: [{ limit: 2 }],
  },
  async ({ step }) => {
    const perSecond = stripeMeterEventRate(env())
    const totals: SendResult = { claimed: 0, sent: 0, cancelled: 0, failed: 0, released: 0 }
    for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
      const result = await step.run(`batch-${batch}`, () => sendUsageBatch(requireMeterEventStripe(), { batchSize: perSecond, perSecond }))
      for (const key of Object.keys(totals) as (keyof SendResult)[]) totals[key] += result[key]
      if (result.claimed < perSecond) return totals
    }
    await step.sendEvent('more-to-send', { name: USAGE_RECORDED, data: {} })
    return totals
  },
)
