// npm run bench:pages [-- --runs 3 --skip-build]
// Lighthouse 13 (mobile defaults: Moto G power, slow 4G, 4× CPU slowdown) on /pricing and /sign-in, and on a bare
// Next.js page (bench/next-noop/app/page.tsx) in the same run, interleaved, so a busy machine slows all three alike.
// Prints the medians and the diagnostics of the slowest part (main-thread work, JS per script); writes the JSON to
// bench/results/. Lighthouse is not a dependency: install it once outside the repo, `npm i --prefix /tmp/lh lighthouse@13`,
// or point LIGHTHOUSE_BIN at yours. Chromium from CHROME_PATH (default /usr/bin/chromium).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import * as servers from './servers'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'skip-build': { type: 'boolean', default: false } } })
const RUNS = Number(values.runs)
const LIGHTHOUSE = process.env.LIGHTHOUSE_BIN ?? '/tmp/lh/node_modules/.bin/lighthouse'
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium'
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run'
if (!existsSync(LIGHTHOUSE)) throw new Error(`no Lighthouse at ${LIGHTHOUSE}: npm i --prefix /tmp/lh lighthouse@13, or set LIGHTHOUSE_BIN`)

type Audit = { numericValue?: number; details?: { items?: Record<string, unknown>[] } }
type Report = { categories: Record<string, { score: number }>; audits: Record<string, Audit> }
type Measure = { performance: number; accessibility: number; tbtMs: number; lcpMs: number; fcpMs: number; scriptKb: number }

function lighthouse(url: string): { measure: Measure; report: Report } {
  const run = spawnSync(LIGHTHOUSE, [url, '--output=json', '--output-path=stdout', '--quiet', `--chrome-flags=${CHROME_FLAGS}`, '--only-categories=performance,accessibility'], {
    encoding: 'utf8',
    env: { ...process.env, CHROME_PATH: CHROME },
    maxBuffer: 64 * 1024 * 1024,
  })
  if (run.status !== 0) throw new Error(`lighthouse ${url} failed (${run.status}):\n${run.stderr.slice(-2000)}`)
  const report = JSON.parse(run.stdout) as Report
  const scripts = report.audits['resource-summary']?.details?.items?.find((item) => item.resourceType === 'script')
  return {
    report,
    measure: {
      performance: Math.round(report.categories.performance!.score * 100),
      accessibility: Math.round(report.categories.accessibility!.score * 100),
      tbtMs: Math.round(report.audits['total-blocking-time']?.numericValue ?? NaN),
      lcpMs: Math.round(report.audits['largest-contentful-paint']?.numericValue ?? NaN),
      fcpMs: Math.round(report.audits['first-contentful-paint']?.numericValue ?? NaN),
      scriptKb: Math.round(Number(scripts?.transferSize ?? NaN) / 100) / 10,
    },
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Where the main thread's time went and which scripts cost it: Lighthouse's own diagnostics, summarised. */
function diagnostics(report: Report): string {
  const work = (report.audits['mainthread-work-breakdown']?.details?.items ?? []).map((i) => `${String(i.groupLabel ?? i.group)} ${Math.round(Number(i.duration))} ms`)
  const bootup = (report.audits['bootup-time']?.details?.items ?? []).slice(0, 4).map((i) => `${String(i.url).replace(/^https?:\/\/[^/]+/, '')}: ${Math.round(Number(i.scripting))} ms scripting`)
  const bytes = (report.audits['network-requests']?.details?.items ?? [])
    .filter((i) => i.resourceType === 'Script')
    .map((i) => `${String(i.url).replace(/^https?:\/\/[^/]+/, '')} ${Math.round(Number(i.transferSize) / 100) / 10} kB`)
  return [`main thread: ${work.join(', ')}`, `scripts by CPU: ${bootup.join('; ')}`, `scripts by size: ${bytes.join('; ')}`].join('\n  ')
}

const scratch = servers.scratchDir()
const started: servers.Running[] = []
try {
  const database = await servers.freshDatabase(scratch.dir, 'pages')
  const appPort = await servers.freePort()
  const barePort = await servers.freePort()
  const env = servers.serverEnv({ port: appPort, databaseUrl: database.url, sinkUrl: 'http://127.0.0.1:9' })
  if (!values['skip-build']) {
    console.error('[pages] next build (the app), next build bench/next-noop (the bare page)…')
    await servers.nextBuild(null, env)
    await servers.nextBuild('bench/next-noop', env)
  }
  const buildId = await servers.snapshotBuild()
  started.push(await servers.startServer({ name: 'app', args: servers.serverArgs('route', appPort), env, port: appPort, readyPath: '/pricing' }))
  started.push(await servers.startServer({ name: 'bare', args: servers.serverArgs('noop', barePort), env: { ...env, PORT: String(barePort) }, port: barePort, readyPath: '/' }))

  const pages = { 'bare Next.js page': `http://localhost:${barePort}/`, '/pricing': `http://localhost:${appPort}/pricing`, '/sign-in': `http://localhost:${appPort}/sign-in` }
  const runs: Record<string, Measure[]> = Object.fromEntries(Object.keys(pages).map((name) => [name, []]))
  const slowest: Record<string, { performance: number; text: string }> = {}
  for (let round = 1; round <= RUNS; round++) {
    for (const [name, url] of Object.entries(pages)) {
      const { measure, report } = lighthouse(url)
      runs[name]!.push(measure)
      console.error(`[pages] run ${round}/${RUNS} ${name}: performance ${measure.performance}, TBT ${measure.tbtMs} ms, LCP ${measure.lcpMs} ms, JS ${measure.scriptKb} kB`)
      if (!slowest[name] || measure.performance < slowest[name].performance) slowest[name] = { performance: measure.performance, text: diagnostics(report) }
    }
  }
  const medians = Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [name, Object.fromEntries((Object.keys(list[0]!) as (keyof Measure)[]).map((key) => [key, median(list.map((m) => m[key]))]))]),
  )
  const bare = medians['bare Next.js page']!.performance!
  console.log(`\nLighthouse 13, mobile defaults, median of ${RUNS} interleaved runs (build ${buildId})`)
  console.log('| page | performance | vs bare page | accessibility | TBT | LCP | JS (transfer) |\n|---|---:|---:|---:|---:|---:|---:|')
  for (const [name, m] of Object.entries(medians)) {
    console.log(`| ${name} | ${m.performance} | ${m.performance! - bare >= 0 ? '+' : ''}${m.performance! - bare} | ${m.accessibility} | ${m.tbtMs} ms | ${m.lcpMs} ms | ${m.scriptKb} kB |`)
  }
  for (const [name, { performance, text }] of Object.entries(slowest)) console.log(`\nslowest run of ${name} (${performance}):\n  ${text}`)
  const dir = join(servers.projectRoot, 'bench/results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `pages-${new Date().toISOString().replaceAll(':', '-')}.json`)
  writeFileSync(file, JSON.stringify({ buildId, runs, medians }, null, 2))
  console.log(`\nwrote ${file}`)
} finally {
  for (const server of started) await server.stop()
  scratch.remove()
}
