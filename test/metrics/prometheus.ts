/**
 * Reads GET /metrics with a Prometheus text-format parser (parse-prometheus-text-format): families by
 * name, a sample's value by its labels. That parser folds a histogram's series into one sample and loses
 * their labels when there are several, so a histogram's TYPE line is kept aside (`types`) and its
 * `_bucket`, `_sum` and `_count` series are parsed as the plain samples they are (the parser then
 * returns a family per run of lines: runs of one name are joined).
 */
import parsePrometheusTextFormat, { type Family, type Sample } from 'parse-prometheus-text-format';

export interface Scrape {
  families: Map<string, Family>;
  /** Each family's TYPE, as the text declares it (`counter`, `gauge`, `histogram`). */
  types: Map<string, string>;
  /** The value of the one sample of `name` whose labels include `labels` (undefined when none). */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Every sample of `name` whose labels include `labels`. */
  samples(name: string, labels?: Record<string, string>): Sample[];
  /** The sum of those samples' values. */
  sum(name: string, labels?: Record<string, string>): number;
}

export function parseMetrics(text: string): Scrape {
  const types = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(m[1], m[2]);
  const plain = text.replace(/^# TYPE \S+ histogram\n/gm, '');
  const families = new Map<string, Family>();
  for (const f of parsePrometheusTextFormat(plain)) {
    const known = families.get(f.name);
    if (known) known.metrics.push(...f.metrics);
    else families.set(f.name, f);
  }
  const samples = (name: string, labels: Record<string, string> = {}) => {
    const f = families.get(name);
    if (!f) throw new Error(`no metric ${name}`);
    return f.metrics.filter((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
  };
  return {
    families,
    types,
    samples,
    value(name, labels) {
      const found = samples(name, labels);
      if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
      return found.length === 0 ? undefined : Number(found[0].value);
    },
    sum: (name, labels) => samples(name, labels).reduce((a, s) => a + Number(s.value), 0),
  };
}
