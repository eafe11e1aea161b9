// Stripe's list envelope and cursor pagination. Lists are newest first; `starting_after` / `ending_before` take
// an id from the previous page.
import type Stripe from 'stripe'
import { invalid } from './errors'
import type { Params } from './form-encoding'
import { optionalInteger, optionalString } from './params'

/** The cursor parameters every list endpoint takes (https://docs.stripe.com/api/pagination). */
export const PAGINATION = ['limit', 'starting_after', 'ending_before'] as const

export function listOf<T extends { id: string }>(items: readonly T[], params: Params, url: string): Stripe.ApiList<T> {
  const limit = optionalInteger(params, 'limit') ?? 10
  if (limit < 1 || limit > 100) throw invalid('This value must be between 1 and 100.', 'limit', 'parameter_invalid_integer')
  const startingAfter = optionalString(params, 'starting_after')
  const endingBefore = optionalString(params, 'ending_before')
  let page: readonly T[] = items
  let hasMore: boolean
  if (startingAfter) {
    page = items.slice(cursorIndex(items, startingAfter, 'starting_after') + 1)
    hasMore = page.length > limit
    page = page.slice(0, limit)
  } else if (endingBefore) {
    page = items.slice(0, cursorIndex(items, endingBefore, 'ending_before'))
    hasMore = page.length > limit
    page = page.slice(Math.max(0, page.length - limit))
  } else {
    hasMore = page.length > limit
    page = page.slice(0, limit)
  }
  return { object: 'list', data: [...page], has_more: hasMore, url }
}

function cursorIndex(items: readonly { id: string }[], id: string, param: string): number {
  const index = items.findIndex((item) => item.id === id)
  if (index === -1) throw invalid(`No such object: '${id}'`, param, 'resource_missing')
  return index
}

/** Map insertion order is creation order; Stripe lists newest first. */
export function newestFirst<T>(map: Map<string, T>): T[] {
  return [...map.values()].reverse()
}
