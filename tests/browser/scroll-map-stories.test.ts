// Every <scroll-map> story renders in Chromium, as Storybook renders it (see stories-support.ts).
import * as stories from '../../stories/scroll-map.stories.js';
import { describeStories } from './stories-support.js';

describeStories('scroll-map', stories);
