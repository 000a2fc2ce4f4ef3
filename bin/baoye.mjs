#!/usr/bin/env node
// `npx baoye <command>`: the same as `npm run cli -- <command>`, run from the project folder so
// the default DATA_DIR (./data) is the server's.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
const root = path.resolve(import.meta.dirname, '..');
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
