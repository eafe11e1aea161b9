// Stripe's idempotency layer (https://docs.stripe.com/api/idempotent_requests): the first response to a key is
// saved once the endpoint began executing — errors included, a 500 replays as a 500 — and kept about 24 hours. A
// request that fails validation, or that arrives while another with the same key is still executing, saves
// nothing, so it can be retried. A key is bound to its endpoint and parameters, and is at most 255 characters.
import { ApiError } from './errors'
import type { Params } from './form-encoding'

export type StoredResponse = { status: number; body: string; requestId: string }

type Entry = { method: string; path: string; fingerprint: string; savedAt: number; response: StoredResponse | null }

export type IdempotencyCheck = { kind: 'new' } | { kind: 'replay'; response: StoredResponse } | { kind: 'refused'; error: ApiError }

/** "You can remove keys from the system automatically after they're at least 24 hours old." */
const RETENTION_MS = 24 * 60 * 60 * 1000
export const MAX_KEY_LENGTH = 255

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly clock: () => number = Date.now) {}

  check(key: string, method: string, path: string, params: Params): IdempotencyCheck {
    if (key.length > MAX_KEY_LENGTH) {
      // "Idempotency keys are up to 255 characters long." Stripe's exact wording for a longer key is not documented.
      return refused(400, 'invalid_request_error', `Invalid idempotency key: keys can be at most ${MAX_KEY_LENGTH} characters long.`)
    }
    const entry = this.entries.get(key)
    if (!entry || this.clock() - entry.savedAt >= RETENTION_MS) return { kind: 'new' }
    if (entry.method !== method || entry.path !== path) {
      return refused(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.method} ${entry.path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      )
    }
    if (entry.fingerprint !== fingerprint(params)) {
      return refused(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      )
    }
    if (!entry.response) {
      // https://docs.stripe.com/error-codes#idempotency-key-in-use — a concurrent request with the same key: 409.
      return refused(
        409,
        'idempotency_error',
        'The idempotency key provided is currently being used in another request. This occurs if your integration is making duplicate requests simultaneously.',
        'idempotency_key_in_use',
      )
    }
    return { kind: 'replay', response: entry.response }
  }

  /** The endpoint is about to execute: a request with the same key now gets 409 until finish() or abandon(). */
  begin(key: string, method: string, path: string, params: Params): void {
    this.entries.set(key, { method, path, fingerprint: fingerprint(params), savedAt: this.clock(), response: null })
  }

  /** Saves the response of a request that executed, whatever its status. */
  finish(key: string, response: StoredResponse): void {
    const entry = this.entries.get(key)
    if (entry) entry.response = response
  }

  /** The request never started executing (validation failed): the key stays free. */
  abandon(key: string): void {
    if (this.entries.get(key)?.response === null) this.entries.delete(key)
  }
}

function refused(status: number, type: 'idempotency_error' | 'invalid_request_error', message: string, code?: string): IdempotencyCheck {
  return { kind: 'refused', error: new ApiError(status, type, message, code) }
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
