// Stripe's idempotency: a key replays the first successful response byte for byte, and refuses to be reused for
// a different request. Only 2xx answers are kept: failures the double raises before doing anything (failNext,
// validation) leave the key free for a retry, as Stripe does when a request never started executing.
import type { Params } from './form-encoding'

export type StoredResponse = { status: number; body: string; requestId: string }

type Entry = { method: string; path: string; fingerprint: string; response: StoredResponse }

export type IdempotencyCheck =
  | { kind: 'new' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'conflict'; message: string }

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>()

  check(key: string, method: string, path: string, params: Params): IdempotencyCheck {
    const entry = this.entries.get(key)
    if (!entry) return { kind: 'new' }
    if (entry.method !== method || entry.path !== path) {
      return {
        kind: 'conflict',
        message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.method} ${entry.path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      }
    }
    if (entry.fingerprint !== fingerprint(params)) {
      return {
        kind: 'conflict',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      }
    }
    return { kind: 'replay', response: entry.response }
  }

  save(key: string, method: string, path: string, params: Params, response: StoredResponse): void {
    if (response.status < 200 || response.status >= 300) return
    this.entries.set(key, { method, path, fingerprint: fingerprint(params), response })
  }
}

/** Order-insensitive for object keys, so the same params encoded in another order still match. */
function fingerprint(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(entries.map(([key, entry]) => [key, sortKeys(entry)]))
}
