import angular from '@analogjs/vite-plugin-angular';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig(({ mode }) => ({
  plugins: [
    angular({
      tsconfig: 'tsconfig.json',
      // Type-check the TypeScript and the templates (strictTemplates) as part of the build.
      disableTypeChecking: false,
      // Only the app's own files go through the Angular compiler; the workspace packages' source
      // is plain TypeScript for Vite.
      transformFilter: (_code, id) => id.includes('/examples/angular/src/'),
    }),
  ],
  // Workspace packages resolve to their TypeScript source (`"source"` in their exports), so
  // this example builds without building the packages first.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // nanostores (used by @questboard/core) reads process.env.NODE_ENV.
  define: {
    'process.env.NODE_ENV': JSON.stringify(mode === 'production' ? 'production' : 'development'),
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
}));
