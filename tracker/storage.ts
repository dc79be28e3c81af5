// sessionStorage that never throws: it is missing in some sandboxed frames, throws
// SecurityError when storage is blocked, and QuotaExceededError when full.
import { stats } from './safe.js';

export function load(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Stores `value`, or removes the key when it is null. */
export function store(key: string, value: string | null): void {
  try {
    if (value == null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    stats.errors++;
  }
}
