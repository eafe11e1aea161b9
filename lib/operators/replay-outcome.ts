import 'server-only'
import { z } from 'zod'
import { db } from '@/lib/db'

/** What one replay from the console came to, from its audit record (lib/operators/actions.ts writes the detail). */
export type ReplayOutcome =
  | { done: false }
  | { done: true; sent: number; notSent: number; skipped: number; pruned: number; missing: string[] }

const detail = z.object({
  sent: z.number(),
  notSent: z.number(),
  skipped: z.number(),
  pruned: z.number().default(0),
  missing: z.array(z.string()).default([]),
})

/** null when `recordId` names no replay: the page then says nothing rather than guess. */
export async function replayOutcome(recordId: string): Promise<ReplayOutcome | null> {
  const record = await db.auditRecord.findUnique({ where: { id: recordId }, select: { action: true, detail: true } })
  if (!record || record.action !== 'replay-events') return null
  if (!record.detail) return { done: false }
  const parsed = detail.safeParse(JSON.parse(record.detail))
  return parsed.success ? { done: true, ...parsed.data } : null
}
