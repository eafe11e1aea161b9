// Where `npm run dev` and `npm start` listen. Next listens on every interface unless told otherwise, which puts a
// development server (and its dev-mode endpoints) on the network of whatever café the laptop is in. So outside a
// deployment the app listens on 127.0.0.1, unless told otherwise: `--hostname`/`-H` on the command line
// (`npm run dev -- --hostname 0.0.0.0`), or LISTEN_HOST. A deployment keeps Next's default, every interface, since
// its proxy or platform reaches it over the network.
import { isDeployment, type Env } from '@/lib/env'

export const LOCAL_ONLY = '127.0.0.1'

/** The value of `--hostname`/`-H` in `args`, if the command was given one. */
export function hostnameArg(args: readonly string[]): string | undefined {
  for (const [i, arg] of args.entries()) {
    if (arg === '--hostname' || arg === '-H') return args[i + 1]
    if (arg.startsWith('--hostname=')) return arg.slice('--hostname='.length)
  }
  return undefined
}

/** What to add to `next dev`/`next start` so it listens where it should: nothing when `args` already say. */
export function listenArgs(args: readonly string[], config: Env): string[] {
  if (hostnameArg(args) !== undefined) return []
  const host = config.LISTEN_HOST ?? (isDeployment(config) ? undefined : LOCAL_ONLY)
  return host ? ['--hostname', host] : []
}
