import { requireBackgroundStripe } from '@/lib/stripe/client'
import { recordMeterErrorReports } from '@/lib/usage/meter-error-reports'
import { inngest } from '../client'
import { stripeApiConcurrency } from '../stripe-api'

/**
 * Every five minutes: the meter events Stripe rejected after accepting them (v2 events, which no v1 webhook receives),
 * recorded once each and shown in the operator console (lib/usage/meter-error-reports.ts, decision 0066).
 */
export const recordMeterErrorReportsFunction = inngest.createFunction(
  { id: 'record-meter-error-reports', name: 'Record meter error reports', triggers: [{ cron: 'TZ=UTC */5 * * * *' }], retries: 3, concurrency: [{ limit: 1 }, stripeApiConcurrency] },
  async ({ step }) => step.run('list-and-record', () => recordMeterErrorReports(requireBackgroundStripe())),
)
