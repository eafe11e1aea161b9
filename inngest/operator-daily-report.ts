import { reportDay, sendDailyReport } from '@/lib/operators/daily-report'
import { inngest } from './client'

/**
 * Every morning at 08:00 UTC: one email to each operator (ADMIN_EMAILS) when something failed, nothing on a clean
 * day (decision 0035). The day is fixed in its own step, so a retry after midnight still sends that day's report.
 */
export const operatorDailyReport = inngest.createFunction(
  {
    id: 'operator-daily-report',
    name: 'Email operators what failed',
    triggers: [{ cron: 'TZ=UTC 0 8 * * *' }],
    retries: 3,
    concurrency: { limit: 1 },
  },
  async ({ step }) => {
    const day = await step.run('report-day', () => reportDay())
    return step.run('send-report', () => sendDailyReport(day))
  },
)
