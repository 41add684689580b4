import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => ({
  plugins: [react()],
  // nanostores (used by @questboard/core) reads process.env.NODE_ENV.
  define: {
    'process.env.NODE_ENV': JSON.stringify(mode === 'production' ? 'production' : 'development'),
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
}));
