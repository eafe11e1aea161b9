/**
 * The raw request body, byte for byte (signatures are over the exact bytes), or null once it passes `maxBytes`.
 * Reads the stream itself so a body sent without Content-Length cannot make the server buffer without limit.
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0)
  // With a Content-Length the HTTP parser stops at that many bytes, so a declared size within the cap can be read
  // in one go (cheaper than pulling chunks through a web stream reader).
  const declared = Number(request.headers.get('content-length'))
  if (Number.isInteger(declared) && declared > 0 && declared <= maxBytes) return Buffer.from(await request.arrayBuffer())
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
