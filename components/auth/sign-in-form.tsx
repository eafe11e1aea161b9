'use client'
import { signIn } from 'next-auth/react'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { describeSignInError } from '@/lib/auth/sign-in-errors'

type Props = { callbackUrl: string; providers: { id: string; name: string }[]; initialError: string | null }

export function SignInForm({ callbackUrl, providers, initialError }: Props) {
  const router = useRouter()
  const [error, setError] = useState(initialError)
  const [sending, setSending] = useState(false)

  async function sendLink(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim()
    setSending(true)
    setError(null)
    try {
      const result = await signIn('email', { email, callbackUrl, redirect: false })
      if (!result || result.error) {
        setError(describeSignInError(result?.error ?? 'EmailSignin'))
        return
      }
      router.push(`/sign-in/check-email?${new URLSearchParams({ email })}`)
    } catch {
      setError('We could not reach the server. Check your connection and try again.')
    } finally {
      setSending(false)
    }
  }

  return (
    <div className="space-y-6">
      {error && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      )}
      <form onSubmit={sendLink} className="space-y-3">
        <label htmlFor="email" className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">
          Email address
        </label>
        <input
          id="email"
          name="email"
          type="email"
          required
          autoComplete="email"
          placeholder="you@example.com"
          className="block h-11 w-full rounded-lg border border-zinc-300 bg-white px-3 text-zinc-900 placeholder:text-zinc-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-white dark:placeholder:text-zinc-400"
        />
        <Button type="submit" size="lg" className="w-full" disabled={sending} aria-busy={sending}>
          {sending ? 'Sending link…' : 'Email me a sign-in link'}
        </Button>
      </form>
      {providers.length > 0 && (
        <div className="space-y-3 border-t border-zinc-200 pt-6 dark:border-zinc-800">
          {providers.map((provider) => (
            <Button key={provider.id} variant="secondary" size="lg" className="w-full" onClick={() => signIn(provider.id, { callbackUrl })}>
              Continue with {provider.name}
            </Button>
          ))}
        </div>
      )}
    </div>
  )
}
