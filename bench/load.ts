// One load run with autocannon: a fixed number of keep-alive connections for a fixed time, each request carrying
// the next payload of a pool (so every webhook is a distinct, freshly signed event). Only 2xx count as served.
import autocannon from 'autocannon'
import type { SignedPayload } from './payloads'

export type LoadStats = {
  /** 2xx responses per second of the run: the only throughput that counts. */
  rps: number
  ok: number
  non2xx: number
  errors: number
  timeouts: number
  sent: number
  durationS: number
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number }
  statusCodes: Record<string, number>
}

export type LoadOptions = {
  url: string
  path: string
  connections: number
  durationS: number
  /** The next request's body and signature; without it every request POSTs `{}`. */
  next?: () => SignedPayload
}

export function runLoad(options: LoadOptions): Promise<LoadStats> {
  const headers = { 'content-type': 'application/json' }
  const next = options.next
  const request: autocannon.Request = {
    method: 'POST',
    path: options.path,
    headers,
    body: '{}',
    ...(next && {
      setupRequest: (req: autocannon.Request) => {
        const payload = next()
        return { ...req, body: payload.body, headers: { ...headers, 'stripe-signature': payload.signature } }
      },
    }),
  }
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: options.url, connections: options.connections, duration: options.durationS, timeout: 10, requests: [request] },
      (error, result) => {
        clearTimeout(guard)
        if (error) return reject(error)
        resolve(summarize(result))
      },
    )
    // autocannon ends on its own after `duration`; this only guards against a run that never finishes.
    const guard = setTimeout(() => instance.stop(), (options.durationS + 30) * 1000)
  })
}

function summarize(result: autocannon.Result): LoadStats {
  const statusCodes: Record<string, number> = {}
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0
  const { latency } = result
  return {
    rps: result['2xx'] / result.duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    sent: result.requests.sent,
    durationS: result.duration,
    latencyMs: { p50: latency.p50, p90: latency.p90, p99: latency.p99, mean: latency.mean, max: latency.max },
    statusCodes,
  }
}
