/** Scenario durations: seconds as a number, or a string like "500ms", "90s", "15m", "8h", "1d", "1h30m". */
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PLAIN = /^[0-9]+(?:\.[0-9]+)?$/;
const TERM = /([0-9]+(?:\.[0-9]+)?)(ms|d|h|m|s)/gy;
/** Milliseconds, rounded to whole ms; throws on a malformed string (the schema rules those out first). */
export function durationMs(value) {
    if (typeof value === 'number')
        return Math.round(value * 1000);
    const text = value.trim();
    if (PLAIN.test(text))
        return Math.round(Number(text) * 1000);
    let total = 0;
    let end = 0;
    TERM.lastIndex = 0;
    for (let m = TERM.exec(text); m; m = TERM.exec(text)) {
        total += Number(m[1]) * UNIT_MS[m[2]];
        end = TERM.lastIndex;
    }
    if (end === 0 || end !== text.length)
        throw new Error(`not a duration: ${JSON.stringify(value)}`);
    return Math.round(total);
}
