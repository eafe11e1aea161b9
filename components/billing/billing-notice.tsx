import { ActionForm } from '@/components/billing/action-form'
import { buttonClasses } from '@/components/ui/button'
import { Notice } from '@/components/ui/notice'
import { manageBilling, resumeBilling } from '@/lib/billing/actions'
import type { BillingState, NextStep } from '@/lib/billing/billing-state'

/**
 * The state's notice with its one next step as a button; nothing when all is well. `canAct`: the user may take
 * that step (an owner or admin); a plain member sees the notice without a button that would only refuse them.
 */
export function BillingNotice({ state, className, canAct = true }: { state: BillingState; className?: string; canAct?: boolean }) {
  if (!state.notice) return null
  const { tone, title, detail } = state.notice
  return (
    <Notice tone={tone} alert={tone === 'warning'} className={className}>
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{detail}</p>
      {canAct && state.next && state.next.kind !== 'choose_plan' && <NextStepButton step={state.next} />}
    </Notice>
  )
}

function NextStepButton({ step }: { step: NextStep }) {
  const opening = 'Opening Stripe…'
  switch (step.kind) {
    case 'confirm_payment':
      return (
        <a href={step.url} className={buttonClasses({ size: 'sm', className: 'mt-3 w-fit' })}>
          {step.label}
        </a>
      )
    case 'resume':
      return <ActionForm action={resumeBilling} label={step.label} pendingLabel="Resuming…" size="sm" className="mt-3 w-fit" />
    default:
      return <ActionForm action={manageBilling} label={step.label} pendingLabel={opening} size="sm" className="mt-3 w-fit" />
  }
}
