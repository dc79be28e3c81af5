// The attention scenario in the Chromium page of `npm run bench` (bench/browser/main.ts calls
// it): the engine through its Web Worker (sample columns transferred in, copies made before the
// clock, the grid transferred back) beside the plain-JS implementation on the page's main
// thread, same data, same run (bench/attention-suite.mjs).
import { ATTENTION_DEFAULTS } from '../worker/attention-defaults.ts';
import { generateCursorSessions } from './attention-data.mjs';
import { attentionScenarios } from './attention-suite.mjs';

/**
 * @param {number} sessions sessions of 200 cursor samples each
 * @param {(() => Promise<any>) | null} engineFactory createEngine of worker/browser.ts
 * @param {(message: string) => void} log
 */
export async function attentionInBrowser(sessions, engineFactory, log) {
  if (!engineFactory) return { id: 'attention', env: 'browser', error: 'the engine is unavailable' };
  const data = generateCursorSessions(sessions);
  const engine = await engineFactory();
  try {
    return await attentionScenarios({ engine, params: { ...ATTENTION_DEFAULTS }, data, env: 'browser', log });
  } catch (e) {
    return { id: 'attention', env: 'browser', error: e instanceof Error ? e.message : String(e) };
  } finally {
    await engine.close();
  }
}
