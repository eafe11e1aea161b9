import 'server-only'
import type { Db } from '@/lib/db'

/** A Prisma transaction client: every function here runs inside the caller's transaction. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * Takes one seat if fewer than `limit` are taken: one conditional UPDATE, so the database decides, not a read
 * before the write. On PostgreSQL the row lock makes a second UPDATE wait and re-check `seatsTaken` against the
 * committed value; SQLite runs one writer at a time. Of N invitations racing for the last seats, exactly the
 * allowed number get `true`. Expired invitations are released first, each once (sweepExpiredInvitations).
 */
export async function takeSeat(tx: Tx, organizationId: string, limit: number, now = new Date()): Promise<boolean> {
  await sweepExpiredInvitations(tx, organizationId, now)
  const taken = await tx.$executeRaw`
    UPDATE "Organization" SET "seatsTaken" = "seatsTaken" + 1, "seatVersion" = "seatVersion" + 1
    WHERE "id" = ${organizationId} AND "seatsTaken" < ${limit}`
  return taken === 1
}

/** Gives a seat back (a member removed or left, an invitation revoked) and marks the membership change. */
export async function releaseSeat(tx: Tx, organizationId: string, seats = 1): Promise<void> {
  if (seats <= 0) return
  await tx.$executeRaw`
    UPDATE "Organization" SET "seatsTaken" = "seatsTaken" - ${seats}, "seatVersion" = "seatVersion" + 1 WHERE "id" = ${organizationId}`
}

/**
 * Locks the organization's row for the rest of the transaction (and marks a membership change), so checks that
 * follow — "is another owner left?" — see every change committed before and none that commits during.
 */
export async function lockOrganization(tx: Tx, organizationId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Organization" SET "seatVersion" = "seatVersion" + 1 WHERE "id" = ${organizationId}`
}

/**
 * Pending invitations past their expiry stop holding a seat: marked revoked (at their expiry) and released, each
 * exactly once, since only the UPDATE that still finds `revokedAt` null counts it.
 */
async function sweepExpiredInvitations(tx: Tx, organizationId: string, now: Date): Promise<void> {
  const expired = await tx.invitation.findMany({ where: { organizationId, acceptedAt: null, revokedAt: null, expiresAt: { lte: now } }, select: { id: true, expiresAt: true } })
  let released = 0
  for (const invitation of expired) {
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, revokedAt: null, acceptedAt: null }, data: { revokedAt: invitation.expiresAt } })
    released += count
  }
  await releaseSeat(tx, organizationId, released)
}
