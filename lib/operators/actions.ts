'use server'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { MAX_REPLAY_SELECTION, replayEvents, sentCount, type ReplaySelection } from '@/lib/webhooks/replay'
import { auditRecordIdOf, claimAudit, completeAudit } from './audit'
import { operatorAction } from './operator-action'

// The operator console's actions. Each answers a non-operator with a 404 (operatorAction) and leaves an audit record.

const eventId = z.string().regex(/^evt_[A-Za-z0-9_]+$/)

const replayInput = z
  .object({
    /** Made when the confirmation was shown: the same confirmation sent twice replays once. */
    requestId: z.uuid(),
    ids: z
      .string()
      .max(MAX_REPLAY_SELECTION * 80)
      .transform((list) => list.split(',').filter(Boolean))
      .pipe(z.array(eventId).min(1).max(MAX_REPLAY_SELECTION))
      .optional(),
    type: z.string().max(100).regex(/^[a-z0-9_.]+$/).optional(),
  })
  .refine((input) => (input.ids === undefined) !== (input.type === undefined), 'Replay either chosen events or the failed events of one type.')

export const replayFromConsole = operatorAction(replayInput, async (input, operator) => {
  const selection: ReplaySelection = input.ids ? { ids: input.ids } : { failed: true, type: input.type }
  const recordId = await claimAudit(operator, { requestId: input.requestId, action: 'replay-events', targetIds: input.ids ?? [], detail: { selection: describe(selection) } })
  // A second submit of the same confirmation: the first one is doing (or did) the replay; show its result.
  if (recordId) {
    await replayEvents(selection, {
      record: (tx, report) =>
        completeAudit(
          tx,
          recordId,
          report.replayed.map((event) => event.id),
          {
            selection: describe(selection),
            sent: sentCount(report),
            notSent: report.replayed.length - sentCount(report),
            skipped: report.skipped.length,
            pruned: report.pruned.length,
            missing: report.missing,
          },
        ),
    })
  }
  // To the event, or the audit, with the replay's record: the page confirms what was sent (or, for a second submit,
  // what the first one sent).
  const replayed = recordId ?? (await auditRecordIdOf(input.requestId))
  const query = replayed ? `?${new URLSearchParams({ replayed })}` : ''
  redirect(`${input.ids?.length === 1 ? `/admin/events/${input.ids[0]}` : '/admin/audit'}${query}`)
})

const describe = (selection: ReplaySelection) => ('ids' in selection ? `${selection.ids.length} chosen event(s)` : `every failed ${selection.type ?? ''} event`.replace('  ', ' '))
