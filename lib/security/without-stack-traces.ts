// An answer as a caller outside development may see it: the same JSON without the stack traces the Inngest SDK
// puts in its error bodies (they name the server's files and paths). A body Inngest signed for a verified caller
// (X-Inngest-Signature on the response) is left as it is: changing it would break the signature, and that caller
// is Inngest itself.

export async function withoutStackTraces(response: Response): Promise<Response> {
  if (response.headers.has('x-inngest-signature') || !response.headers.get('content-type')?.includes('json')) return response
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return new Response(text, response)
  }
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(JSON.stringify(stripStacks(body)), { status: response.status, statusText: response.statusText, headers })
}

function stripStacks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripStacks)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, inner]) => !(key === 'stack' && typeof inner === 'string'))
      .map(([key, inner]) => [key, stripStacks(inner)]),
  )
}
