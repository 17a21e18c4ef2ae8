/// <reference types="vitest/config" />
// Builds or serves the renderer alone (browser host, previews). The Electron
// build has its own config; this one knows nothing about main or preload.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: 'src-renderer',
  base: './',
  // keep Vite's cache with the others, not in a node_modules under src-renderer
  cacheDir: '../node_modules/.vite/renderer',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 900,
  },
  // `npx vitest run --config vite.renderer.config.ts` runs the renderer's tests
  // with the Svelte compiler, which `.svelte.ts` stores need.
  test: {
    include: ['src/**/*.test.ts'],
    pool: 'forks',
  },
});
