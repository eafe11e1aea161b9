/**
 * The raw request body, byte for byte (signatures are over the exact bytes), or null once it passes `maxBytes`.
 * Reads the stream itself so a body sent without Content-Length cannot make the server buffer without limit.
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0)
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks, size)
}
