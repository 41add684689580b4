import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig(({ mode }) => ({
  plugins: [react()],
  resolve: {
    // Workspace packages resolve to their TypeScript source (`"source"` in their exports), so
    // this example builds without building the packages first. An app using the published
    // packages needs none of this.
    conditions: ['source', ...defaultClientConditions],
    // wagmi and react-query must share the app's React (the repo root has another copy).
    dedupe: ['react', 'react-dom'],
  },
  // nanostores (used by @questboard/core) reads process.env.NODE_ENV.
  define: {
    'process.env.NODE_ENV': JSON.stringify(mode === 'production' ? 'production' : 'development'),
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
}));
