import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  // The sample campaigns are served as static files: the board fetches the JSON by URL.
  publicDir: '../campaigns',
  // nanostores (used by @questboard/core) reads process.env.NODE_ENV.
  define: {
    'process.env.NODE_ENV': JSON.stringify(mode === 'production' ? 'production' : 'development'),
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
}));
