/** Conpeek's time format: UTC `YYYY-MM-DD HH:mm:ss` (seed 002), whole seconds (milliseconds dropped). */
export function formatTime(epochMs) {
    return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}
