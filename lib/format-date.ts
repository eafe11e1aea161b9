/**
 * A calendar date in words ("December 1, 2026"), in UTC so the server's time zone never shifts a billing date by a
 * day. `medium` is the short form ("Dec 1, 2026") for lists.
 */
export function formatDate(date: Date | string, style: 'long' | 'medium' = 'long'): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: style, timeZone: 'UTC' }).format(typeof date === 'string' ? new Date(date) : date)
}
