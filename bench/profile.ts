// --profile: each server runs the same load under `node --cpu-prof`, is stopped with SIGINT (so V8 writes the
// profile), and its main-thread profile is summarised by self time: the top functions, and the time per "bundle"
// (Next internals, Prisma, Stripe, Inngest, app code…). Compiled code is mapped back through its source maps.
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TargetRun } from './report'
import { projectRoot, SNAPSHOT_DIR, type Target } from './servers'

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number }
type CpuProfile = { nodes: { id: number; callFrame: CallFrame }[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }
export type Row = { name: string; where: string; bundle: string; ms: number }
export type ProfileSummary = { file: string; totalMs: number; idleMs: number; busyMs: number; functions: Row[]; bundles: { bundle: string; ms: number }[] }

/** The largest .cpuprofile in `dir`: the main thread (loader worker threads write small ones too). */
export function mainProfile(dir: string): string {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : []
  const largest = files.map((f) => join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0]
  if (!largest) throw new Error(`no .cpuprofile was written in ${dir}`)
  return largest
}

/** Self time per function and bundle; with `lastMs`, only the samples of the profile's last `lastMs` ms (the load). */
export function summarizeProfile(file: string, lastMs = Infinity): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
  const selfUs = new Map<number, number>()
  const from = profile.endTime - lastMs * 1000
  let at = profile.startTime
  // Each sample is charged the time until the next one (the last sample gets nothing).
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0
    if (at >= from) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0))
  })

  const rows = new Map<string, Row>()
  let totalMs = 0
  let idleMs = 0
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)
    if (!frame) continue
    const ms = us / 1000
    totalMs += ms
    if (frame.functionName === '(idle)') {
      idleMs += ms
      continue
    }
    const place = locate(frame)
    const key = `${place.name}|${place.where}`
    const row = rows.get(key) ?? { ...place, ms: 0 }
    row.ms += ms
    rows.set(key, row)
  }
  const functions = [...rows.values()].sort((a, b) => b.ms - a.ms)
  const bundleMs = new Map<string, number>()
  for (const row of functions) bundleMs.set(row.bundle, (bundleMs.get(row.bundle) ?? 0) + row.ms)
  const bundles = [...bundleMs].map(([bundle, ms]) => ({ bundle, ms })).sort((a, b) => b.ms - a.ms)
  return { file, totalMs, idleMs, busyMs: totalMs - idleMs, functions, bundles }
}

const maps = new Map<string, SourceMap | null>()

function sourceMapFor(path: string): SourceMap | null {
  if (!maps.has(path)) {
    const mapFile = `${path}.map`
    maps.set(path, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload) : null)
  }
  return maps.get(path) ?? null
}

/** Where a frame's code really comes from: through the chunk's source map when there is one. */
function locate(frame: CallFrame): Omit<Row, 'ms'> {
  const v8Name = frame.functionName || '(anonymous)'
  if (!frame.url) return { name: v8Name, where: '(native)', bundle: bundleOf('', v8Name) }
  if (!frame.url.startsWith('file://')) return { name: v8Name, where: frame.url, bundle: bundleOf(frame.url, v8Name) }
  const path = fileURLToPath(frame.url)
  const origin = sourceMapFor(path)?.findOrigin(frame.lineNumber + 1, frame.columnNumber + 1)
  const rel = relative(projectRoot, path)
  if (origin && 'fileName' in origin && origin.fileName) {
    // The route's chunks were copied from .next, and their maps' relative sources are relative to .next.
    const builtAt = path.startsWith(SNAPSHOT_DIR) ? join(projectRoot, '.next', relative(SNAPSHOT_DIR, path)) : path
    const source = normalizeSource(origin.fileName, builtAt)
    const name = v8Name.length <= 2 && origin.name ? origin.name : v8Name
    // A file a package ships is that package's, whatever its own map says; bundled chunks are what the map says.
    const bundled = /(^|\/)\.next\/|next\/dist\/compiled\//.test(rel)
    return { name, where: `${source}:${origin.lineNumber}`, bundle: bundleOf(bundled ? source : rel, name) }
  }
  return { name: v8Name, where: `${rel}:${frame.lineNumber + 1}`, bundle: bundleOf(rel, v8Name) }
}

/** turbopack:///[project]/x, webpack://next/./src/x and ../../../x all become a project-relative path. */
function normalizeSource(source: string, generated: string): string {
  const cleaned = decodeURIComponent(source)
    .replace(/^turbopack:\/\/\/\[project\]\//, '')
    .replace(/^webpack:\/\/next\/\.\//, 'node_modules/next/')
    .replace(/^webpack:\/\/[^/]*\//, '')
  if (cleaned.startsWith('../') || cleaned.startsWith('./')) return relative(projectRoot, resolve(join(generated, '..'), cleaned))
  return cleaned
}

function bundleOf(where: string, name: string): string {
  if (name === '(garbage collector)') return 'V8 garbage collector'
  if (name === '(program)') return 'V8/native (unattributed)'
  if (!where || where === '(native)') return 'V8 builtins (JSON, crypto, …)'
  if (where.startsWith('node:')) return 'Node internals (http, streams, …)'
  if (where.startsWith('wasm://') || /@prisma|lib\/db\/generated|query_compiler/.test(where)) return 'Prisma (client + wasm query compiler)'
  if (where.includes('better-sqlite3')) return 'better-sqlite3 driver'
  if (/node_modules\/next\/|\[turbopack\]|(^|\/)\.next\//.test(where)) return 'Next.js internals'
  // inngest's published maps point at ../src/…, so its code bundled by Turbopack maps to node_modules/src/.
  if (/node_modules\/(src|@inngest)\//.test(where)) return 'inngest'
  for (const pkg of ['stripe', 'inngest', 'react-dom', 'react', 'zod', 'tsx', 'undici']) if (where.includes(`node_modules/${pkg}/`)) return pkg
  const other = where.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1]
  if (other) return `other: ${other}`
  if (/^(lib|app|inngest|bench)\//.test(where) || /^(proxy|instrumentation)\.ts/.test(where)) return 'app code (lib/, app/, inngest/, bench/)'
  return 'other'
}

const fmt = (ms: number, of: number) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / of).toFixed(1).padStart(5)}%`

export function formatProfile(label: string, summary: ProfileSummary, top = 25): string {
  const lines = [
    `== ${label} — ${relative(projectRoot, summary.file) || summary.file}`,
    `   profiled ${(summary.totalMs / 1000).toFixed(1)} s: busy ${(summary.busyMs / 1000).toFixed(1)} s, idle ${(summary.idleMs / 1000).toFixed(1)} s (percentages are of busy time)`,
    '   by bundle (self time):',
    ...summary.bundles.map((b) => `   ${fmt(b.ms, summary.busyMs)}  ${b.bundle}`),
  ]
  if (top > 0) {
    lines.push(`   top ${top} functions (self time):`)
    for (const row of summary.functions.slice(0, top)) lines.push(`   ${fmt(row.ms, summary.busyMs)}  ${row.name.slice(0, 40).padEnd(40)} ${row.where}  [${row.bundle}]`)
  }
  return lines.join('\n')
}

type Measure = (target: Target, run: string, nodeFlags: string[]) => Promise<TargetRun>
const LABELS: [Target, string, number][] = [
  ['route', 'Webhook route (next start)', 25],
  ['floor', 'Floor (node:http + the same core)', 12],
  ['noop', 'Next ceiling (no-op POST route)', 12],
]

/** Profiles each server under the bench's load; returns the text summary (bundles compared per 2xx, then each). */
export async function runProfiles(measure: Measure, scratch: string, heading: string, keepAs: (target: Target) => string): Promise<string> {
  const perRequest = new Map<string, Partial<Record<Target, number>>>()
  const sections: string[] = []
  const cpu: Partial<Record<Target, number>> = {}
  for (const [target, label, top] of LABELS) {
    const dir = join(scratch, `profile-${target}`)
    const run = await measure(target, 'profile', ['--cpu-prof', `--cpu-prof-dir=${dir}`])
    const file = mainProfile(dir)
    const summary = summarizeProfile(file, run.loadMs)
    // Kept for Chrome DevTools (Performance → Load profile); *.raw.json is gitignored.
    copyFileSync(file, keepAs(target))
    const served = Math.max(1, run.warmup.ok + run.load.ok)
    cpu[target] = (summary.busyMs * 1000) / served
    for (const b of summary.bundles) perRequest.set(b.bundle, { ...perRequest.get(b.bundle), [target]: (b.ms * 1000) / served })
    const title = `${label}: ${run.load.rps.toFixed(0)} events/s under the profiler, ${cpu[target]?.toFixed(0)} µs of main-thread CPU per 2xx`
    sections.push(formatProfile(title, { ...summary, file: keepAs(target) }, top))
  }
  const us = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(0)).padStart(7)
  const rows = [...perRequest].sort((a, b) => (b[1].route ?? 0) - (a[1].route ?? 0))
  return [
    `CPU profiles, ${heading}`,
    'Main-thread self time over warm-up + load, divided by the 2xx responses served in that window (µs per event).',
    '',
    `${'bundle'.padEnd(44)}   route   floor    noop`,
    ...rows.map(([bundle, v]) => `${bundle.padEnd(44)} ${us(v.route)} ${us(v.floor)} ${us(v.noop)}`),
    `${'total busy CPU per 2xx'.padEnd(44)} ${us(cpu.route)} ${us(cpu.floor)} ${us(cpu.noop)}`,
    '',
    ...sections,
  ].join('\n')
}
