/**
 * Turns on the event loop for finishing requests. When one computation answers many
 * waiting requests at once, each would build and serialise its response in the same
 * microtask run, holding the loop (and /healthz) for all of them; taking a turn each,
 * one per loop iteration, lets I/O in between.
 */
const waiting: (() => void)[] = [];
let scheduled = false;

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(release);
    }
  });
}

function release(): void {
  const next = waiting.shift();
  // Scheduled from inside the check phase, the next release waits for the next iteration (its poll phase first).
  if (waiting.length) setImmediate(release);
  else scheduled = false;
  next?.();
}
