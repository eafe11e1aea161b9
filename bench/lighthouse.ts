// npm run bench:pages [-- --runs 3 --skip-build --pages /,/pricing --reports DIR]
// Lighthouse 13 (mobile defaults) on the visitor pages (/, /pricing, /sign-in), on the signed-in pages (/dashboard,
// /billing, /settings, with a session cookie) and on a bare Next.js page (bench/next-noop/app/page.tsx), interleaved
// in every round, so a busy machine slows all of them alike. Prints the medians, PASS/FAIL for each target of
// issue 28 (as ratios and differences to the bare page), and the diagnosis of each page's slowest run; writes the
// JSON to bench/results/ (and every full Lighthouse report to --reports DIR, for a closer look at a trace).
// Lighthouse is not a dependency: install it once outside the repo, `npm i --prefix /tmp/lh lighthouse@13`, or point
// LIGHTHOUSE_BIN at yours. Chromium from CHROME_PATH (default /usr/bin/chromium).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { diagnostics, lighthouse, requireLighthouse, type Measure } from './lighthouse/run-lighthouse'
import { createSession } from './lighthouse/session'
import { SIGNED_IN_PAGES, verdicts, VISITOR_PAGES } from './lighthouse/targets'
import * as servers from './servers'

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, 'skip-build': { type: 'boolean', default: false }, pages: { type: 'string' }, reports: { type: 'string' } },
})
const RUNS = Number(values.runs)
const wanted = values.pages?.split(',') ?? [...VISITOR_PAGES, ...SIGNED_IN_PAGES]
requireLighthouse()

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const scratch = servers.scratchDir()
const started: servers.Running[] = []
try {
  const database = await servers.freshDatabase(scratch.dir, 'pages')
  const { cookie } = await createSession(database.url)
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

  const signedIn = (page: string) => (SIGNED_IN_PAGES as readonly string[]).includes(page)
  const pages: Record<string, { url: string; headers?: Record<string, string> }> = { bare: { url: `http://localhost:${barePort}/` } }
  for (const page of wanted) pages[page] = { url: `http://localhost:${appPort}${page}`, ...(signedIn(page) && { headers: { Cookie: cookie } }) }
  if (values.reports) mkdirSync(values.reports, { recursive: true })

  const runs: Record<string, Measure[]> = Object.fromEntries(Object.keys(pages).map((name) => [name, []]))
  const slowest: Record<string, { performance: number; text: string }> = {}
  for (let round = 1; round <= RUNS; round++) {
    for (const [name, { url, headers }] of Object.entries(pages)) {
      const { measure, report } = lighthouse(url, headers)
      runs[name]!.push(measure)
      console.error(`[pages] run ${round}/${RUNS} ${name}: performance ${measure.performance}, TBT ${measure.tbtMs} ms, LCP ${measure.lcpMs} ms, TTFB ${measure.ttfbMs} ms, JS ${measure.scriptKb} kB`)
      if (values.reports) writeFileSync(join(values.reports, `${name.replaceAll('/', '_') || 'home'}-${round}.json`), JSON.stringify(report))
      if (!slowest[name] || measure.performance < slowest[name].performance) slowest[name] = { performance: measure.performance, text: diagnostics(report) }
    }
  }
  const medians = Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [name, Object.fromEntries((Object.keys(list[0]!) as (keyof Measure)[]).map((key) => [key, median(list.map((m) => m[key]))])) as Measure]),
  )
  const bare = medians.bare!
  console.log(`\nLighthouse 13, mobile defaults, median of ${RUNS} interleaved runs (build ${buildId})`)
  console.log('| page | performance | vs bare page | accessibility | TBT | LCP | TTFB | JS (transfer) |\n|---|---:|---:|---:|---:|---:|---:|---:|')
  for (const [name, m] of Object.entries(medians)) {
    const label = name === 'bare' ? 'bare Next.js page' : signedIn(name) ? `${name} (signed in)` : name
    console.log(`| ${label} | ${m.performance} | ${m.performance - bare.performance >= 0 ? '+' : ''}${m.performance - bare.performance} | ${m.accessibility} | ${m.tbtMs} ms | ${m.lcpMs} ms | ${m.ttfbMs} ms | ${m.scriptKb} kB |`)
  }
  const checks = verdicts(medians, bare)
  console.log('')
  for (const check of checks) console.log(`${check.pass ? 'PASS' : 'FAIL'}  ${check.target}: ${check.measured}`)
  for (const [name, { performance, text }] of Object.entries(slowest)) console.log(`\nslowest run of ${name} (${performance}):\n  ${text}`)
  const dir = join(servers.projectRoot, 'bench/results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `pages-${new Date().toISOString().replaceAll(':', '-')}.json`)
  writeFileSync(file, JSON.stringify({ buildId, runs, medians, checks }, null, 2))
  console.log(`\nwrote ${file}`)
  if (checks.some((check) => !check.pass)) process.exitCode = 1
} finally {
  for (const server of started) await server.stop()
  scratch.remove()
}
