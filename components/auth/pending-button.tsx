'use client'
import { useFormStatus } from 'react-dom'
import { Button, type ButtonProps } from '@/components/ui/button'

/** A submit button that says its form is on its way; before hydration it is a plain submit button. */
export function PendingButton({ pendingLabel, children, ...props }: ButtonProps & { pendingLabel: string }) {
  const { pending, data } = useFormStatus()
  // With several buttons in one form, only the one pressed says it is working.
  const mine = pending && (props.name === undefined || data?.get(props.name) === props.value)
  return (
    <Button type="submit" disabled={pending} aria-busy={mine} {...props}>
      {mine ? pendingLabel : children}
    </Button>
  )
}
