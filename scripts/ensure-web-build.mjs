// Builds the web UI (vite build → dist/web) when it is missing or older than its sources, so
// `npm ci && npm start` serves the UI without a separate build step and later starts stay fast.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist/web/index.html');
const sources = ['src/web', 'src/contracts', 'vite.config.ts'].map((p) => path.join(root, p));

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

if (!fs.existsSync(path.join(root, 'vite.config.ts'))) process.exit(0);
const built = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
if (built && built >= Math.max(...sources.map(newest))) process.exit(0);

console.log('building the web UI (vite build)…');
const t = Date.now();
const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  console.error('web UI build failed');
  process.exit(r.status ?? 1);
}
console.log(`web UI built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
