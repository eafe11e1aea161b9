// Every API request the door answers, published on a Node diagnostics channel for whoever listens: the test suite's
// record of the app's requests (tests/support/stripe-requests/) checks each against Stripe's contract after the
// run. Nothing is built or published while no one listens (https://nodejs.org/api/diagnostics_channel.html).
import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { IncomingHttpHeaders } from 'node:http'
import type { Params } from './form-encoding'

export const ANSWERED_REQUESTS_CHANNEL = 'tollgate:stripe-sandbox:answered-request'

export type AnsweredRequest = {
  method: string
  path: string
  /** The query and the body, parsed (form-encoding.ts). */
  params: Params
  requestHeaders: IncomingHttpHeaders
  /** The account's clock when the request arrived (Unix seconds; see `Core.now`). */
  accountNow: number
  status: number
  responseHeaders: Record<string, string>
  /** The response body: Stripe's JSON (an object or `{ error }`). */
  body: string
}

const answered = channel(ANSWERED_REQUESTS_CHANNEL)

export function publishAnswered(build: () => AnsweredRequest): void {
  if (answered.hasSubscribers) answered.publish(build())
}

/** Calls `listener` with each request any sandbox in this process answers, until the returned function is called. */
export function subscribeAnsweredRequests(listener: (request: AnsweredRequest) => void): () => void {
  const onMessage = (message: unknown) => {
    if (isAnsweredRequest(message)) listener(message)
  }
  subscribe(ANSWERED_REQUESTS_CHANNEL, onMessage)
  return () => unsubscribe(ANSWERED_REQUESTS_CHANNEL, onMessage)
}

function isAnsweredRequest(message: unknown): message is AnsweredRequest {
  return (
    typeof message === 'object' &&
    message !== null &&
    'method' in message &&
    typeof message.method === 'string' &&
    'status' in message &&
    typeof message.status === 'number' &&
    'requestHeaders' in message &&
    'responseHeaders' in message
  )
}
