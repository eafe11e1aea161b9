import { Notice } from '@/components/ui/notice'
import type { ReplayOutcome } from '@/lib/operators/replay-outcome'

const events = (n: number) => `${n.toLocaleString('en-US')} event${n === 1 ? '' : 's'}`

/** The confirmation after a replay: what was sent to Inngest again, and what was not, and why. */
export function ReplayOutcomeNotice({ outcome }: { outcome: ReplayOutcome }) {
  if (!outcome.done) {
    return <Notice tone="warning">The replay started, but its result was not recorded: it is still running, or it stopped part-way. The audit page shows it when it lands.</Notice>
  }
  const { sent, notSent, skipped, pruned, missing } = outcome
  const left = [
    notSent > 0 && `${events(notSent)} could not be handed to Inngest and stayed as they were; replay again in a moment.`,
    skipped > 0 && `${events(skipped)} no handler wants (ignored) were skipped.`,
    pruned > 0 && `${events(pruned)} had lost their payload to retention and could not be replayed.`,
    missing.length > 0 && `Not in the ledger: ${missing.join(', ')}.`,
  ].filter((line): line is string => Boolean(line))
  return (
    <Notice tone={notSent > 0 || sent === 0 ? 'warning' : 'success'} alert>
      <p className="font-medium">
        {sent > 0 ? `Replayed: ${events(sent)} sent to Inngest again, now queued. ${sent === 1 ? 'Its status changes when its run finishes.' : 'Each one’s status changes when its run finishes.'}` : 'Nothing was replayed.'}
      </p>
      {left.map((line) => (
        <p key={line} className="mt-1 break-words">{line}</p>
      ))}
    </Notice>
  )
}
