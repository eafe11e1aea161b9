// A local stand-in for Inngest's event API: the app's real `inngest` client sends to it (INNGEST_DEV=<its url>)
// and it records what arrives, deduplicating by event id within its lifetime as Inngest does. Recorded events can
// then be run through the real functions with @inngest/test (runInngestEvents, in sandbox/inngest/). It also
// answers the SDK's out-of-band sync (POST /fn/register, sent when /api/inngest gets a PUT) and records what the app registered.
import { randomUUID } from 'node:crypto'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { SentEvent } from '@/sandbox/inngest/run-events'

export type { SentEvent }
export type Registration = { url: string; authorization: string | null; functionIds: string[] }

/**
 * `maxBodyBytes`: Inngest refuses a request body over the plan's event size limit (256 KiB on the free plan,
 * https://www.inngest.com/docs/usage-limits/inngest); the stand-in answers such a request 413 and accepts nothing.
 */
export async function startInngestStandIn(options: { maxBodyBytes?: number } = {}) {
  const received: SentEvent[] = [] // every event in every request, duplicates included
  const accepted: SentEvent[] = [] // first arrival of each id: what Inngest would run
  const registrations: Registration[] = []
  const requests: { events: number; bytes: number; status: number }[] = []
  let failure: number | null = null
  const hangs: number[] = []
  let refuse: ((event: SentEvent) => boolean) | null = null
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
      const hang = hangs.shift()
      if (hang !== undefined) {
        // A hung Inngest: the answer (a normal one) comes after `hang` ms, long after any sane client gave up.
        setTimeout(() => answer(body, res), hang)
        return
      }
      answer(body, res)
    })
  })
  function answer(body: string, res: ServerResponse) {
    const bytes = Buffer.byteLength(body)
    const reply = (status: number, payload: unknown) => {
      requests.push({ events: [JSON.parse(body)].flat().length, bytes, status })
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload))
    }
    if (failure !== null) return reply(failure, { error: 'stand-in outage' })
    if (options.maxBodyBytes !== undefined && bytes > options.maxBodyBytes) return reply(413, { error: `request body of ${bytes} bytes is over the ${options.maxBodyBytes}-byte limit` })
    const events = [JSON.parse(body)].flat() as SentEvent[]
    if (refuse && events.some(refuse)) return reply(400, { error: 'event refused by the stand-in' })
    for (const event of events) {
      received.push(event)
      if (!event.id || !accepted.some((e) => e.id === event.id)) accepted.push(event)
    }
    // Inngest gives an event sent without an id one of its own.
    reply(200, { ids: events.map((e) => e.id ?? randomUUID()), status: 200 })
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    accepted,
    registrations,
    /** Every request that reached the stand-in, in order, with its size and the status it got. */
    requests,
    /** Answer every request with this status until called with null. */
    failWith(status: number | null) {
      failure = status
    },
    /** Hold the answer to the next request for `ms` (a hung Inngest). */
    hangNext(ms: number) {
      hangs.push(ms)
    },
    /** Answer 400 to any request holding an event this matches (null: refuse nothing). */
    refuseEvents(match: ((event: SentEvent) => boolean) | null) {
      refuse = match
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  }
}

export { runInngestEvents } from '@/sandbox/inngest/run-events'
