import { signIn } from '@/lib/auth/actions'
import { PendingButton } from './pending-button'

/** `email`: the address to start with (an invitation's, or one just refused to correct); empty for none. */
type Props = { callbackUrl: string; providers: { id: string; name: string }[]; error: string | null; email?: string }

/**
 * Plain forms around a server action: they sign in before the page's JavaScript has loaded, or without it.
 * Once it has loaded, React submits them without a page load and the button says it is working.
 */
export function SignInForm({ callbackUrl, providers, error, email = '' }: Props) {
  return (
    <div className="space-y-6">
      {error && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      )}
      <form action={signIn} className="space-y-3">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <label htmlFor="email" className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">
          Email address
        </label>
        <input
          id="email"
          name="email"
          type="email"
          required
          autoComplete="email"
          defaultValue={email}
          placeholder="you@example.com"
          className="block h-11 w-full rounded-lg border border-zinc-300 bg-white px-3 text-zinc-900 placeholder:text-zinc-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-white dark:placeholder:text-zinc-400"
        />
        <PendingButton size="lg" className="w-full" pendingLabel="Sending link…">
          Email me a sign-in link
        </PendingButton>
      </form>
      {providers.length > 0 && (
        <form action={signIn} className="space-y-3 border-t border-zinc-200 pt-6 dark:border-zinc-800">
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          {providers.map((provider) => (
            <PendingButton key={provider.id} name="provider" value={provider.id} variant="secondary" size="lg" className="w-full" pendingLabel={`Opening ${provider.name}…`}>
              Continue with {provider.name}
            </PendingButton>
          ))}
        </form>
      )}
    </div>
  )
}
