// axe-core in the page: injected as a script tag, run on the whole document, results brought back to the test.
import type { AxeResults, ImpactValue } from 'axe-core'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { projectRoot } from './paths'

const AXE_SCRIPT = join(projectRoot, 'node_modules/axe-core/axe.min.js')
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical']

export type Finding = { rule: string; impact: ImpactValue | null | undefined; help: string; targets: string[] }

export type AxeRun = {
  findings: Finding[]
  rulesPassed: string[]
  /** Nodes whose contrast axe could not decide (e.g. text over an image): neither passed nor failed. */
  contrastUndecided: string[]
}

/** Every axe violation on the page as it is now, one entry per rule, with the selectors of the offending nodes. */
export async function runAxe(page: Page): Promise<AxeRun> {
  // Webfonts change text metrics and so the contrast checks' sampling; wait until they are in.
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  await page.addScriptTag({ path: AXE_SCRIPT })
  const results = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run())
  const findings = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((node) => `${node.target.join(' ')}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
  }))
  const contrastUndecided = results.incomplete.filter((r) => r.id === 'color-contrast').flatMap((r) => r.nodes.map((n) => n.target.join(' ')))
  return { findings, rulesPassed: results.passes.map((r) => r.id), contrastUndecided }
}

export const isBlocking = (finding: Finding) => finding.impact !== null && finding.impact !== undefined && BLOCKING.includes(finding.impact)

export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `  ${f.rule} (${f.impact ?? 'no impact'}): ${f.help}\n${f.targets.map((t) => `    ${t}`).join('\n')}`).join('\n')
}
