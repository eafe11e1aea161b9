// Who sent a Stripe request: the first frame of the caller's stack outside the SDK, as `lib/billing/checkout.ts:57`.
// In the suite, every request made through the SDK carries it to the sandbox in a header, so that the door's record
// of the request can name the line that made it (record-app-requests.ts). Frames are TypeScript lines: Vitest maps
// stack traces through source maps.
import { relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import Stripe from 'stripe'

export const CALL_SITE_HEADER = 'Tollgate-Call-Site'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const THIS_FILE = relative(ROOT, fileURLToPath(import.meta.url))

/**
 * The app is what ships: its routes, libraries, Inngest functions and scripts, and the dev sandbox's plumbing that
 * runs them. A request whose first frame is in tests/ is one a test wrote itself (to set a scene or to probe the
 * sandbox); it is not the app's.
 */
const APP_FOLDERS = ['app', 'lib', 'inngest', 'scripts', 'components', 'sandbox']

export type Origin = 'app' | 'test'

export function originOf(callSite: string): Origin {
  const folder = callSite.split('/')[0] ?? ''
  return APP_FOLDERS.includes(folder) ? 'app' : 'test'
}

/** A path (or `file://` URL) relative to the repository, with forward slashes; outside it, starting with `..`. */
export function repositoryPath(path: string): string {
  return relative(ROOT, path.startsWith('file://') ? fileURLToPath(path) : path).split(sep).join('/')
}

/** The first frame in the repository and outside node_modules and this file, relative to the repository. */
export function callSiteOf(stack: string): string | null {
  for (const line of stack.split('\n').slice(1)) {
    const location = /\(?((?:file:\/\/)?\/[^():]+):(\d+):\d+\)?\s*$/.exec(line)
    if (!location) continue
    const [, path = '', lineNumber = ''] = location
    const file = repositoryPath(path)
    if (file.startsWith('..') || file.startsWith('node_modules/') || file === THIS_FILE) continue
    return `${file}:${lineNumber}`
  }
  return null
}

type MakeRequest = Stripe.StripeResource['_makeRequest']

let installed: MakeRequest | null = null

/**
 * Makes every request the SDK sends in this process carry its call site. The SDK reads the stack at the same place
 * for its own errors (`StripeResource._makeRequest`, node_modules/stripe/esm/StripeResource.js); a header is the
 * one thing a request can carry to the server that the SDK passes through untouched.
 */
export function tagStripeRequestsWithCallSite(): void {
  if (installed) return
  const prototype = Stripe.StripeResource.prototype
  const original = prototype._makeRequest
  installed = original
  prototype._makeRequest = function (this: Stripe.StripeResource, method, path, params, options, spec) {
    const depth = Error.stackTraceLimit
    Error.stackTraceLimit = 60
    const stack = new Error().stack ?? ''
    Error.stackTraceLimit = depth
    const site = callSiteOf(stack)
    const tagged = site ? { ...options, headers: { ...options?.headers, [CALL_SITE_HEADER]: site } } : options
    return original.call(this, method, path, params, tagged, spec)
  }
}
