// Keeps the sandbox's account on disk between `npm run dev` runs, so a subscription the app's database knows about
// still exists in the sandbox after a restart (docs/decisions/0020-local-billing-sandbox.md). Every collection the
// Core holds (its Maps, Sets and arrays: the scheduled work, test clocks and their queues included) is written as
// JSON, and so are how far its clock runs ahead, so time never moves back across a restart, and its retry settings;
// the request log and the registered hooks are not state.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Core } from './core'
import type { RevenueRecovery } from './revenue-recovery'

const NOT_STATE = new Set(['requests', 'virtualFields', 'workRunners'])

type Snapshot = {
  version: 1
  collections: Record<string, { kind: 'map'; entries: [unknown, unknown][] } | { kind: 'set' | 'array'; values: unknown[] }>
  /** Seconds the clock ran ahead of the wall clock; absent in files written before the clock was saved. */
  clockOffset?: number
  /** The account's retry settings; absent in files written before they existed (the account keeps Stripe's default). */
  revenueRecovery?: RevenueRecovery
}

function collections(core: Core): [string, Map<unknown, unknown> | Set<unknown> | unknown[]][] {
  return Object.entries(core).filter((entry): entry is [string, Map<unknown, unknown> | Set<unknown> | unknown[]] => {
    const [name, value] = entry
    return !NOT_STATE.has(name) && (value instanceof Map || value instanceof Set || Array.isArray(value))
  })
}

export function snapshot(core: Core): Snapshot {
  const out: Snapshot['collections'] = {}
  for (const [name, value] of collections(core)) {
    if (value instanceof Map) out[name] = { kind: 'map', entries: [...value.entries()] }
    else out[name] = { kind: value instanceof Set ? 'set' : 'array', values: [...value] }
  }
  return { version: 1, collections: out, clockOffset: core.clockOffset, revenueRecovery: core.revenueRecovery }
}

/** Fills an empty Core from a snapshot; collections the snapshot lacks (added since it was written) stay empty. */
export function restore(core: Core, saved: Snapshot): void {
  for (const [name, value] of collections(core)) {
    const stored = saved.collections[name]
    if (!stored) continue
    if (value instanceof Map && stored.kind === 'map') for (const [key, entry] of stored.entries) value.set(key, entry)
    else if (value instanceof Set && stored.kind === 'set') for (const entry of stored.values) value.add(entry)
    else if (Array.isArray(value) && stored.kind === 'array') value.push(...stored.values)
  }
  core.clockOffset = saved.clockOffset ?? 0
  if (saved.revenueRecovery) core.revenueRecovery = saved.revenueRecovery
}

export function loadState(core: Core, file: string): boolean {
  if (!existsSync(file)) return false
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Snapshot
  if (saved.version !== 1) throw new Error(`${file} was written by another version of the sandbox; delete it to start afresh`)
  restore(core, saved)
  return true
}

/** Written to a temporary file and renamed, so a dev server killed mid-write leaves the previous state whole. */
export function saveState(core: Core, file: string): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(`${file}.tmp`, JSON.stringify(snapshot(core)))
  renameSync(`${file}.tmp`, file)
}
