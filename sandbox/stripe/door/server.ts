// The HTTP front. Every API request passes, in this order: the request log, failNext, the account's request rate,
// the API key, Stripe's contract (the Stripe-Version header, the URL, every parameter at every depth and the
// documented limits: contract/check-request.ts), the route (an endpoint Stripe has but no route serves is refused
// as not modelled), the parameters the route models (modelled-params.ts), idempotency, then the handler. Nothing
// before idempotency saves anything under a key. Handlers are synchronous, so each request's check → mutate → store
// never interleaves with another; only holdNext() opens a window between "execution began" and the handler, to
// reproduce a concurrent request. Decision 0047 says why in this order.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Core, RequestRecord } from '../core/core'
import { checkRequest } from '../contract/check-request'
import { clockOfRequest } from '../core/clock-scope'
import { publishAnswered } from './answered-requests'
import { ApiError } from './errors'
import { API_VERSION } from '../core/events'
import { applyExpand } from './expand'
import { parseForm, type Params } from './form-encoding'
import { newId } from '../core/ids'
import { IdempotencyStore } from './idempotency'
import { withAppLink } from './app-link'
import { escapeText } from './escape-text'
import { findUnmodelled } from './modelled-params'
import { endpointNotModelled, parameterNotModelled } from './not-modelled'
import { RATE_LIMITED_REASON_HEADER, RateLimitedError, rateLimitError, type RequestRateLimiter } from './rate-limit'
import { matchRoute, type ApiRoute, type PageRoute } from './router'
import { toWire } from '../core/wire'
import { answerV2 } from './v2-events'

export type FailureRule = { method?: string; path: RegExp | string; status: number; remaining: number; afterExecution?: boolean }

export type HoldRule = { method?: string; path: RegExp | string; released: Promise<void> }

type Reply = (status: number, body: string | Buffer, headers?: Record<string, string>) => void

const JSON_TYPE = { 'Content-Type': 'application/json' }

export function createDoubleServer(
  core: Core,
  api: ApiRoute[],
  pages: PageRoute[],
  failures: FailureRule[],
  holds: HoldRule[],
  limiter: RequestRateLimiter,
  v2Api: ApiRoute[] = [],
): Server {
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
    const apiVersion = header(req, 'stripe-version')
    // A request about a test clock's customer runs on that clock's time, its checks included (decision 0048).
    const clock = clockOfRequest(core, url.pathname, params)
    const requestNow = core.onClock(clock, () => core.now())
    const reply: Reply = (status, text, headers = {}) => {
      record.status = status
      const responseHeaders = {
        'Request-Id': requestId,
        // Echoed as sent, even a version the contract refuses: the answer says which version it refused.
        'Stripe-Version': apiVersion ?? API_VERSION,
        ...(idempotencyKey && { 'Idempotency-Key': idempotencyKey }),
        ...headers,
      }
      res.writeHead(status, responseHeaders)
      res.end(text)
      if (url.pathname.startsWith('/v1/')) {
        publishAnswered(() => ({ method, path: url.pathname, params, requestHeaders: req.headers, accountNow: requestNow, status, responseHeaders, body: text.toString() }))
      }
    }
    const refuse = (error: ApiError) => reply(error.status, json(error.envelope()), { ...JSON_TYPE, ...errorHeaders(error) })

    const early = takeFailure(failures, method, url.pathname, false)
    if (early) return refuse(simulatedFailure(early))
    if (url.pathname.startsWith('/v2/')) {
      // v2: JSON bodies, outside the v1 contract; the meter event stream authenticates with a session token instead.
      if (!limiter.take()) return refuse(rateLimitError())
      const authorization = header(req, 'authorization')
      const route = matchRoute(v2Api, method, url.pathname)
      const authError = route?.route.path === '/v2/billing/meter_event_stream' ? null : authenticate(authorization)
      if (authError) return refuse(authError)
      try {
        const v2Params = route && body ? (JSON.parse(body) as Params) : params
        core.currentRequest = { id: requestId, idempotency_key: idempotencyKey }
        const answer = route ? route.route.handle({ core, params: v2Params, args: route.args, authorization }) : answerV2(core, method, url.pathname, params)
        return reply(200, json(toWire(answer)), JSON_TYPE)
      } catch (error) {
        return refuse(error instanceof SyntaxError ? new ApiError(400, 'invalid_request_error', 'Invalid JSON body.') : toApiError(error))
      } finally {
        core.currentRequest = null
      }
    }
    if (!url.pathname.startsWith('/v1/')) return core.onClock(clock, () => servePage(url, method, params, reply))
    if (!limiter.take()) return refuse(rateLimitError())

    const authError = authenticate(header(req, 'authorization'))
    if (authError) return refuse(authError)

    // What Stripe refuses whatever the account holds, in Stripe's words; a URL Stripe lacks is its 404.
    const refused = checkRequest({ method, path: url.pathname, params, apiVersion, now: requestNow })
    if (refused) return refuse(refused)
    const match = matchRoute(api, method, url.pathname)
    if (!match) return refuse(endpointNotModelled(method, url.pathname))
    const unmodelled = findUnmodelled(match.route.params, params)
    if (unmodelled) return refuse(parameterNotModelled(unmodelled, `${method} ${match.route.path}`))

    if (idempotencyKey) {
      const check = idempotency.check(idempotencyKey, method, url.pathname, params)
      if (check.kind === 'replay') {
        const { status, body: stored, requestId: original } = check.response
        return reply(status, stored, { ...JSON_TYPE, 'Idempotent-Replayed': 'true', 'Original-Request': original })
      }
      if (check.kind === 'refused') return refuse(check.error)
      idempotency.begin(idempotencyKey, method, url.pathname, params)
    }
    await takeHold(holds, method, url.pathname)

    const outcome = core.onClock(clock, () => runApi(match, params, { id: requestId, idempotency_key: idempotencyKey }))
    // "500 after execution began": the work is done, the answer is an error, and Stripe saves that error.
    const failure = takeFailure(failures, method, url.pathname, true)
    const { status, text, headers } = failure ? { status: failure.status, text: json(simulatedFailure(failure).envelope()), headers: {} } : outcome
    if (idempotencyKey) {
      if (outcome.executed || failure) idempotency.finish(idempotencyKey, { status, body: text, requestId })
      else idempotency.abandon(idempotencyKey)
    }
    reply(status, text, { ...JSON_TYPE, ...headers })
  }

  /** `executed` is false for a validation failure (a 4xx the handler raised), which Stripe does not save. */
  function runApi(
    match: { route: ApiRoute; args: string[] },
    params: Params,
    request: Core['currentRequest'],
  ): { status: number; text: string; headers: Record<string, string>; executed: boolean } {
    core.currentRequest = request
    try {
      const result = match.route.handle({ core, params, args: match.args })
      return { status: 200, text: json(applyExpand(core, toWire(result), params)), headers: {}, executed: true }
    } catch (error) {
      const apiError = toApiError(error)
      return { status: apiError.status, text: json(apiError.envelope()), headers: errorHeaders(apiError), executed: apiError.status >= 500 }
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
      if ('file' in result) return reply(result.status, result.file, { 'Content-Type': result.contentType, 'Content-Disposition': `inline; filename="${result.filename}"`, 'Cache-Control': 'no-store' })
      reply(result.status, withAppLink(result.html, core.appUrl), { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    } catch (error) {
      const apiError = toApiError(error)
      reply(apiError.status, `<!doctype html><title>Error</title><p role="alert">${escapeText(apiError.message)}</p>`, {
        'Content-Type': 'text/html; charset=utf-8',
      })
    }
  }

  return createServer((req, res) => {
    const done = handle(req, res)
    if (req.method !== 'GET') void done.then(() => core.onChange(), () => core.onChange())
    done.catch((error: unknown) => {
      console.error('[stripe-double] request failed', error)
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
      res.end('stripe double error')
    })
  })
}

function simulatedFailure(rule: FailureRule): ApiError {
  return new ApiError(rule.status, 'api_error', 'An unknown error occurred (simulated by the Stripe double).')
}

/** A 429 says which limiter refused it (rate-limit.ts). */
function errorHeaders(error: ApiError): Record<string, string> {
  return error instanceof RateLimitedError ? { [RATE_LIMITED_REASON_HEADER]: error.reason } : {}
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

function matches(rule: { method?: string; path: RegExp | string }, method: string, path: string): boolean {
  return (
    (!rule.method || rule.method.toUpperCase() === method) &&
    (typeof rule.path === 'string' ? rule.path === path : ((rule.path.lastIndex = 0), rule.path.test(path)))
  )
}

function takeFailure(failures: FailureRule[], method: string, path: string, afterExecution: boolean): FailureRule | undefined {
  const index = failures.findIndex((rule) => Boolean(rule.afterExecution) === afterExecution && matches(rule, method, path))
  const rule = failures[index]
  if (!rule) return undefined
  rule.remaining -= 1
  if (rule.remaining <= 0) failures.splice(index, 1)
  return rule
}

/** Waits while a matching hold is in place: the request has begun executing but not finished. */
async function takeHold(holds: HoldRule[], method: string, path: string): Promise<void> {
  const index = holds.findIndex((rule) => matches(rule, method, path))
  const rule = holds[index]
  if (!rule) return
  holds.splice(index, 1)
  await rule.released
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
