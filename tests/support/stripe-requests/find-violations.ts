// The suite-wide check of the app's Stripe requests: every request the app sent to the sandbox during the run,
// checked again against Stripe's contract (contract/check-request.ts: the Stripe-Version header, the URL, every
// parameter at every depth, the documented limits), and against what the sandbox answered: a per-subscription limit
// refused (a 429 `resource-specific`, sandbox/stripe/resources/subscription-limits.ts), or a parameter or endpoint
// the sandbox does not model, which means a test passed without Stripe's behaviour behind it.
import { checkRequest } from '@/sandbox/stripe/contract/check-request'
import { stripeContract } from '@/sandbox/stripe/contract/contract'
import { NOT_MODELLED } from '@/sandbox/stripe/door/not-modelled'
import type { RecordedRequest } from './recorded-request'

export type Violation = { request: RecordedRequest; problem: string }

export type Coverage = { appRequests: number; endpoints: number; shapes: number; callSites: number; testRequests: number; rawRequests: number }

export function findViolations(requests: readonly RecordedRequest[]): Violation[] {
  return requests.filter((request) => request.origin === 'app').flatMap((request) => {
    const problem = contractProblem(request) ?? answeredProblem(request)
    return problem ? [{ request, problem }] : []
  })
}

function contractProblem(request: RecordedRequest): string | null {
  const { method, path, params, apiVersion, accountNow } = request
  const refused = checkRequest({ method, path, params, apiVersion, now: accountNow })?.envelope().error
  if (!refused) return null
  return `Stripe would refuse it: ${refused.code ? `${refused.code}: ` : ''}${refused.message}${refused.param ? ` (param ${refused.param})` : ''}`
}

function answeredProblem(request: RecordedRequest): string | null {
  if (request.status === 429 && request.rateLimitedReason === 'resource-specific') {
    return `over a per-subscription limit Stripe documents (https://docs.stripe.com/rate-limits): ${request.error?.message ?? ''}`
  }
  if (request.error?.code === NOT_MODELLED) return `the sandbox does not model it, so no test saw Stripe's behaviour: ${request.error.message ?? ''}`
  return null
}

/** How much the check covered: app requests, the endpoints and request shapes among them, and their call sites. */
export function coverageOf(requests: readonly RecordedRequest[]): Coverage {
  const app = requests.filter((request) => request.origin === 'app')
  const endpoints = new Set(app.map((request) => endpointOf(request)))
  const shapes = new Set(app.map((request) => `${endpointOf(request)} ${shapeOf(request.params).join('&')}`))
  return {
    appRequests: app.length,
    endpoints: endpoints.size,
    shapes: shapes.size,
    callSites: new Set(app.map((request) => request.callSite)).size,
    testRequests: requests.filter((request) => request.origin === 'test').length,
    rawRequests: requests.filter((request) => request.origin === 'raw').length,
  }
}

export function describeViolation({ request, problem }: Violation): string {
  return `${request.callSite ?? 'unknown call site'}: ${request.method} ${request.path} → ${request.status}, ${problem}${request.testFile ? `\n    while running ${request.testFile}` : ''}`
}

function endpointOf(request: RecordedRequest): string {
  return stripeContract().findEndpoint(request.method, request.path)?.key ?? `${request.method} ${request.path}`
}

/** The parameter paths a request sent, indices folded (`items[][price]`), metadata keys left out: its shape. */
function shapeOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((item) => shapeOf(item, `${prefix}[]`)))]
  if (typeof value !== 'object' || value === null || prefix.endsWith('metadata')) return [prefix]
  return Object.entries(value)
    .flatMap(([key, child]) => shapeOf(child, prefix === '' ? key : `${prefix}[${key}]`))
    .sort()
}
