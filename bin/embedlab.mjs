#!/usr/bin/env node
// The package bin: runs the TypeScript CLI through tsx, no build step.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// our tsconfig, not whatever tsconfig.json sits in the folder the user is in
register({ tsconfig: fileURLToPath(new URL('../tsconfig.node.json', import.meta.url)) });
// `embedlab runs | head -1` closes stdout early: that is not an error
process.stdout.on('error', (err) => process.exit(err.code === 'EPIPE' ? 0 : 1));
const { main } = await import('../src-main/cli/main.ts');
const code = await main(process.argv.slice(2));
// exit once stdout is flushed: open handles (workers, sockets) must not keep a finished command alive
process.stdout.write('', () => process.exit(code));
