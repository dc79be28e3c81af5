/**
 * The `from`/`to` values of the read routes: whole ms since the epoch, or an ISO 8601 date
 * (`YYYY-MM[-DD]`, optionally `THH:MM[:SS[.fff]]`, then `Z` or `±HH[:MM]`; years may be
 * expanded, `±YYYYYY`). Whatever is accepted lies in JavaScript's Date range, so both stores
 * can compare it with their 64-bit `ts` column; anything else is a 400 naming the parameter.
 *
 * Date.parse alone is not the check: it maps `2026-02-30` to 2 March and reads free text
 * (`March 7`, `1`) by engine-specific rules, so the shape and the calendar are checked here and
 * Date.parse only converts a string it is specified for (ECMA-262 §21.4.3.2, Date Time String
 * Format), which also keeps its time-zone rule: a date alone is UTC, a time without an offset
 * is the server's local time.
 */

/** ECMA-262 §21.4.1.1 (Time Values and Time Range): a Date holds at most ±8.64e15 ms. */
export const MAX_TIME_MS = 8.64e15;

const MS = /^-?\d+$/;
const ISO =
  /^([+-]\d{6}|\d{4})-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?)?$/;

export const TIME_FORMAT = 'must be ms since the epoch or an ISO 8601 date (YYYY-MM-DD, optionally THH:MM[:SS[.sss]] and Z or ±HH:MM)';
export const TIME_RANGE = "must lie within JavaScript's Date range: ±8.64e15 ms since the epoch, -271821-04-20 to +275760-09-13";

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The time in ms, or the reason it is refused (completing "parameter from …"). */
export function parseQueryTime(s: string): number | { error: string } {
  if (MS.test(s)) {
    // Digits beyond 2^53 round, but anything that long is far outside the range anyway.
    const t = Number(s);
    return Math.abs(t) <= MAX_TIME_MS ? t : { error: TIME_RANGE };
  }
  const m = ISO.exec(s);
  if (!m) return { error: TIME_FORMAT };
  const [, y, mo, d = '01', hh, mi, ss = '00', frac = '', zone = ''] = m;
  // ECMA-262 has no year "-000000" (year 0 is +000000); ISO 8601 has no negative zero either.
  if (y === '-000000') return { error: TIME_FORMAT };
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return { error: `is not a calendar date: there is no month ${mo}` };
  const last = daysIn(year, month);
  if (day < 1 || day > last) return { error: `is not a calendar date: ${MONTHS[month - 1]} ${year} has ${last} days` };
  const ymd = `${year < 0 ? '-' : '+'}${pad(Math.abs(year), 6)}-${mo}-${d}`;
  let text = ymd;
  if (hh !== undefined) {
    const ms = frac.slice(0, 3).padEnd(3, '0');
    // 24:00 is the end of the day (ISO 8601 and ECMA-262 both allow it); no other hour 24.
    const endOfDay = hh === '24' && mi === '00' && ss === '00' && /^0*$/.test(frac);
    if ((Number(hh) > 23 && !endOfDay) || Number(mi) > 59 || Number(ss) > 59) {
      return { error: `is not a time of day: ${hh}:${mi}:${ss}` };
    }
    let offset = zone.toUpperCase();
    if (offset.length > 1) {
      const oh = offset.slice(1, 3);
      const om = offset.slice(3).replace(':', '') || '00';
      if (Number(oh) > 23 || Number(om) > 59) return { error: `has no such UTC offset: ${zone}` };
      offset = `${offset[0]}${oh}:${om}`;
    }
    text = `${ymd}T${hh}:${mi}:${ss}.${ms}${offset}`;
  }
  // Shape and calendar are valid here, so NaN can only mean outside the Date range.
  const t = Date.parse(text);
  return Number.isFinite(t) && Math.abs(t) <= MAX_TIME_MS ? t : { error: TIME_RANGE };
}
