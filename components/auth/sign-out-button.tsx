import { Button, type ButtonSize } from '@/components/ui/button'
import { signOut } from '@/lib/auth/actions'

/** A form around a server action: signs out without any client-side JavaScript. */
export function SignOutButton({ size = 'sm', className }: { size?: ButtonSize; className?: string }) {
  return (
    <form action={signOut} className={className}>
      <Button type="submit" variant="secondary" size={size} className="w-full">
        Sign out
      </Button>
    </form>
  )
}
