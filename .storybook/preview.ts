import type { Preview } from '@storybook/web-components-vite';
import '../components/index.js';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
