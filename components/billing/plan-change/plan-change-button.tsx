'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { Button, type ButtonVariant } from '@/components/ui/button'
import { confirmPlanChange, previewPlanChange } from '@/lib/billing/actions'
import { formatAmount } from '@/lib/billing/format'
import type { PlanChangePreviewView } from '@/lib/billing/plan-changes/preview'
import { PlanChangePreview } from './plan-change-preview'

type Props = { lookupKey: string; label: string; variant?: ButtonVariant }

/**
 * A plan change in two steps: ask Stripe for the preview, then confirm it. Both buttons show their progress and
 * errors come back in words; the page refreshes from the database once the change is made.
 */
export function PlanChangeButton({ lookupKey, label, variant = 'secondary' }: Props) {
  const router = useRouter()
  const [shown, setShown] = useState<PlanChangePreviewView | null>(null)
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null)
  const [loading, startLoading] = useTransition()
  const [confirming, startConfirming] = useTransition()

  const open = () =>
    startLoading(async () => {
      setMessage(null)
      const result = await previewPlanChange({ lookupKey })
      if (result.ok) setShown(result.data)
      else setMessage({ tone: 'error', text: result.error.message })
    })
  const apply = (token: string) =>
    startConfirming(async () => {
      const result = await confirmPlanChange({ token })
      if (!result.ok) return setMessage({ tone: 'error', text: result.error.message })
      setShown(null)
      // A change at the period's end shows as the page's "Changes to …" notice after the refresh, with its undo;
      // a message here would outlive an undo.
      setMessage(result.data.timing === 'now' ? { tone: 'success', text: `You are now on ${result.data.planName}.` } : null)
      router.refresh()
    })

  return (
    <div>
      {!shown && (
        <Button type="button" variant={variant} className="w-full" onClick={open} disabled={loading} aria-busy={loading}>
          {loading ? 'Asking Stripe for the price…' : label}
        </Button>
      )}
      {shown && (
        <section aria-label={`Change to ${shown.planName}`} className="rounded-xl border border-zinc-200 bg-zinc-50 p-4 text-left dark:border-zinc-800 dark:bg-zinc-950">
          <PlanChangePreview preview={shown} />
          <div className="mt-4 flex flex-col gap-2">
            <Button type="button" onClick={() => apply(shown.token)} disabled={confirming} aria-busy={confirming}>
              {confirming ? 'Changing your plan…' : shown.invoicedNow && shown.amountDue > 0 ? `Confirm and pay ${formatAmount(shown.amountDue, shown.currency)}` : 'Confirm change'}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setShown(null)} disabled={confirming}>
              Not now
            </Button>
          </div>
        </section>
      )}
      {message && (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'mt-2 text-sm whitespace-pre-wrap text-red-700 dark:text-red-300' : 'mt-2 text-sm text-emerald-800 dark:text-emerald-300'}>
          {message.text}
        </p>
      )}
    </div>
  )
}
