import 'server-only'
import { db } from '@/lib/db'
import { isUniqueViolation } from '@/lib/db/errors'
import type { Tx } from '@/lib/organizations/seat-counter'
import type { Operator } from './operators'

// The audit record of the operator console: who did what to which ids, and when. An action that only writes to the
// database calls `recordAudit` inside its own transaction; one that crosses the network (a replay hands events to
// Inngest) claims its record first, then completes it in the transaction of its database writes.

/** How many target ids a record keeps; `targetCount` still says how many there were. */
export const AUDIT_TARGETS_KEPT = 200

export type AuditEntry = { requestId: string; action: string; targetIds: readonly string[]; detail?: Record<string, unknown> }

const targetColumns = (targetIds: readonly string[]) => ({ targetIds: JSON.stringify(targetIds.slice(0, AUDIT_TARGETS_KEPT)), targetCount: targetIds.length })

/** Writes the record in `tx`; throws Prisma's P2002 when `requestId` was recorded already (a form sent twice). */
export function recordAudit(tx: Tx, operator: Operator, entry: AuditEntry) {
  return tx.auditRecord.create({
    data: {
      requestId: entry.requestId,
      operatorId: operator.id,
      operatorEmail: operator.email,
      action: entry.action,
      ...targetColumns(entry.targetIds),
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    },
    select: { id: true },
  })
}

/**
 * Claims `entry.requestId` for an action about to run: its record's id, or null when that request was claimed already
 * (a double submit, or a second tab sending the same confirmation), in which case the caller must do nothing.
 */
export async function claimAudit(operator: Operator, entry: AuditEntry): Promise<string | null> {
  try {
    return (await recordAudit(db, operator, entry)).id
  } catch (error) {
    if (isUniqueViolation(error)) return null
    throw error
  }
}

/** The record a request claimed, to show its result to a second submit of the same confirmation. */
export async function auditRecordIdOf(requestId: string): Promise<string | null> {
  return (await db.auditRecord.findUnique({ where: { requestId }, select: { id: true } }))?.id ?? null
}

/** Completes a claimed record with what the action ended up touching and what came of it. */
export async function completeAudit(tx: Tx, recordId: string, targetIds: readonly string[], detail: Record<string, unknown>) {
  await tx.auditRecord.update({ where: { id: recordId }, data: { ...targetColumns(targetIds), detail: JSON.stringify(detail) } })
}

export const AUDIT_PAGE_SIZE = 50

/** Newest first, `AUDIT_PAGE_SIZE` at a time, continuing after the record whose id is `after`. */
export async function listAuditRecords(after?: string) {
  const cursor = after ? await db.auditRecord.findUnique({ where: { id: after }, select: { createdAt: true, id: true } }) : null
  const rows = await db.auditRecord.findMany({
    where: cursor ? { createdAt: { lte: cursor.createdAt }, NOT: { createdAt: cursor.createdAt, id: { gte: cursor.id } } } : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: AUDIT_PAGE_SIZE + 1,
  })
  return { records: rows.slice(0, AUDIT_PAGE_SIZE), next: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1]!.id : null }
}
