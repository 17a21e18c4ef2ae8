import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { workerSources } from './src-main/core/workers.ts';

// Worker threads are their own entries, emitted beside main as worker-<name>.js,
// where src-main/core/workers.ts looks for them in a built app.
const workerEntries = Object.fromEntries(
  Object.entries(workerSources).map(([name, rel]) => [`worker-${name}`, resolve(__dirname, 'src-main/core', rel)]),
);

export default defineConfig({
  main: {
    plugins: [
      {
        // the wasm kernel reads new URL('./sgns.wasm', import.meta.url): put it beside the main chunks
        name: 'copy-sgns-wasm',
        generateBundle() {
          this.emitFile({
            type: 'asset',
            fileName: 'sgns.wasm',
            source: readFileSync(resolve(__dirname, 'src-main/core/kernels/sgns.wasm')),
          });
        },
      },
    ],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/electron/main.ts'), ...workerEntries },
        output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // sandboxed: the preload cannot require packages, so zod is bundled in
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        // a sandboxed preload must be one CommonJS file
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [svelte()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
