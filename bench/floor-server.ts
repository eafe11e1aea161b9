// The floor: a bare node:http server running exactly the app's webhook core (verify → ledger insert → Inngest
// hand-off → mark queued) with no framework around it. Same env, same database driver, same Inngest client.
//   PORT=… DATABASE_URL=… STRIPE_WEBHOOK_SECRET=… INNGEST_DEV=… node --import tsx --conditions=react-server bench/floor-server.ts
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { stripeEventRouting } from '@/inngest/stripe/event-handlers'
import { ingestStripeWebhook, MAX_WEBHOOK_BYTES } from '@/lib/webhooks/receive-stripe-webhook'

const PATH = '/api/webhooks/stripe'

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body))
}

/** The raw body, or null past the cap (the route's readCappedBody rule, on a Node stream). */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (chunk: Buffer) => {
      if (over) return
      size += chunk.length
      if (size > MAX_WEBHOOK_BYTES) {
        over = true
        chunks.length = 0
        resolve(null)
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks, size))
    })
    req.on('error', reject)
  })
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  if (req.url !== PATH) return send(res, 404, { error: 'not_found' })
  if (req.method !== 'POST') return send(res, 405, { error: 'method_not_allowed' }, { allow: 'POST' })
  const tooLarge = { error: 'payload_too_large' }
  if (Number(req.headers['content-length']) > MAX_WEBHOOK_BYTES) return send(res, 413, tooLarge, { connection: 'close' })
  const body = await readBody(req)
  if (!body) return send(res, 413, tooLarge, { connection: 'close' })
  const signature = req.headers['stripe-signature']
  const answer = await ingestStripeWebhook(body, typeof signature === 'string' ? signature : null, stripeEventRouting)
  send(res, answer.status, answer.body)
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error('floor: request failed', error)
    if (!res.headersSent) send(res, 500, { error: 'internal' })
  })
})

server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1', () => console.log(`floor listening on ${process.env.PORT}`))

// A graceful exit, so `node --cpu-prof` writes its profile.
const stop = () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 2_000).unref()
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
