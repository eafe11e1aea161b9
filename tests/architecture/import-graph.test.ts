import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { backArrows, importCircles, importGraph, type ImportGraph } from '../support/import-graph'

const root = fileURLToPath(new URL('../..', import.meta.url))

describe('the house has no back-arrow and no circle', () => {
  const graph = importGraph(root)

  it('reads the whole house: the webhook route, lib, the functions, the bench and the scripts', () => {
    expect(graph.get('app/api/webhooks/stripe/route.ts')).toContain('inngest/stripe/event-handlers.ts')
    expect(graph.get('bench/sync.ts')).toContain('bench/latency.ts')
    expect(graph.get('inngest/sync-organization-seats.ts')).toContain('lib/inngest/events.ts')
    expect(graph.size).toBeGreaterThan(250)
  })

  it('lib imports nothing from inngest/ or app/: the route and the functions compose lib, never the reverse', () => {
    expect(backArrows(graph)).toEqual([])
  })

  it('no module reaches itself through its imports', () => {
    expect(importCircles(graph)).toEqual([])
  })

  // The check itself, on small graphs, so a check that can no longer see a circle fails too.
  it('finds a circle of two, a circle of three and a back-arrow, and passes a chain', () => {
    const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]))
    expect(importCircles(graphOf({ 'bench/report.ts': ['bench/sync.ts'], 'bench/sync.ts': ['bench/report.ts'] }))).toEqual([['bench/report.ts', 'bench/sync.ts']])
    expect(importCircles(graphOf({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'c']])
    expect(importCircles(graphOf({ a: ['b'], b: ['c'], c: [] }))).toEqual([])
    expect(backArrows(graphOf({ 'lib/webhooks/hand-off.ts': ['inngest/client.ts', 'lib/env.ts'], 'inngest/client.ts': ['lib/inngest/client.ts'] }))).toEqual([
      'lib/webhooks/hand-off.ts → inngest/client.ts',
    ])
  })
})
