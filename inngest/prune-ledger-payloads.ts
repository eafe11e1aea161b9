import { env } from '@/lib/env'
import { PRUNE_BATCH_SIZE, pruneLedgerBatch, retentionCutoff } from '@/lib/webhooks/retention'
import { inngest } from './client'

export const PRUNE_LEDGER_PAYLOADS = 'tollgate/ledger.prune'

/** Batches one run prunes before handing the rest to a new run: 40 steps and 20,000 rows, far under 1,000 steps. */
export const BATCHES_PER_RUN = 40

/**
 * Every night: processed and ignored events older than LEDGER_PAYLOAD_RETENTION_DAYS lose their payload
 * (decision 0036), in batches of one short UPDATE each. A backlog (the first run on an old ledger) continues in
 * new runs with the same cutoff until a batch comes back short. The sizes are parameters so tests can reach the
 * continuation without 20,000 rows; the app serves the defaults.
 */
export function createPruneLedgerPayloads({ batchSize = PRUNE_BATCH_SIZE, batchesPerRun = BATCHES_PER_RUN } = {}) {
  return inngest.createFunction(
    {
      id: 'prune-ledger-payloads',
      name: 'Prune old webhook payloads from the ledger',
      triggers: [{ cron: 'TZ=UTC 25 3 * * *' }, { event: PRUNE_LEDGER_PAYLOADS }],
      retries: 3,
      concurrency: { limit: 1 },
    },
    async ({ event, step }) => {
      // A continuation carries its first run's cutoff; never one younger than the retention age allows.
      const given = Date.parse(String((event.data as { cutoff?: unknown } | undefined)?.cutoff))
      const cutoff = await step.run('cutoff', () => {
        const oldest = retentionCutoff(env().LEDGER_PAYLOAD_RETENTION_DAYS).getTime()
        return new Date(Number.isNaN(given) ? oldest : Math.min(given, oldest)).toISOString()
      })
      let pruned = 0
      let more = false
      for (let batch = 0; batch < batchesPerRun; batch += 1) {
        const count = await step.run(`prune-batch-${batch}`, () => pruneLedgerBatch(new Date(cutoff), batchSize))
        pruned += count
        more = count === batchSize
        if (!more) break
      }
      if (more) await step.sendEvent('continue-pruning', { name: PRUNE_LEDGER_PAYLOADS, data: { cutoff } })
      return { cutoff, pruned, continues: more }
    },
  )
}

export const pruneLedgerPayloads = createPruneLedgerPayloads()
