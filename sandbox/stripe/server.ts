// The HTTP front: request log, failNext, API-key check, idempotency, then a route. Handlers are synchronous, so
// each API request's check → mutate → store happens without interleaving with another request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Core } from './core'
import { ApiError } from './errors'
import { API_VERSION } from './events'
import { applyExpand } from './expand'
import { parseForm, type Params } from './form-encoding'
import { newId } from './ids'
import { IdempotencyStore } from './idempotency'
import { escapeText } from './pages/html'
import { rateLimitError, type RequestRateLimiter } from './rate-limit'
import { matchRoute, type ApiRoute, type PageRoute } from './router'
import type { FailureRule, RequestRecord } from './types'
import { toWire } from './wire'

type Reply = (status: number, body: string, headers?: Record<string, string>) => void

export function createDoubleServer(core: Core, api: ApiRoute[], pages: PageRoute[], failures: FailureRule[], limiter: RequestRateLimiter): Server {
  const idempotency = new IdempotencyStore()

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const body = await readBody(req)
    const params: Params = { ...parseForm(url.search.slice(1)), ...parseForm(body) }
    const requestId = newId('req_', 14)
    const idempotencyKey = method === 'POST' ? header(req, 'idempotency-key') : null
    const record: RequestRecord = { method, path: url.pathname, params, idempotencyKey, status: 0 }
    core.requests.push(record)
    const reply: Reply = (status, text, headers = {}) => {
      record.status = status
      res.writeHead(status, {
        'Request-Id': requestId,
        'Stripe-Version': header(req, 'stripe-version') ?? API_VERSION,
        ...(idempotencyKey && { 'Idempotency-Key': idempotencyKey }),
        ...headers,
      })
      res.end(text)
    }

    const failure = takeFailure(failures, method, url.pathname)
    if (failure) {
      const error = new ApiError(failure.status, 'api_error', 'An unknown error occurred (simulated by the Stripe double).')
      return reply(failure.status, json(error.envelope()), { 'Content-Type': 'application/json' })
    }
    if (!url.pathname.startsWith('/v1/')) return servePage(url, method, params, reply)
    if (!limiter.take()) return reply(429, json(rateLimitError().envelope()), { 'Content-Type': 'application/json' })

    const authError = authenticate(header(req, 'authorization'))
    if (authError) return reply(401, json(authError.envelope()), { 'Content-Type': 'application/json' })

    if (idempotencyKey) {
      const check = idempotency.check(idempotencyKey, method, url.pathname, params)
      if (check.kind === 'replay') {
        const { status, body: stored, requestId: original } = check.response
        return reply(status, stored, { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true', 'Original-Request': original })
      }
      if (check.kind === 'conflict') {
        return reply(400, json(new ApiError(400, 'idempotency_error', check.message).envelope()), { 'Content-Type': 'application/json' })
      }
    }

    const { status, text } = runApi(method, url.pathname, params, { id: requestId, idempotency_key: idempotencyKey })
    if (idempotencyKey) idempotency.save(idempotencyKey, method, url.pathname, params, { status, body: text, requestId })
    reply(status, text, { 'Content-Type': 'application/json' })
  }

  function runApi(method: string, path: string, params: Params, request: Core['currentRequest']): { status: number; text: string } {
    const match = matchRoute(api, method, path)
    if (!match) {
      const message = `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`
      return { status: 404, text: json(new ApiError(404, 'invalid_request_error', message).envelope()) }
    }
    core.currentRequest = request
    try {
      const result = match.route.handle({ core, params, args: match.args })
      return { status: 200, text: json(applyExpand(core, toWire(result), params)) }
    } catch (error) {
      return { status: error instanceof ApiError ? error.status : 500, text: json(toApiError(error).envelope()) }
    } finally {
      core.currentRequest = null
    }
  }

  function servePage(url: URL, method: string, params: Params, reply: Reply): void {
    const match = matchRoute(pages, method, url.pathname)
    if (!match) return reply(404, 'Not found', { 'Content-Type': 'text/plain; charset=utf-8' })
    try {
      const result = match.route.handle({ core, params, args: match.args, query: url.searchParams })
      if ('redirect' in result) return reply(303, '', { Location: result.redirect })
      reply(result.status, result.html, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    } catch (error) {
      const apiError = toApiError(error)
      reply(apiError.status, `<!doctype html><title>Error</title><p role="alert">${escapeText(apiError.message)}</p>`, {
        'Content-Type': 'text/html; charset=utf-8',
      })
    }
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[stripe-double] request failed', error)
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
      res.end('stripe double error')
    })
  })
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  // A bug in the double, not a simulated Stripe failure: make it loud in the test output.
  console.error('[stripe-double] handler threw', error)
  return new ApiError(500, 'api_error', error instanceof Error ? error.message : String(error))
}

function authenticate(authorization: string | null): ApiError | null {
  const bearer = authorization?.match(/^Bearer (.+)$/)?.[1]
  const basic = authorization?.match(/^Basic (.+)$/)?.[1]
  const key = bearer ?? (basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : undefined)
  if (!key) {
    return new ApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    )
  }
  if (/^(sk|rk)_test_\w+$/.test(key)) return null
  const redacted = key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : key
  return new ApiError(401, 'invalid_request_error', `Invalid API Key provided: ${redacted}`)
}

function takeFailure(failures: FailureRule[], method: string, path: string): FailureRule | undefined {
  const index = failures.findIndex(
    (rule) =>
      (!rule.method || rule.method.toUpperCase() === method) &&
      (typeof rule.path === 'string' ? rule.path === path : ((rule.path.lastIndex = 0), rule.path.test(path))),
  )
  const rule = failures[index]
  if (!rule) return undefined
  rule.remaining -= 1
  if (rule.remaining <= 0) failures.splice(index, 1)
  return rule
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name]
  return (Array.isArray(value) ? value[0] : value) ?? null
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** Stripe pretty-prints its JSON with two spaces. */
const json = (value: unknown): string => JSON.stringify(value, null, 2)
