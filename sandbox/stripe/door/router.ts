// Path-pattern routing shared by the JSON API (`/v1/...`) and the hosted pages (`/checkout/...`, `/portal/...`).
import type { Core } from '../core/core'
import type { Params } from './form-encoding'

export type Method = 'GET' | 'POST' | 'DELETE'

/** `authorization`: the bearer credential, for the v2 routes that take a session token instead of the API key. */
export type ApiContext = { core: Core; params: Params; args: string[]; authorization?: string | null }

/**
 * An API handler returns the stored object (the server copies and expands it) or throws ApiError. `params` lists
 * the parameters the handler acts on, as a request spells them: `email`, `recurring[interval]`, `items[][price]`
 * (`[]` is every index); a name covers everything beneath it, and `expand` is always allowed. The door first checks
 * the request against Stripe's contract (what Stripe refuses, it refuses in Stripe's words), then refuses any
 * parameter Stripe has but this list lacks as not modelled (modelled-params.ts), so none is silently ignored.
 */
export type ApiRoute = { method: Method; path: string; params: readonly string[]; handle(ctx: ApiContext): object }

export type PageResult = { status: number; html: string } | { redirect: string } | { status: number; file: Buffer; contentType: string; filename: string }

export type PageContext = ApiContext & { query: URLSearchParams }

export type PageRoute = { method: Method; path: string; handle(ctx: PageContext): PageResult }

const compiled = new Map<string, RegExp>()

function pattern(path: string): RegExp {
  let regex = compiled.get(path)
  if (!regex) {
    regex = new RegExp(`^${path.replace(/:[a-z_]+/g, '([^/]+)')}$`)
    compiled.set(path, regex)
  }
  return regex
}

export function matchRoute<R extends { method: Method; path: string }>(
  routes: readonly R[],
  method: string,
  path: string,
): { route: R; args: string[] } | null {
  for (const route of routes) {
    if (route.method !== method) continue
    const match = pattern(route.path).exec(path)
    if (match) return { route, args: match.slice(1).map((arg) => decodeURIComponent(arg)) }
  }
  return null
}
