#!/usr/bin/env node
/**
 * The `ccsim` executable: see command-line.ts. For `serve`, the stop signals are installed before the
 * rest of ccsim is even loaded (a dynamic import), so SIGTERM or SIGINT at any moment exits with code 0;
 * `run` and `list` keep Node's default, so Ctrl-C interrupts a batch run at once.
 */
import { installStopSignals } from './stop-signals.js';

if (process.argv[2] === 'serve') {
  installStopSignals();
  // `ps` and `top` show "ccsim"; set only once a stop signal is handled, so a supervisor may read it so.
  process.title = 'ccsim';
}
const { main } = await import('./command-line.js');
process.exitCode = await main(process.argv.slice(2));
