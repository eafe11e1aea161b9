// A fast local stand-in for Inngest's event API, run as its own process so its work never shares an event loop
// with the load generator: `POST /e/:key` is answered at once with `{"ids":[...],"status":200}` and counted.
// `GET /stats` reports the counts, so the bench can check that every 2xx was handed off (and how many twice).
//   node --import tsx bench/inngest-sink.ts      (prints `listening <url>` on stdout)
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'

export type SinkStats = { requests: number; events: number; distinct: number }

export function startInngestSink(port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const stats = { requests: 0, events: 0 }
  const ids = new Set<string>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/stats') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...stats, distinct: ids.size }))
        return
      }
      if (req.method !== 'POST' || !req.url?.startsWith('/e/')) {
        res.writeHead(404).end()
        return
      }
      let events: { id?: unknown }[]
      try {
        events = [JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: unknown }].flat()
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid json"}')
        return
      }
      stats.requests += 1
      stats.events += events.length
      for (const event of events) if (typeof event.id === 'string') ids.add(event.id)
      const body = JSON.stringify({ ids: events.map((event) => event.id ?? null), status: 200 })
      res.writeHead(200, { 'content-type': 'application/json' }).end(body)
    })
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${bound}`,
        close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
      })
    })
  })
}

export async function sinkStats(url: string): Promise<SinkStats> {
  const response = await fetch(`${url}/stats`, { signal: AbortSignal.timeout(5_000) })
  return (await response.json()) as SinkStats
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sink = await startInngestSink(Number(process.env.PORT ?? 0))
  console.log(`listening ${sink.url}`)
  const stop = () => void sink.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
