// Storybook for the heatlens elements (web components + Vite). It reuses vite.config.ts (the
// engine worker is bundled as an ES module) and needs no network: `npm run build-storybook`.
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
};

export default config;
