import 'server-only'
import { db } from '@/lib/db'
import { sendEmailOnce } from '@/lib/email/send-once'
import { operatorDailyReportEmail, type DailyReportFigures } from '@/lib/email/templates/operator-daily-report-email'
import { env } from '@/lib/env'
import { automaticRetries, failedEvents, stuckEvents } from './health'
import { operatorEmails } from './operator-emails'

// The operators' daily email (decision 0035). It is about what needs a person: events failing now (a failed event
// stays failed until someone or the automatic retries resolve it), events stuck before processing, and drift the
// reconciler found in the last 24 hours and could not repair. A clean day sends nothing.

const DAY_MS = 86_400_000

/** The figures for `day` (YYYY-MM-DD, UTC), or null on a clean day. */
export async function dailyReportFigures(day: string, now = Date.now()): Promise<DailyReportFigures | null> {
  const [failed, retries, stuck, unrepairedDrift] = await Promise.all([
    failedEvents(),
    automaticRetries(),
    stuckEvents(now),
    db.billingDrift.count({ where: { repaired: false, foundAt: { gte: new Date(now - DAY_MS) } } }),
  ])
  if (failed.count === 0 && stuck.count === 0 && unrepairedDrift === 0) return null
  return { day, failed: failed.count, failedByType: failed.byType, exhausted: retries.exhausted, retriesPending: retries.pending, stuck: stuck.count, unrepairedDrift }
}

export type DailyReportResult =
  | { skipped: 'no operators' | 'clean day' }
  | { sent: string[]; alreadySent: string[] }

/**
 * Sends each operator the report for `day`, at most once per operator and day: the SentEmail key
 * "operator-daily-report:<day>:<address>" is unique, so retries, a second run and a second instance find it taken.
 */
export async function sendDailyReport(day: string, now = Date.now()): Promise<DailyReportResult> {
  const operators = [...operatorEmails()].sort()
  if (operators.length === 0) return { skipped: 'no operators' }
  const figures = await dailyReportFigures(day, now)
  if (!figures) return { skipped: 'clean day' }
  const consoleUrl = `${env().APP_URL}/admin`
  const sent: string[] = []
  const alreadySent: string[] = []
  for (const to of operators) {
    const result = await sendEmailOnce(`operator-daily-report:${day}:${to}`, operatorDailyReportEmail({ to, figures, consoleUrl }))
    ;(result === 'sent' ? sent : alreadySent).push(to)
  }
  return { sent, alreadySent }
}

/** The UTC day a report run is for. */
export const reportDay = (now = Date.now()) => new Date(now).toISOString().slice(0, 10)
