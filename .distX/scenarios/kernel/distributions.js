export function sample(dist, stream) {
    if (typeof dist === 'number')
        return dist;
    const mean = dist.mean ?? 0;
    let x;
    switch (dist.distribution) {
        case 'constant':
            x = mean;
            break;
        case 'exponential':
            x = -mean * Math.log(1 - stream.next());
            break;
        case 'uniform': {
            // min..max, or 0..2·mean when only the mean is given.
            const lo = dist.min ?? 0;
            const hi = dist.max ?? 2 * mean;
            x = lo + (hi - lo) * stream.next();
            break;
        }
        case 'normal':
            x = mean + (dist.sd ?? 0) * standardNormal(stream);
            break;
        case 'lognormal': {
            // mean and sd describe the variate itself, not its logarithm.
            const sd = dist.sd ?? 0;
            const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
            const mu = Math.log(mean) - sigma2 / 2;
            x = Math.exp(mu + Math.sqrt(sigma2) * standardNormal(stream));
            break;
        }
    }
    if (dist.min !== undefined && x < dist.min)
        x = dist.min;
    if (dist.max !== undefined && x > dist.max)
        x = dist.max;
    return x < 0 ? 0 : x;
}
/** The mean of a distribution, as configured (before clamping). */
export function meanOf(dist) {
    if (typeof dist === 'number')
        return dist;
    if (dist.distribution === 'uniform') {
        const lo = dist.min ?? 0;
        const hi = dist.max ?? 2 * (dist.mean ?? 0);
        return (lo + hi) / 2;
    }
    return dist.mean ?? 0;
}
function standardNormal(stream) {
    // Box–Muller; one value per call keeps the stream's consumption fixed per draw.
    const u1 = 1 - stream.next();
    const u2 = stream.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
