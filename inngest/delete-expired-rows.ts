import { deleteExpiredRows as deleteRows } from '@/lib/auth/delete-expired-rows'
import { db } from '@/lib/db'
import { inngest } from './client'

/** Every hour: unused sign-in links and closed rate-limit windows go, so the tables do not grow with every request. */
export const deleteExpiredRows = inngest.createFunction(
  {
    id: 'delete-expired-rows',
    name: 'Delete expired sign-in tokens and rate-limit counters',
    triggers: [{ cron: 'TZ=UTC 43 * * * *' }],
    retries: 3,
    concurrency: { limit: 1 },
  },
  async ({ step }) => step.run('delete-expired-rows', () => deleteRows(db)),
)
