// Every <click-map> story renders in Chromium, as Storybook renders it (see stories-support.ts).
import * as stories from '../../stories/click-map.stories.js';
import { describeStories } from './stories-support.js';

describeStories('click-map', stories);
