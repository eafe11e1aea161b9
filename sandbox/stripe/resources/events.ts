import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { noSuch } from '../door/errors'
import { listOf, PAGINATION } from '../door/listing'
import { optionalString, stringArray } from '../door/params'
import type { ApiRoute } from '../door/router'

/**
 * Stripe keeps events for 30 days: the list goes "back up to 30 days" (https://docs.stripe.com/api/events/list) and
 * an event is retrieved "if it was created in the last 30 days" (https://docs.stripe.com/api/events/retrieve). Older
 * ones are gone, read against the account's clock (advanceClockTo moves it); an event about a test clock's objects
 * counts from when it was made, not from its clock's `created`.
 */
const EVENT_RETENTION_SECONDS = 30 * 86_400
const isRetained = (core: Core, event: Stripe.Event) => core.madeAt(event) > core.accountNow() - EVENT_RETENTION_SECONDS

export const eventRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v1/events/:id',
    params: [],
    handle: ({ core, args: [id = ''] }) => {
      const event = core.events.find((candidate) => candidate.id === id)
      if (!event || !isRetained(core, event)) throw noSuch('event', id)
      return event
    },
  },
  {
    method: 'GET',
    path: '/v1/events',
    params: ['type', 'types', ...PAGINATION],
    handle: ({ core, params }) => {
      const type = optionalString(params, 'type')
      const types = stringArray(params, 'types')
      // `type` accepts a trailing wildcard, as in Stripe (`customer.subscription.*`).
      const matchesType = (eventType: string) =>
        (type === undefined || (type.endsWith('*') ? eventType.startsWith(type.slice(0, -1)) : eventType === type)) &&
        (types.length === 0 || types.includes(eventType))
      const matches = [...core.events].reverse().filter((event) => isRetained(core, event) && matchesType(event.type))
      return listOf(matches, params, '/v1/events')
    },
  },
]
