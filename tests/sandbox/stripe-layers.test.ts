// The Stripe double keeps the shape of a small library (sandbox/stripe/layers.ts, its README's "Layers"): no import
// circle anywhere under sandbox/, no import up a layer, resources only on resources listed before them, and nothing
// from the app. Type imports count: a circle of `import type` is still a circle to the reader.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LAYERS, RESOURCES } from '@/sandbox/stripe/layers'
import { edgesOf, findCycles, readModules, type ModuleImport } from '../support/module-graph'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PACKAGE = 'sandbox/stripe/'

type Place = { layer: number; resource: number | null } | { outside: true } | { unknown: string }

function placeOf(file: string): Place {
  if (!file.startsWith(PACKAGE)) return { outside: true }
  const [first = '', second = ''] = file.slice(PACKAGE.length).split('/')
  const folder = second ? first : ''
  const layer = LAYERS.findIndex((candidate) => (candidate.folders as readonly string[]).includes(folder))
  if (layer === -1) return { unknown: `${file}: the folder ${folder}/ is not a layer of sandbox/stripe/layers.ts` }
  if (folder !== 'resources') return { layer, resource: null }
  const name = second.replace(/\.[a-z]+$/, '')
  const resource = (RESOURCES as readonly string[]).indexOf(name)
  if (resource === -1) return { unknown: `${file}: the resource ${name} is not listed in RESOURCES (sandbox/stripe/layers.ts)` }
  return { layer, resource }
}

const layerName = (place: { layer: number }) => LAYERS[place.layer]?.name ?? '?'

/** Every file outside the declared layers, and every import that breaks the rules, as a sentence naming the line. */
function layerViolations(files: readonly string[], imports: readonly ModuleImport[]): string[] {
  const found: string[] = []
  for (const file of files) {
    const place = placeOf(file)
    if ('unknown' in place) found.push(place.unknown)
  }
  for (const { from, to, specifier, line } of imports) {
    const source = placeOf(from)
    if (!('layer' in source) || to === null) continue
    const at = `${from}:${line} imports '${specifier}'`
    const target = placeOf(to)
    if ('outside' in target) found.push(`${at}: the double imports nothing from the app, only packages and itself`)
    else if (!('layer' in target)) continue
    else if (target.layer > source.layer) found.push(`${at}: ${layerName(source)}/ may not import from ${layerName(target)}/, a layer above it`)
    else if (source.resource !== null && target.resource !== null && target.resource >= source.resource && from !== to) {
      found.push(`${at}: ${RESOURCES[target.resource]} is not listed before ${RESOURCES[source.resource]} in RESOURCES; what needs both belongs in flows/`)
    }
  }
  return found
}

describe('the Stripe double as a package', () => {
  const sandbox = readModules(ROOT, 'sandbox')
  const stripe = {
    files: sandbox.files.filter((file) => file.startsWith(PACKAGE)),
    imports: sandbox.imports.filter((entry) => entry.from.startsWith(PACKAGE)),
  }

  it('has no import circle anywhere under sandbox/, type imports included', () => {
    const circles = findCycles(edgesOf(sandbox.files, sandbox.imports)).map((circle) => circle.join(' → '))
    expect(circles).toEqual([])
  })

  it('imports only down its layers, resources in their declared order, and nothing from the app', () => {
    expect(layerViolations(stripe.files, stripe.imports)).toEqual([])
  })

  it('reads the imports it checks (the graph is not empty, type imports and the @/ alias resolve)', () => {
    const edge = (from: string, to: string) => stripe.imports.some((entry) => entry.from === `${PACKAGE}${from}` && entry.to === `${PACKAGE}${to}`)
    expect(stripe.files.length).toBeGreaterThan(40)
    expect(edge('types.ts', 'flows/complete-checkout.ts')).toBe(true) // `import type`
    expect(edge('resources/subscriptions.ts', 'resources/prices.ts')).toBe(true)
    expect(sandbox.imports.some((entry) => entry.from === 'sandbox/dev-services.ts' && entry.specifier === '@/lib/env' && entry.to === 'lib/env/index.ts')).toBe(true)
  })
})

describe('the package check', () => {
  it('finds a circle, and names it from the first module back to itself', () => {
    const edges = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ])
    expect(findCycles(edges)).toEqual([
      ['a.ts', 'b.ts', 'c.ts', 'a.ts'],
      ['e.ts', 'e.ts'],
    ])
  })

  it('refuses an import up a layer, a resource on a later one, a file outside the layers and an import of the app', () => {
    const files = ['core/core.ts', 'resources/prices.ts', 'resources/invoices.ts', 'resources/subscriptions.ts', 'misc/thing.ts'].map((file) => `${PACKAGE}${file}`)
    const imports: ModuleImport[] = [
      { from: `${PACKAGE}core/core.ts`, to: `${PACKAGE}resources/invoices.ts`, specifier: '../resources/invoices', line: 3 },
      { from: `${PACKAGE}resources/invoices.ts`, to: `${PACKAGE}resources/subscriptions.ts`, specifier: './subscriptions', line: 4 },
      { from: `${PACKAGE}resources/subscriptions.ts`, to: `${PACKAGE}resources/prices.ts`, specifier: './prices', line: 5 },
      { from: `${PACKAGE}resources/prices.ts`, to: 'lib/env/index.ts', specifier: '@/lib/env', line: 6 },
      { from: `${PACKAGE}resources/prices.ts`, to: null, specifier: 'stripe', line: 1 },
    ]
    expect(layerViolations(files, imports)).toEqual([
      `${PACKAGE}misc/thing.ts: the folder misc/ is not a layer of sandbox/stripe/layers.ts`,
      `${PACKAGE}core/core.ts:3 imports '../resources/invoices': core/ may not import from resources/, a layer above it`,
      `${PACKAGE}resources/invoices.ts:4 imports './subscriptions': subscriptions is not listed before invoices in RESOURCES; what needs both belongs in flows/`,
      `${PACKAGE}resources/prices.ts:6 imports '@/lib/env': the double imports nothing from the app, only packages and itself`,
    ])
  })
})
