export const dynamic = 'force-dynamic'

/** Rendered per request, like Tollgate's pages, so the comparison is server-rendered page to server-rendered page. */
export default function BarePage() {
  return (
    <main>
      <h1>A bare Next.js page</h1>
      <p>What Next.js costs a page before an app adds anything: the reference for /pricing and /sign-in.</p>
    </main>
  )
}
