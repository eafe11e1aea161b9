// Work Stripe does after it has answered a request (a test clock's advance: answered `advancing`, then run), run on the
// next turn of the event loop and counted, so `double.idle()` can wait for it and for the webhooks it makes; a test may
// hold it (`double.holdTestClockAdvances()`), as a slow advance at Stripe would be held.

export type WorkAfterAnswers = {
  /** Core's `runLater`: queues `task`, run by `run` (which scopes and saves it). */
  runLater(task: () => void): void
  /** Resolves when no queued work is left and `deliveriesIdle` has resolved after the last of it. */
  idle(deliveriesIdle: () => Promise<void>): Promise<void>
  /** Holds work queued from now on until the returned function is called. */
  hold(): () => void
}

export function workAfterAnswers(run: (task: () => void) => void): WorkAfterAnswers {
  let running = 0
  let settled: Promise<void> = Promise.resolve()
  let settle = () => {}
  let held: (() => void)[] | null = null
  return {
    runLater(task) {
      if (running++ === 0) settled = new Promise<void>((resolve) => (settle = resolve))
      const runOnce = () => {
        try {
          run(task)
        } catch (error) {
          console.error('Stripe sandbox: work after a request failed', error)
        } finally {
          if (--running === 0) settle()
        }
      }
      if (held) held.push(runOnce)
      else setImmediate(runOnce)
    },
    async idle(deliveriesIdle) {
      // Deliveries may start more work, and work makes more deliveries: wait until both are quiet.
      for (let round = 0; round < 100 && (running > 0 || round === 0); round++) {
        await settled
        await deliveriesIdle()
      }
    },
    hold() {
      const waiting = (held ??= [])
      return () => {
        if (held === waiting) held = null
        for (const runOnce of waiting.splice(0)) setImmediate(runOnce)
      }
    },
  }
}
