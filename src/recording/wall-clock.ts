/**
 * The wall clock a replayed input sees. One view reads the wall clock in place (Huawei's signature
 * timestamps are accepted near the simulated clock or near the wall clock, auth.ts), so the wall clock is
 * an input like any other: a recording notes it with each input, and while a replayed input is handled,
 * `Date.now()` says what it said then. `Date.now` is the process's, so this is the one process-wide
 * thing a replay changes: only while one of its inputs is being handled (until that turn of the event
 * loop ends), and put back when the replay ends. Giving that view an injectable clock would make it
 * unnecessary.
 */
const realNow = Date.now;
/** The wall times in force, innermost last (replays in two worlds of one process may overlap). */
const held: { wall: number }[] = [];

function patchedNow(): number {
  return held.length > 0 ? held[held.length - 1].wall : realNow();
}

/** From now until the returned function is called, Date.now() returns `wall`. */
export function holdWallClock(wall: number): () => void {
  const entry = { wall };
  held.push(entry);
  Date.now = patchedNow;
  return () => {
    const i = held.indexOf(entry);
    if (i >= 0) held.splice(i, 1);
    if (held.length === 0) Date.now = realNow;
  };
}
