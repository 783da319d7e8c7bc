/** Erlang C (M/M/c) closed forms, the reference the engine's statistics are checked against. */

/** Probability that an arriving caller waits, for c agents and offered load a = λ/μ (a < c). */
export function erlangC(c: number, a: number): number {
  // Erlang B by its stable recursion, then C from B.
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/** Mean wait in queue (seconds) for arrival rate λ (per s) and mean service time s (seconds). */
export function meanWait(c: number, lambda: number, service: number): number {
  const a = lambda * service;
  return erlangC(c, a) / (c / service - lambda);
}

/** P(wait ≤ t): the service level at threshold t seconds. */
export function serviceLevel(c: number, lambda: number, service: number, t: number): number {
  const a = lambda * service;
  return 1 - erlangC(c, a) * Math.exp(-(c / service - lambda) * t);
}
