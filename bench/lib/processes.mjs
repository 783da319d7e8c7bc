// The benchmarks' servers as child processes: a free loopback port for each, and every child started here
// stopped when the benchmark exits (also on Ctrl-C).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const children = [];

/** Stops every child still running (also done on exit). */
export function stopChildren() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
process.on('exit', stopChildren);
process.on('SIGINT', () => process.exit(130));

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Spawns a server (stdout ignored, stderr shown) that is stopped when this process exits. */
export function startChild(cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], ...options });
  children.push(child);
  return child;
}
