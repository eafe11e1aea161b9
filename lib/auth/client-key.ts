// Identifies the client a request comes from, for per-client rate limits. Trusts the proxy in front of the
// app (Vercel, a load balancer, nginx) to set X-Forwarded-For / X-Real-IP; run `next start` behind one.
export function clientKeyOf(headers: Headers): string | undefined {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim()
  return headers.get('x-real-ip')?.trim() || forwarded || undefined
}
