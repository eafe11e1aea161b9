// A local stand-in for Inngest's event API: the app's real `inngest` client sends to it (INNGEST_DEV=<its url>)
// and it records what arrives, deduplicating by event id within its lifetime as Inngest does. Recorded events can
// then be run through the real functions with @inngest/test (runInngestEvents, in sandbox/inngest/). It also
// answers the SDK's out-of-band sync (POST /fn/register, sent when /api/inngest gets a PUT) and records what the app registered.
import { createServer, type Server } from 'node:http'
import type { SentEvent } from '@/sandbox/inngest/run-events'

export type { SentEvent }
export type Registration = { url: string; authorization: string | null; functionIds: string[] }

export async function startInngestStandIn() {
  const received: SentEvent[] = [] // every event in every request, duplicates included
  const accepted: SentEvent[] = [] // first arrival of each id: what Inngest would run
  const registrations: Registration[] = []
  let failure: number | null = null
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.startsWith('/fn/register')) {
        const registered = JSON.parse(body) as { url: string; functions: { id: string }[] }
        registrations.push({ url: registered.url, authorization: req.headers.authorization ?? null, functionIds: registered.functions.map((f) => f.id) })
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, modified: true }))
        return
      }
      if (req.method !== 'POST' || !req.url?.startsWith('/e/')) {
        res.writeHead(404).end()
        return
      }
      if (failure !== null) {
        res.writeHead(failure, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'stand-in outage' }))
        return
      }
      const events = [JSON.parse(body)].flat() as SentEvent[]
      for (const event of events) {
        received.push(event)
        if (!event.id || !accepted.some((e) => e.id === event.id)) accepted.push(event)
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ids: events.map((e) => e.id), status: 200 }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    accepted,
    registrations,
    /** Answer every request with this status until called with null. */
    failWith(status: number | null) {
      failure = status
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  }
}

export { runInngestEvents } from '@/sandbox/inngest/run-events'
