// Inngest's debounce as the in-process runners apply it (https://www.inngest.com/docs/guides/debounce): a function
// with `debounce` runs once per key, with the last event of a burst, `period` after the last event or `timeout`
// after the first, whichever comes first. run-events.ts (the tests) and dev-runner.ts (npm run dev) share these.

export type DebounceOptions = { key?: string; period: string; timeout?: string }

/** The key a debounced event is grouped under: the function's id and its key expression evaluated on the event. */
export function debounceGroup(functionId: string, debounce: DebounceOptions, event: { data: Record<string, unknown> }): string {
  return `${functionId}:${debounceKey(debounce.key, event)}`
}

/** Evaluates the `event.data.a.b` key expressions this app uses; anything else is refused, not guessed. */
export function debounceKey(expression: string | undefined, event: { data: Record<string, unknown> }): string {
  if (expression === undefined) return ''
  const path = /^event\.data((?:\.\w+)+)$/.exec(expression)?.[1]
  if (!path) throw new Error(`the in-process runner cannot evaluate the key expression ${expression}`)
  let value: unknown = event.data
  for (const part of path.slice(1).split('.')) value = (value as Record<string, unknown> | undefined)?.[part]
  return JSON.stringify(value ?? null)
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const

/** An Inngest time string ("3s", "2m", "1h30m") in milliseconds. */
export function durationMs(time: string): number {
  if (!/^(?:\d+(?:\.\d+)?[smhdw])+$/.test(time)) throw new Error(`not an Inngest time string: ${time}`)
  let total = 0
  for (const [, amount, unit] of time.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS]
  return total
}

/**
 * When a pending debounce runs, given when its first event arrived and now (its latest): `period` from now, but
 * never past `timeout` from the first. Inngest: "The maximum time that a debounce can be extended before running."
 */
export function debounceDueAt(debounce: DebounceOptions, firstAt: number, now: number, scale = 1): number {
  const due = now + durationMs(debounce.period) * scale
  return debounce.timeout === undefined ? due : Math.min(due, firstAt + durationMs(debounce.timeout) * scale)
}
