import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => ({
  plugins: [
    vue({
      template: {
        // <quest-*> tags are custom elements, not Vue components: Vue renders them as they are.
        compilerOptions: { isCustomElement: (tag) => tag.startsWith('quest-') },
      },
    }),
  ],
  // nanostores (used by @questboard/core) reads process.env.NODE_ENV.
  define: {
    'process.env.NODE_ENV': JSON.stringify(mode === 'production' ? 'production' : 'development'),
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
}));
