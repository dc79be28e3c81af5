// Every <attention-map> story renders in Chromium, as Storybook renders it (see stories-support.ts).
import * as stories from '../../stories/attention-map.stories.js';
import { describeStories } from './stories-support.js';

describeStories('attention-map', stories);
