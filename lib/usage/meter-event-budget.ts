import 'server-only'
import { db } from '@/lib/db'

/**
 * Takes up to `wanted` meter-event slots in the current second of one budget shared by every instance (a RateLimit
 * row per second), waiting for the next second while this one is spent. Slots are taken a batch at a time, one
 * database write for up to a second's worth of events, not one per event; a batch that asked for more than was left
 * gets what was left (the overdraw only leaves that second's remainder unused). Returns how many it got (≥ 1).
 */
export async function takeMeterEventSlots(wanted: number, perSecond: number): Promise<number> {
  for (;;) {
    const now = Date.now()
    const windowStart = now - (now % 1000)
    const id = `stripe-meter-events:${windowStart}`
    const ask = Math.min(wanted, perSecond)
    const { count } = await db.rateLimit.upsert({
      where: { id },
      create: { id, count: ask, expiresAt: new Date(windowStart + 1000) },
      update: { count: { increment: ask } },
      select: { count: true },
    })
    const granted = Math.min(ask, perSecond - (count - ask))
    if (granted > 0) return granted
    await new Promise((resolve) => setTimeout(resolve, windowStart + 1000 - Date.now() + Math.random() * 20))
  }
}
