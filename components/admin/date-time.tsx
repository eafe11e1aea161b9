/**
 * A moment as the console shows it: UTC, to the second, as operators compare it with Stripe's dashboard and
 * Inngest's logs (events of one customer are often seconds apart).
 */
export function formatDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

export function DateTime({ date }: { date: Date }) {
  return <time dateTime={date.toISOString()}>{formatDateTime(date)}</time>
}

/** How long ago, in the largest whole unit: "3 days", "5 h", "12 min". */
export function formatAge(from: Date, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - from.getTime()) / 60_000))
  if (minutes < 60) return `${minutes} min`
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`
  return `${Math.floor(minutes / 1440)} days`
}
