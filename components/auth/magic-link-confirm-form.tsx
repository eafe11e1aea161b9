import { Button } from '@/components/ui/button'

/** One button that completes an email sign-in by POST, so that only a person's click uses the link. */
export function MagicLinkConfirmForm({ action }: { action: string }) {
  return (
    <form method="post" action={action}>
      <Button type="submit" size="lg" className="w-full">
        Sign in
      </Button>
    </form>
  )
}
