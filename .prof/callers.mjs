import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const target = process.argv[3];
const depth = Number(process.argv[4] ?? 4);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const stacks = new Map();
for (const n of p.nodes) {
  if (n.callFrame.functionName !== target) continue;
  const t = self.get(n.id) ?? 0; if (!t) continue;
  const chain = []; let cur = parent.get(n.id);
  while (cur && chain.length < depth) { const c = byId.get(cur).callFrame; chain.push(`${c.functionName || '(anon)'}@${c.url.split('/').slice(-1)[0]}:${c.lineNumber}`); cur = parent.get(cur); }
  const k = chain.join(' < ');
  stacks.set(k, (stacks.get(k) ?? 0) + t);
}
console.log([...stacks].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, t]) => `${(t / 1000).toFixed(0).padStart(6)} ${k}`).join('\n'));
