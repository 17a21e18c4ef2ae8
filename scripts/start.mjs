#!/usr/bin/env node
// `npm start`: the desktop window where Electron is installed; otherwise (an
// offline install with ELECTRON_SKIP_BINARY_DOWNLOAD=1) the browser host.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (electronBinary()) {
  run(npm, ['run', 'build']);
  spawn(npm, ['exec', '--', 'electron-vite', 'preview'], { stdio: 'inherit' }).on('exit', (c) => process.exit(c ?? 0));
} else {
  console.error('Electron is not installed here (offline install); starting the browser host instead.');
  run(npm, ['run', '-s', 'build:renderer']);
  const args = ['bin/embedlab.mjs', 'serve', ...process.argv.slice(2)];
  spawn(process.execPath, args, { stdio: 'inherit' }).on('exit', (c) => process.exit(c ?? 0));
}
