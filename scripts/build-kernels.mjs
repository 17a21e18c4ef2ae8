#!/usr/bin/env node
// Recompiles the AssemblyScript kernels (src-main/core/kernels/assembly/) into
// src-main/core/kernels/sgns.wasm, which is committed so running the app needs
// no compiler. Run after editing the assembly sources:
//   node scripts/build-kernels.mjs          writes sgns.wasm
//   node scripts/build-kernels.mjs --check  exits 1 if sgns.wasm is not what the sources compile to
//   node scripts/build-kernels.mjs --wat    also writes sgns.wat, to read the generated code
import { main } from 'assemblyscript/asc';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const kernels = 'src-main/core/kernels';
const wasmPath = `${kernels}/sgns.wasm`;
const check = process.argv.includes('--check');

const args = [
  `${kernels}/assembly/index.ts`,
  '--outFile',
  wasmPath,
  '-O3',
  '--noAssert',
  '--enable',
  'simd',
  '--enable',
  'threads',
  // no GC: the kernel never allocates, the loader lays out the memory
  '--runtime',
  'stub',
  // one shared memory for every worker's instance, up to wasm32's 4 GiB
  '--importMemory',
  '--sharedMemory',
  '--maximumMemory',
  '65536',
  '--noExportMemory',
  ...(process.argv.includes('--wat') ? ['--textFile', `${kernels}/sgns.wat`] : []),
];

process.chdir(root);
const outputs = new Map();
const { error, stderr } = await main(args, {
  writeFile: (name, contents) => void outputs.set(name, contents),
});
if (error) {
  console.error(stderr.toString());
  console.error(`build-kernels: ${error.message}`);
  process.exit(1);
}
const binary = outputs.get(wasmPath);
if (!binary) throw new Error(`asc wrote no ${wasmPath}`);

if (check) {
  const committed = readFileSync(wasmPath);
  if (!committed.equals(Buffer.from(binary))) {
    console.error(`build-kernels: ${wasmPath} is stale; run node scripts/build-kernels.mjs`);
    process.exit(1);
  }
  console.log(`build-kernels: ${wasmPath} is up to date`);
} else {
  for (const [name, contents] of outputs) writeFileSync(name, contents);
  console.log(`build-kernels: wrote ${[...outputs.keys()].join(', ')}`);
}
