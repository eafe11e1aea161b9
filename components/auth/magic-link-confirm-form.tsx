import { Button } from '@/components/ui/button'
import { SWITCH_ACCOUNT_FIELD } from '@/lib/auth/magic-link'

type Props = { action: string; label?: string; switchAccount?: boolean }

/**
 * One button that completes an email sign-in by POST, so that only a person's click uses the link. `switchAccount`:
 * the person was asked, and agreed, to end the session of the account this browser is signed in to.
 */
export function MagicLinkConfirmForm({ action, label = 'Sign in', switchAccount = false }: Props) {
  return (
    <form method="post" action={action}>
      {switchAccount && <input type="hidden" name={SWITCH_ACCOUNT_FIELD} value="1" />}
      <Button type="submit" size="lg" className="w-full">
        {label}
      </Button>
    </form>
  )
}
