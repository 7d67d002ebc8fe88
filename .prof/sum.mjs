import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas; let total = 0;
const count = new Map();
for (let i = 0; i < p.samples.length; i++) count.set(p.samples[i], (count.get(p.samples[i]) ?? 0) + (dt[i] ?? 0));
for (const [id, t] of count) { const n = byId.get(id); const cf = n.callFrame; const k = `${cf.functionName || '(anon)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber}`; self.set(k, (self.get(k) ?? 0) + t); total += t; }
const filter = process.argv[3];
const byFile = new Map();
for (const [k, t] of self) { const f = k.split(' ')[1].split(':')[0]; const pk = f.includes('node_modules') || true ? f : f; byFile.set(pk, (byFile.get(pk) ?? 0) + t); }
console.log('total ms', (total / 1000).toFixed(0));
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, t]) => `${(t / 1000).toFixed(0).padStart(6)} ${k}`).join('\n'));
console.log('--- by file');
console.log([...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, t]) => `${(t / 1000).toFixed(0).padStart(6)} ${k}`).join('\n'));
