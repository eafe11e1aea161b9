// Webhook delivery: one event at a time, in creation order, signed as Stripe signs them. Failures are recorded,
// never thrown, and never retried: a test asserts on `deliveries` instead.
import { request as httpRequest, type ClientRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import Stripe from 'stripe'

export type WebhookTarget = { url: string | null; secret: string }

export type DeliveryRecord = { eventId: string; status: number | null; error?: string }

const TIMEOUT_MS = 10_000

export class DeliveryQueue {
  private readonly pending: Stripe.Event[] = []
  private chain: Promise<void> = Promise.resolve()
  private inFlight: ClientRequest | null = null
  private stopped = false

  constructor(
    private readonly target: () => WebhookTarget,
    private readonly deliveries: DeliveryRecord[],
    private auto: boolean,
    private readonly onDelivery: (record: DeliveryRecord) => void = () => {},
  ) {}

  private record(record: DeliveryRecord): void {
    this.deliveries.push(record)
    this.onDelivery(record)
  }

  get autoDeliver(): boolean {
    return this.auto
  }

  /** From now on every event is sent as it is created; the ones held so far go first, in order. */
  startDelivering(): Promise<void> {
    this.auto = true
    return this.deliverPending()
  }

  enqueue(event: Stripe.Event): void {
    if (this.autoDeliver) this.schedule(event)
    else this.pending.push(event)
  }

  deliverPending(): Promise<void> {
    for (const event of this.pending.splice(0)) this.schedule(event)
    return this.idle()
  }

  /** Waits until the queue is empty, including events queued while waiting. */
  async idle(): Promise<void> {
    let current: Promise<void>
    do {
      current = this.chain
      await current
    } while (current !== this.chain)
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.inFlight?.destroy(new Error('stripe double closed'))
    await this.idle()
  }

  private schedule(event: Stripe.Event): void {
    this.chain = this.chain.then(() => this.deliver(event))
  }

  private async deliver(event: Stripe.Event): Promise<void> {
    const { url, secret } = this.target()
    if (this.stopped || !url) {
      this.record({ eventId: event.id, status: null, error: this.stopped ? 'stripe double closed' : 'no webhook URL set' })
      return
    }
    const payload = JSON.stringify(event, null, 2)
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret })
    try {
      const { status, body } = await this.post(url, payload, signature)
      const record: DeliveryRecord = { eventId: event.id, status }
      if (status < 200 || status >= 300) record.error = `HTTP ${status}: ${body.slice(0, 500)}`
      this.record(record)
    } catch (error) {
      this.record({ eventId: event.id, status: null, error: error instanceof Error ? error.message : String(error) })
    }
  }

  private post(url: string, payload: string, signature: string): Promise<{ status: number; body: string }> {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest
    return new Promise((resolve, reject) => {
      // A fresh connection per event (agent: false) so nothing lingers after close().
      const req = send(url, {
        method: 'POST',
        agent: false,
        timeout: TIMEOUT_MS,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(payload),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signature,
          Connection: 'close',
        },
      })
      this.inFlight = req
      req.on('timeout', () => req.destroy(new Error(`webhook timed out after ${TIMEOUT_MS} ms`)))
      req.on('error', reject)
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      })
      req.on('close', () => {
        if (this.inFlight === req) this.inFlight = null
      })
      req.end(payload)
    })
  }
}
