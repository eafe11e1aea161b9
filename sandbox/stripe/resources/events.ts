import { noSuch } from '../door/errors'
import { listOf, PAGINATION } from '../door/listing'
import { optionalString, stringArray } from '../door/params'
import type { ApiRoute } from '../door/router'

export const eventRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v1/events/:id',
    params: [],
    handle: ({ core, args: [id = ''] }) => {
      const event = core.events.find((candidate) => candidate.id === id)
      if (!event) throw noSuch('event', id)
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
      const matches = [...core.events].reverse().filter((event) => matchesType(event.type))
      return listOf(matches, params, '/v1/events')
    },
  },
]
