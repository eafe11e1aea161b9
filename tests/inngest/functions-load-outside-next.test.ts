import { execFile } from 'node:child_process'
import { expect, it } from 'vitest'

// The benchmark's reconciliation and the scripts run Tollgate's code in plain Node (tsx, react-server conditions),
// not inside Next. Next's navigation module (notFound, redirect) cannot load there, so no Inngest function may
// import it, even through a helper: the operator console's gate once pulled it into the daily report, and
// `npm run bench` stopped at the reconciliation.
it('loads every Inngest function in plain Node, outside Next', async () => {
  const script = "const { functions } = await import('./inngest/functions.ts'); console.log(functions.length)"
  const args = ['--import', 'tsx', '--conditions=react-server', '--input-type=module', '-e', script]
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, args, { env: { ...process.env, NODE_ENV: 'test' }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
  // The child's own error, as text: its stack names files vitest cannot map.
  expect(code, stderr.split('\n').filter((line) => !/^\s+at /.test(line)).join('\n').slice(-800)).toBe(0)
  expect(Number(stdout.trim())).toBeGreaterThan(5)
})
