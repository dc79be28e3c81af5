// A cookieless session: a random id in sessionStorage (one per tab, gone when the tab closes),
// and nothing derived from the device, so nothing that could fingerprint a visitor.
import { load, store } from './storage.js';

const KEY = 'heatlens:session';
const ID = /^s_[a-z0-9]{20}$/;

/** `prefix` + 20 random base-36 characters (about 103 bits). */
export function randomId(prefix: string): string {
  let id = prefix;
  for (const byte of crypto.getRandomValues(new Uint8Array(20))) id += (byte % 36).toString(36);
  return id;
}

/** This tab's session id, created on first use. */
export function sessionId(): string {
  let id = load(KEY);
  if (!id || !ID.test(id)) store(KEY, (id = randomId('s_')));
  return id;
}

/**
 * Whether a session falls inside the sampling rate. The draw comes from the session id itself,
 * so a visitor is in or out for the whole session, on every page.
 */
export const inSample = (session: string, rate: number): boolean => parseInt(session.slice(2, 8), 36) / 36 ** 6 < rate;
