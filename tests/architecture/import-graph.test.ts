import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { backArrows, houseImportGraph } from '../support/import-graph'
import { findCycles } from '../support/module-graph'

const root = fileURLToPath(new URL('../..', import.meta.url))
const graphOf = (edges: Record<string, string[]>) => new Map(Object.entries(edges))

// The sandbox has its own, stricter check (tests/sandbox/stripe-layers.test.ts); this one covers the app's folders.
describe('the house has no back-arrow and no circle', () => {
  const edges = houseImportGraph(root)

  it('reads the whole house: the webhook route, lib, the functions, the bench and the scripts', () => {
    expect(edges.get('app/api/webhooks/stripe/route.ts')).toContain('inngest/stripe/event-handlers.ts')
    expect(edges.get('bench/sync.ts')).toContain('bench/latency.ts')
    expect(edges.get('inngest/sync-organization-seats.ts')).toContain('lib/inngest/events.ts')
    expect(edges.has('scripts/prisma-generate.mjs')).toBe(true)
    expect([...edges.keys()].some((file) => file.startsWith('lib/db/generated/'))).toBe(false)
  })

  it('lib imports nothing from inngest/ or app/: the route and the functions compose lib, never the reverse', () => {
    expect(backArrows(edges)).toEqual([])
  })

  it('no module reaches itself through its imports, type-only and dynamic imports included', () => {
    expect(findCycles(edges).map((circle) => circle.join(' → '))).toEqual([])
  })

  // The check itself on small graphs, so a check that could no longer see a back-arrow fails too.
  it('names a back-arrow from lib and passes the arrows that run down the house', () => {
    const arrows = backArrows(graphOf({ 'lib/webhooks/hand-off.ts': ['inngest/client.ts', 'lib/env.ts'], 'inngest/client.ts': ['lib/inngest/client.ts'], 'app/page.tsx': ['lib/env.ts'] }))
    expect(arrows).toEqual(['lib/webhooks/hand-off.ts → inngest/client.ts'])
    expect(findCycles(graphOf({ 'bench/report.ts': ['bench/sync.ts'], 'bench/sync.ts': ['bench/report.ts'] }))).toEqual([['bench/report.ts', 'bench/sync.ts', 'bench/report.ts']])
  })
})
