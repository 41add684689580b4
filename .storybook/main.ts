import { existsSync } from 'node:fs';
import type { StorybookConfig } from '@storybook/web-components-vite';

// Storybook 10 for the web components. Telemetry off (it phones home and slows builds).
process.env.STORYBOOK_DISABLE_TELEMETRY = '1';

// Docs pages and controls read the Custom Elements Manifest: say how to make it when missing.
if (!existsSync(new URL('../packages/elements/custom-elements.json', import.meta.url))) {
  throw new Error(
    'packages/elements/custom-elements.json is missing: run `npm run build:manifest` (or `npm run build`) before Storybook.',
  );
}

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  // Images the stories use (served from the same origin: nothing leaves 127.0.0.1).
  staticDirs: [{ from: '../stories/assets', to: '/story-assets' }],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-themes'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  docs: {},
  async viteFinal(viteConfig) {
    return {
      ...viteConfig,
      resolve: {
        ...viteConfig.resolve,
        // Workspace packages from source, as the tests do.
        conditions: ['source', 'browser', 'module', 'import', 'default'],
      },
      define: { ...viteConfig.define, 'process.env.NODE_ENV': JSON.stringify('production') },
    };
  },
};
export default config;
