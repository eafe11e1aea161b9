// The generated contract, loaded once, and the look-ups the checker needs: which endpoint a concrete request path
// is, and what a `$ref` stands for.
import { readFileSync } from 'node:fs'
import type { Endpoint, ParamNode, StripeContract } from './schema'

export const CONTRACT_FILE = new URL('./stripe-contract.generated.json', import.meta.url)

let loaded: LoadedContract | undefined

/** The checked-in contract (regenerate with `npm run stripe:contract`; a test fails while it is stale). */
export function stripeContract(): LoadedContract {
  loaded ??= new LoadedContract(parseContract(readFileSync(CONTRACT_FILE, 'utf8')))
  return loaded
}

export function parseContract(text: string): StripeContract {
  const parsed: unknown = JSON.parse(text)
  if (!isContract(parsed)) throw new Error(`${CONTRACT_FILE.pathname} is not a Stripe contract: regenerate it with npm run stripe:contract`)
  return parsed
}

function isContract(value: unknown): value is StripeContract {
  if (typeof value !== 'object' || value === null) return false
  return ['apiVersion', 'sdkVersion', 'apiVersions', 'endpoints', 'definitions'].every((key) => key in value)
}

type Route = { key: string; method: string; pattern: RegExp; literals: number; endpoint: Endpoint }

export class LoadedContract {
  private readonly routes: Route[]
  private readonly versions: Set<string>

  constructor(readonly contract: StripeContract) {
    this.versions = new Set(contract.apiVersions)
    this.routes = Object.entries(contract.endpoints)
      .map(([key, endpoint]) => {
        const [method = '', path = ''] = key.split(' ')
        const segments = path.split('/')
        const source = segments.map((segment) => (segment.startsWith(':') ? '[^/]+' : escapeRegExp(segment))).join('/')
        return { key, method, pattern: new RegExp(`^${source}$`), literals: segments.filter((s) => !s.startsWith(':')).length, endpoint }
      })
      // `/v1/invoices/create_preview` before `/v1/invoices/:invoice`: a literal segment is a different endpoint.
      .sort((a, b) => b.literals - a.literals || (a.key < b.key ? -1 : 1))
  }

  /** The endpoint a request goes to (`POST /v1/subscriptions/sub_123` → `POST /v1/subscriptions/:id`). */
  findEndpoint(method: string, path: string): { key: string; endpoint: Endpoint } | null {
    const route = this.routes.find((candidate) => candidate.method === method && candidate.pattern.test(path))
    return route ? { key: route.key, endpoint: route.endpoint } : null
  }

  isKnownApiVersion(version: string): boolean {
    return this.versions.has(version)
  }

  /** A `$ref` replaced by its definition; the reference's own `emptyable` carries over. */
  resolve(node: ParamNode): Exclude<ParamNode, { $ref: string }> {
    if (!('$ref' in node)) return node
    const definition = this.contract.definitions[node.$ref]
    if (!definition) throw new Error(`the Stripe contract has no definition ${node.$ref}`)
    const resolved = this.resolve(definition)
    return node.emptyable ? { ...resolved, emptyable: true } : resolved
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
