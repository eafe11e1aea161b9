// The targets of issue 28, each as a ratio or difference to the bare Next.js page measured in the same run.
import type { Measure } from './run-lighthouse'

export const VISITOR_PAGES = ['/', '/pricing', '/sign-in'] as const
export const SIGNED_IN_PAGES = ['/dashboard', '/billing', '/settings'] as const

export type Verdict = { target: string; measured: string; pass: boolean }

/** Visitor pages: within 3 points of bare, TBT ≤ 1.5× bare's, accessibility 100; /pricing ≤ 150 kB of JS. Signed-in pages: within 5 points. */
export function verdicts(medians: Record<string, Measure>, bare: Measure): Verdict[] {
  const out: Verdict[] = []
  for (const [page, m] of Object.entries(medians)) {
    if (page === 'bare') continue
    const signedIn = (SIGNED_IN_PAGES as readonly string[]).includes(page)
    const allowed = signedIn ? 5 : 3
    const ratio = (m.performance / bare.performance).toFixed(2)
    out.push({ target: `${page} performance ≥ bare − ${allowed}`, measured: `${m.performance} vs ${bare.performance} (${m.performance - bare.performance >= 0 ? '+' : ''}${m.performance - bare.performance}, ×${ratio})`, pass: m.performance >= bare.performance - allowed })
    if (signedIn) continue
    const tbt = m.tbtMs / Math.max(bare.tbtMs, 1)
    out.push({ target: `${page} TBT ≤ 1.5× bare`, measured: `${m.tbtMs} ms vs ${bare.tbtMs} ms (×${tbt.toFixed(2)})`, pass: tbt <= 1.5 })
    out.push({ target: `${page} accessibility 100`, measured: String(m.accessibility), pass: m.accessibility === 100 })
    if (page === '/pricing') out.push({ target: '/pricing JS ≤ 150 kB', measured: `${m.scriptKb} kB`, pass: m.scriptKb <= 150 })
  }
  return out
}
