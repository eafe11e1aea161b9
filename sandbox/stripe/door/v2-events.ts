// The v2 events API, read side only (https://docs.stripe.com/api/v2/core/events): `GET /v2/core/events` (newest
// first, filtered by `types` and `object_id`, `limit` 1–100 with `next_page_url`) and `GET /v2/core/events/:id`, which
// a thin event's `fetchEvent()` calls. v2 requests are JSON, not form-encoded, and lie outside the v1 contract the door
// checks; the only v2 events the sandbox makes are the meter error reports (decision 0060).
import type { Core, V2Event } from '../core/core'
import { ApiError } from './errors'
import type { Params } from './form-encoding'
import { optionalInteger, stringArray, optionalString } from './params'

const notFound = (path: string) => new ApiError(404, 'invalid_request_error', `Unrecognized request URL (GET: ${path}).`, 'resource_missing')

export function answerV2(core: Core, method: string, path: string, params: Params): object {
  if (method !== 'GET') throw notFound(path)
  const one = /^\/v2\/core\/events\/([^/]+)$/.exec(path)
  if (one) {
    const event = core.v2Events.find((candidate) => candidate.id === one[1])
    if (!event) throw new ApiError(404, 'invalid_request_error', `No such event: '${one[1]}'`, 'resource_missing')
    return event
  }
  if (path !== '/v2/core/events') throw notFound(path)
  const types = stringArray(params, 'types')
  const objectId = optionalString(params, 'object_id')
  const limit = optionalInteger(params, 'limit') ?? 20
  if (limit < 1 || limit > 100) throw new ApiError(400, 'invalid_request_error', 'limit must be between 1 and 100.', 'invalid_parameter')
  const after = optionalString(params, 'page')
  const matches = [...core.v2Events]
    .reverse()
    .filter((event: V2Event) => (types.length === 0 || types.includes(event.type)) && (objectId === undefined || event.related_object?.id === objectId))
  const start = after === undefined ? 0 : matches.findIndex((event) => event.id === after) + 1
  const data = matches.slice(start, start + limit)
  const last = data[data.length - 1]
  const more = start + limit < matches.length && last !== undefined
  const query = new URLSearchParams({ limit: String(limit), ...(objectId ? { object_id: objectId } : {}) })
  for (const type of types) query.append('types', type)
  if (more) query.set('page', last.id)
  return { data, next_page_url: more ? `/v2/core/events?${query.toString()}` : null, previous_page_url: null }
}
