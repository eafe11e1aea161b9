// The sandbox clock on /sandbox: its time, how far it runs ahead of the wall clock (the renewal controls move it an
// hour each, through a renewal's draft hour), and what Stripe will do on it next (core/scheduled-work.ts).
import type { Core, ScheduledWork } from '../core/core'
import { pendingWork } from '../core/scheduled-work'
import { FINALIZE_RENEWAL } from '../flows/billing-cycle'
import { EXPIRE_SESSION } from '../resources/checkout'
import { DELETE_TEST_CLOCK } from '../resources/test-clocks'
import { METER_EVENT_REJECTED, METER_USAGE_PROCESSED } from '../resources/meter-events'
import { CREDIT_GRANT_EXPIRY } from '../resources/credit-grants'
import { dateTime, duration, html, type Markup } from './html'

const SHOWN = 5

/** What each kind of scheduled work is, in words; a kind added later reads as its name until it is given some. */
function describe(work: ScheduledWork): string {
  if (work.kind === FINALIZE_RENEWAL) return `renewal invoice ${work.subject} is finalized and charged`
  if (work.kind === EXPIRE_SESSION) return `Checkout Session ${work.subject} expires if still unpaid`
  if (work.kind === DELETE_TEST_CLOCK) return `test clock ${work.subject} is deleted, with its customers`
  if (work.kind === METER_USAGE_PROCESSED) return `usage of ${String(work.data.customer)} on meter ${String(work.data.meter)} is counted, and its alerts checked`
  if (work.kind === METER_EVENT_REJECTED) return `a rejected meter event is reported`
  if (work.kind === CREDIT_GRANT_EXPIRY) return `credit grant ${work.subject} expires`
  return `${work.kind}: ${work.subject}`
}

export function clockPanel(core: Core): Markup {
  const now = core.now()
  const ahead = now - Math.floor(Date.now() / 1000)
  const coming = pendingWork(core)
  return html`<section aria-labelledby="clock-heading">
<h2 id="clock-heading">Sandbox clock</h2>
<p>${dateTime(now)}${ahead >= 60 ? `, ${duration(ahead)} ahead of real time` : ''}.</p>
<p>A renewal runs as Stripe runs it: the period ends and its invoice is a draft for an hour, then Stripe finalizes and charges it. Each renewal button runs that hour, so the clock moves on one hour.</p>
${
  coming.length === 0
    ? html`<p>Nothing is scheduled.</p>`
    : html`<p>Coming up on this clock:</p>
<ul>${coming.slice(0, SHOWN).map((work) => html`<li>${dateTime(work.at)}: ${describe(work)}</li>`)}</ul>
${coming.length > SHOWN ? html`<p>…and ${coming.length - SHOWN} more.</p>` : ''}`
}
</section>`
}
