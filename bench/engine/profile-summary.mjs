// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time and the
// most inclusive time, as percentages of the profile. Used by profile.sh.
// Usage: node profile-summary.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(1);
}
const top = Number(topArg ?? 25);
const cwdUrl = pathToFileURL(process.cwd()).href + '/';
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => {
  const cf = n.callFrame;
  const where = cf.url ? `${cf.url.replace(cwdUrl, '')}:${cf.lineNumber + 1}` : '';
  return `${cf.functionName || '(anonymous)'} ${where}`.trim();
};

const timeByNode = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  timeByNode.set(id, (timeByNode.get(id) ?? 0) + dt);
  total += dt;
});
const self = new Map();
const inclusive = new Map();
for (const [id, t] of timeByNode) {
  const key = label(nodes.get(id));
  self.set(key, (self.get(key) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = label(nodes.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + t);
  }
}
const print = (title, m) => {
  console.log(title);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((t / total) * 100).toFixed(1).padStart(6)} %  ${k}`);
};
console.log(`profile: ${(total / 1000).toFixed(0)} ms sampled`);
print('\nself time', self);
print('\ninclusive time', inclusive);
