import type { Email } from '../send-email'
import { escapeHtml, layout } from './layout'

export type DailyReportFigures = {
  day: string
  failed: number
  failedByType: { type: string; count: number }[]
  exhausted: number
  retriesPending: number
  stuck: number
  unrepairedDrift: number
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** The operators' daily summary: only sent when something needs a person (lib/operators/daily-report.ts). */
export function operatorDailyReportEmail({ to, figures, consoleUrl }: { to: string; figures: DailyReportFigures; consoleUrl: string }): Email {
  const lines = [
    figures.failed > 0 && `${plural(figures.failed, 'webhook event')} failed and not yet processed (${figures.exhausted} past the automatic retries, ${figures.retriesPending} still to be retried automatically).`,
    figures.stuck > 0 && `${plural(figures.stuck, 'event')} stuck: received or queued for over an hour.`,
    figures.unrepairedDrift > 0 && `${plural(figures.unrepairedDrift, 'difference')} between Stripe and the database that reconciliation found and could not repair in the last 24 hours.`,
  ].filter((line): line is string => typeof line === 'string')
  const types = figures.failedByType.slice(0, 10).map((t) => `${t.type}: ${t.count}`)
  const text = [
    `Tollgate, ${figures.day}: something needs a look.`,
    '',
    ...lines.map((line) => `- ${line}`),
    ...(types.length > 0 ? ['', 'Failed events by type:', ...types.map((t) => `  ${t}`)] : []),
    '',
    `Open the operator console: ${consoleUrl}`,
    '',
    'You get this email because your address is in ADMIN_EMAILS. Nothing is sent on a day when nothing failed.',
  ].join('\n')
  const html = layout(
    `<p>Tollgate, ${escapeHtml(figures.day)}: something needs a look.</p>
     <ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
     ${types.length > 0 ? `<p>Failed events by type:</p><ul>${types.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>` : ''}
     <p><a href="${escapeHtml(consoleUrl)}">Open the operator console</a>.</p>
     <p style="color:#71717a;font-size:13px">You get this email because your address is in ADMIN_EMAILS. Nothing is sent on a day when nothing failed.</p>`,
  )
  const subject = `Tollgate: ${[figures.failed > 0 && plural(figures.failed, 'failed event'), figures.stuck > 0 && plural(figures.stuck, 'stuck event'), figures.unrepairedDrift > 0 && plural(figures.unrepairedDrift, 'unrepaired drift', 'unrepaired drifts')].filter(Boolean).join(', ')} (${figures.day})`
  return { to, subject, text, html }
}
