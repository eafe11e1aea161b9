// One Lighthouse 13 run (mobile defaults: Moto G power, slow 4G, 4× CPU slowdown) and what the pages benchmark keeps
// of it: the scores, the metrics the targets name, and a short diagnosis of where the time went.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const LIGHTHOUSE = process.env.LIGHTHOUSE_BIN ?? '/tmp/lh/node_modules/.bin/lighthouse'
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium'
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run'

type Item = Record<string, unknown>
type Audit = { numericValue?: number; details?: { items?: Item[] } }
export type Report = { categories: Record<string, { score: number }>; audits: Record<string, Audit> }
export type Measure = { performance: number; accessibility: number; tbtMs: number; lcpMs: number; fcpMs: number; ttfbMs: number; scriptKb: number }

export function requireLighthouse(): void {
  if (!existsSync(LIGHTHOUSE)) throw new Error(`no Lighthouse at ${LIGHTHOUSE}: npm i --prefix /tmp/lh lighthouse@13, or set LIGHTHOUSE_BIN`)
}

/** `headers`: sent with every request of the page load (the signed-in pages' session cookie). */
export function lighthouse(url: string, headers?: Record<string, string>): { measure: Measure; report: Report } {
  const args = [url, '--output=json', '--output-path=stdout', '--quiet', `--chrome-flags=${CHROME_FLAGS}`, '--only-categories=performance,accessibility']
  if (headers) args.push(`--extra-headers=${JSON.stringify(headers)}`)
  const once = () => spawnSync(LIGHTHOUSE, args, { encoding: 'utf8', env: { ...process.env, CHROME_PATH: CHROME }, maxBuffer: 64 * 1024 * 1024 })
  // On a loaded machine Lighthouse now and then loses the trace (NO_NAVSTART); that says nothing about the page.
  let run = once()
  for (let retry = 1; run.status !== 0 && retry <= 2; retry++) {
    console.error(`[pages] lighthouse ${url} failed (${run.stderr.trim().split('\n').pop()}); again (${retry}/2)`)
    run = once()
  }
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
      ttfbMs: Math.round(report.audits['server-response-time']?.numericValue ?? NaN),
      scriptKb: Math.round(Number(scripts?.transferSize ?? NaN) / 100) / 10,
    },
  }
}

const path = (url: unknown) => String(url).replace(/^https?:\/\/[^/]+/, '')
const ms = (value: unknown) => `${Math.round(Number(value))} ms`

/** Where the main thread's time went, what the largest paint waited for, and which scripts cost it. */
export function diagnostics(report: Report): string {
  const audit = (id: string) => report.audits[id]?.details?.items ?? []
  const work = audit('mainthread-work-breakdown').map((i) => `${String(i.groupLabel ?? i.group)} ${ms(i.duration)}`)
  const bootup = audit('bootup-time').slice(0, 4).map((i) => `${path(i.url)}: ${ms(i.scripting)} scripting`)
  const bytes = audit('network-requests')
    .filter((i) => i.resourceType === 'Script' || i.resourceType === 'Document' || i.resourceType === 'Font')
    .map((i) => `${path(i.url)} ${Math.round(Number(i.transferSize) / 100) / 10} kB`)
  // lcp-breakdown-insight: a table of the LCP's phases (time to first byte, render delay, …), then the element.
  const lcpItems = audit('lcp-breakdown-insight') as { type?: string; items?: Item[]; node?: Item }[]
  const phases = lcpItems.flatMap((table) => (table.type === 'table' ? (table.items ?? []) : [])).map((i) => `${String(i.label ?? i.subpart)} ${ms(i.duration)}`)
  const element = lcpItems.find((table) => table.type === 'node') as Item | undefined
  const lcp = `largest paint: ${String(element?.nodeLabel ?? element?.snippet ?? '?').slice(0, 80)} (${phases.join(', ')})`
  return [lcp, `main thread: ${work.join(', ')}`, `scripts by CPU: ${bootup.join('; ')}`, `sizes: ${bytes.join('; ')}`].join('\n  ')
}
