// Reads the installed `stripe` package and returns the contract (see sandbox/stripe/contract/schema.ts): every v1
// endpoint the SDK can call, with its parameters at every depth, from the SDK's own TypeScript request types.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import type { Endpoint, ParamNode, StripeContract } from '../../sandbox/stripe/contract/schema'
import { dedupe } from './dedupe'
import { ParamTypeReader } from './param-types'
import { findSdkMethods } from './sdk-endpoints'

export const GENERATED_BY = 'npm run stripe:contract'

export function generateContract(sdkRoot = path.resolve('node_modules/stripe')): StripeContract {
  const cjs = path.join(sdkRoot, 'cjs')
  const coreFile = path.join(cjs, 'stripe.core.d.ts')
  const program = ts.createProgram([coreFile], { strict: true, skipLibCheck: true, noEmit: true, types: [] })
  const checker = program.getTypeChecker()
  const stripeClass = program
    .getSourceFile(coreFile)
    ?.statements.find((statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === 'Stripe')
  if (!stripeClass) throw new Error(`no Stripe class in ${coreFile}`)

  const reader = new ParamTypeReader(checker, path.join(cjs, 'resources'))
  const endpoints: Record<string, Endpoint> = {}
  for (const method of findSdkMethods(checker, stripeClass)) {
    const key = `${method.httpMethod} ${method.path}`
    const params = reader.readMethodParams(method.declaration)
    const existing = endpoints[key]
    // `stripe.account` and `stripe.accounts` are one resource class: the same request, named twice.
    if (existing && existing.params !== params) throw new Error(`${key} is sent by ${existing.sdk.join(', ')} and ${method.sdkName} with different parameters`)
    endpoints[key] = { sdk: [...(existing?.sdk ?? []), method.sdkName].sort(), params }
  }

  const shared = dedupe(endpoints, reader.names)
  return {
    generatedBy: GENERATED_BY,
    sdkVersion: readPackageVersion(sdkRoot),
    apiVersion: readPinnedApiVersion(cjs),
    apiVersions: knownApiVersions(endpoints),
    endpoints: shared.endpoints,
    definitions: shared.definitions,
  }
}

/** Deterministic text: keys sorted at every depth, one entry per line at the top two levels for readable diffs. */
export function serializeContract(contract: StripeContract): string {
  const { endpoints, definitions, ...header } = contract
  const section = (entries: Record<string, unknown>) =>
    `{\n${Object.keys(entries)
      .sort()
      .map((name) => `    ${JSON.stringify(name)}: ${JSON.stringify(sortKeys(entries[name]))}`)
      .join(',\n')}\n  }`
  const head = Object.keys(header)
    .sort()
    .map((name) => `  ${JSON.stringify(name)}: ${JSON.stringify(sortKeys(header[name as keyof typeof header]))}`)
  return `{\n${[...head, `  "definitions": ${section(definitions)}`, `  "endpoints": ${section(endpoints)}`].sort().join(',\n')}\n}\n`
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, child]) => [name, sortKeys(child)]),
  )
}

function readPackageVersion(sdkRoot: string): string {
  const manifest: unknown = JSON.parse(readFileSync(path.join(sdkRoot, 'package.json'), 'utf8'))
  if (typeof manifest === 'object' && manifest !== null && 'version' in manifest && typeof manifest.version === 'string') return manifest.version
  throw new Error(`no version in ${sdkRoot}/package.json`)
}

export function readPinnedApiVersion(cjs: string): string {
  const match = /ApiVersion = '([^']+)'/.exec(readFileSync(path.join(cjs, 'apiVersion.js'), 'utf8'))
  if (!match?.[1]) throw new Error(`no ApiVersion in ${cjs}/apiVersion.js`)
  return match[1]
}

/**
 * The versions Stripe's spec names: a webhook endpoint's `api_version` takes exactly the API versions that exist,
 * from 2011-01-01 to the pinned one. Dates lead each name, so sorting puts them in release order.
 */
function knownApiVersions(endpoints: Record<string, Endpoint>): string[] {
  const params = endpoints['POST /v1/webhook_endpoints']?.params
  const field: ParamNode | undefined = params && 'type' in params && params.type === 'object' ? params.fields.api_version : undefined
  if (!field || !('type' in field) || field.type !== 'enum') throw new Error('POST /v1/webhook_endpoints has no api_version enum')
  return [...field.values].sort()
}
