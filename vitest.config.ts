import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  // the renderer's stores use runes ($state) and need the Svelte compiler
  plugins: [svelte({ configFile: false })],
  test: {
    include: ['tests/**/*.test.ts', 'src-renderer/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
