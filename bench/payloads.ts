// Distinct, validly signed Stripe events for the load runs and the duplicate storm. Each body is signed when it
// is made, so a pool is made right before the run that uses it (Stripe's tolerance is 300 s).
import Stripe from 'stripe'

/** The signing secret every benchmarked server is started with. */
export const BENCH_WEBHOOK_SECRET = 'whsec_bench_tollgate_signing_secret'

export type SignedPayload = { body: string; signature: string }

const webhooks = new Stripe('sk_x').webhooks

/** A `customer.subscription.updated` event shaped like Stripe's, one of 500 customers. */
export function benchEvent(id: string, n: number, created = Math.floor(Date.now() / 1000)) {
  return {
    id,
    object: 'event',
    type: 'customer.subscription.updated',
    api_version: '2026-10-28.endive',
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: `sub_${n}`, object: 'subscription', customer: `cus_${n % 500}` } },
  }
}

export function signPayload(body: string, secret = BENCH_WEBHOOK_SECRET): SignedPayload {
  return { body, signature: webhooks.generateTestHeaderString({ payload: body, secret }) }
}

/** Event numbers never repeat within one process, so no two runs (or warm-ups) share an id. */
let serial = 0

export function signedEvent(prefix: string): SignedPayload {
  serial += 1
  return signPayload(JSON.stringify(benchEvent(`evt_${prefix}_${serial}`, serial)))
}

/**
 * Pre-signed payloads handed out one per request. `size` are made up front; if a fast server drains them the
 * pool signs more on demand (counted in `extended`), so every request still carries a distinct event.
 */
export class PayloadPool {
  private readonly items: SignedPayload[] = []
  private index = 0
  extended = 0

  constructor(
    size: number,
    private readonly prefix = 'bench',
  ) {
    for (let i = 0; i < size; i += 1) this.items.push(signedEvent(prefix))
  }

  next(): SignedPayload {
    const item = this.items[this.index]
    if (item) {
      this.index += 1
      return item
    }
    this.extended += 1
    return signedEvent(this.prefix)
  }

  /** How many payloads were handed out, pre-made or not. */
  get used(): number {
    return this.index + this.extended
  }
}

/** Fisher–Yates, in place. */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1))
    const a = items[i] as T
    items[i] = items[j] as T
    items[j] = a
  }
  return items
}
