import angular from '@analogjs/vite-plugin-angular';
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => ({
  plugins: [
    angular({
      tsconfig: 'tsconfig.json',
      // Type-check the TypeScript and the templates (strictTemplates) as part of the build.
      disableTypeChecking: false,
      // Only the app's own files go through the Angular compiler.
      transformFilter: (_code, id) => id.includes('/angular/src/'),
    }),
  ],
  // nanostores (used by @questboard/core) reads process.env.NODE_ENV.
  define: {
    'process.env.NODE_ENV': JSON.stringify(mode === 'production' ? 'production' : 'development'),
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
}));
