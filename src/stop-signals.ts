/**
 * SIGTERM and SIGINT for `ccsim serve`, installed by cli.ts before any other module is loaded, so that a
 * stop signal is honoured from the first instant of the process (in a container node is PID 1, which
 * ignores a signal it has no handler for). Until the server registers its graceful stop, a signal exits
 * at once: nothing is open yet. After that, the first signal starts the graceful stop, a second one exits
 * at once, and whatever happens the process ends with exit code 0 within EXIT_DEADLINE_MS. This module
 * imports nothing, so installing it costs nothing.
 */

/** From the first signal to the process's end at the latest, whatever is still open. */
export const EXIT_DEADLINE_MS = 4_500;

type Stop = (signal: NodeJS.Signals) => void;

let stop: Stop | null = null;
let received: NodeJS.Signals | null = null;

export function installStopSignals(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== null || stop === null) process.exit(0);
    received = signal;
    // Only a stop that hangs reaches this: unref'd, so a clean stop exits as soon as the loop is empty.
    setTimeout(() => process.exit(0), EXIT_DEADLINE_MS).unref();
    stop(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Registers the graceful stop (the server's, once it has something to close); returns its removal. */
export function onStopSignal(fn: Stop): () => void {
  stop = fn;
  return () => {
    if (stop === fn) stop = null;
  };
}
