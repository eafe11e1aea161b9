import Link from 'next/link'
import type { Entitlements } from '@/lib/billing/entitlements'
import type { Feature } from '@/lib/billing/catalog'
import type { Usage } from '@/lib/billing/usage'
import { FEATURE_NAMES } from './feature-names'
import { UsageMeter } from './usage-meter'

const card = 'rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900'

/** The plan, what it includes and what it does not, and its limits set against what the account uses. */
const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`

/** Who holds the seats: "You", "3 members and 1 pending invitation", and whether each is paid for. */
function seatNote(usage: Usage, perSeat: boolean, personal: boolean): string {
  const members = personal && usage.members === 1 ? 'You' : count(usage.members, 'member')
  const pending = usage.pendingInvitations > 0 ? ` and ${count(usage.pendingInvitations, 'pending invitation')}` : ''
  return `${members}${pending}${perSeat ? '; each member is a paid seat' : ''}.`
}

/** `personal`: the organization is the user's own, so its one member is "You". */
export function PlanOverview({ entitlements, usage, personal }: { entitlements: Pick<Entitlements, 'plan' | 'features' | 'limits'>; usage: Usage; personal: boolean }) {
  const { plan, features, limits } = entitlements
  const allFeatures = Object.keys(FEATURE_NAMES) as Feature[]
  return (
    <section aria-labelledby="plan-heading" className={card}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="plan-heading" className="text-lg font-semibold text-zinc-900 dark:text-white">
          {plan.name} plan
        </h2>
        <Link href="/pricing" className="text-sm font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300">
          Compare plans
        </Link>
      </div>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{plan.description}</p>

      <div className="mt-6 grid gap-8 md:grid-cols-2">
        <div>
          <h3 className="text-sm font-medium text-zinc-900 dark:text-white">Limits</h3>
          <div className="mt-3 space-y-4">
            <UsageMeter label="Seats" used={usage.members + usage.pendingInvitations} limit={limits.seats} note={seatNote(usage, plan.perSeat, personal)} />
            <UsageMeter label="Projects" used={usage.projects} limit={limits.projects} note="Not counted: this starter has no projects yet." />
          </div>
        </div>
        <div>
          <h3 className="text-sm font-medium text-zinc-900 dark:text-white">Features</h3>
          <ul className="mt-3 space-y-2 text-sm">
            {allFeatures.map((feature) => {
              const included = features.has(feature)
              return (
                <li key={feature} className={included ? 'flex gap-2 text-zinc-800 dark:text-zinc-200' : 'flex gap-2 text-zinc-600 dark:text-zinc-400'}>
                  <span aria-hidden="true" className={included ? 'text-emerald-700 dark:text-emerald-400' : undefined}>
                    {included ? '✓' : '–'}
                  </span>
                  {FEATURE_NAMES[feature]}
                  <span className="sr-only">{included ? ': included' : ': not on this plan'}</span>
                </li>
              )
            })}
          </ul>
        </div>
      </div>
    </section>
  )
}
