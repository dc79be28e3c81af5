// What the tracker refuses to see. It never reads input values, key presses or text at all
// (nothing in tracker/ touches `value`, `textContent` or keyboard events); these are the rules
// that need code.

/** Elements inside a `data-heatlens-ignore` subtree are invisible: no click, no move. */
export const ignored = (el: Element): boolean => !!el.closest('[data-heatlens-ignore]');

/** Global Privacy Control or Do Not Track is on (honoured when the site sets `respectDnt`). */
export function optedOut(): boolean {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  return nav.globalPrivacyControl === true || nav.doNotTrack === '1' || (window as { doNotTrack?: string }).doNotTrack === '1';
}
