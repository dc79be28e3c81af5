/**
 * The sidebar form: builds the segment fieldsets, writes a state into the fields and reads the
 * fields back into a state. Every field has a label; the form is plain HTML, so keyboard and
 * screen-reader use come from the browser.
 */
import type { SegmentIssue } from './filters.js';
import { DEVICES, type DashboardState, type Device, type Segment } from './state.js';

function field<T extends HTMLElement>(form: HTMLFormElement, name: string): T {
  const el = form.elements.namedItem(name);
  if (!el) throw new Error(`the dashboard form has no field ${name}`);
  return el as unknown as T;
}

/** Quick date ranges: the last N whole UTC days, today included. */
const PERIODS = [7, 30, 90] as const;

function utcDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** The period the dates are, or 'all' / 'custom'. */
function periodOf(from: string, to: string): string {
  if (!from && !to) return 'all';
  const days = PERIODS.find((d) => from === utcDay(1 - d) && to === utcDay(0));
  return days ? String(days) : 'custom';
}

/** The fields of one segment; `prefix` keeps segment A's and B's names apart. */
export function segmentFieldset(prefix: string, legend: string): HTMLFieldSetElement {
  const set = document.createElement('fieldset');
  set.className = 'segment';
  set.dataset.segment = prefix;
  const devices = DEVICES.map(
    (d) => `<label class="chip"><input type="checkbox" name="${prefix}device" value="${d}"><span>${d[0].toUpperCase()}${d.slice(1)}</span></label>`,
  ).join('');
  set.innerHTML = `<legend>${legend}</legend>
    <div class="field"><span class="label" id="${prefix}device-label">Device</span><div class="chips" role="group" aria-labelledby="${prefix}device-label">${devices}</div></div>
    <div class="field pair" data-range="viewport"><label for="${prefix}vwmin">Viewport from</label><input id="${prefix}vwmin" name="${prefix}vwmin" type="number" min="1" max="100000" step="1" inputmode="numeric" placeholder="0">
      <label for="${prefix}vwmax">to (px)</label><input id="${prefix}vwmax" name="${prefix}vwmax" type="number" min="1" max="100000" step="1" inputmode="numeric" placeholder="any"></div>
    <div class="field"><label for="${prefix}period">Period</label><select id="${prefix}period" name="${prefix}period">
      <option value="all">All time</option>${PERIODS.map((d) => `<option value="${d}">Last ${d} days</option>`).join('')}<option value="custom">Dates below</option></select></div>
    <div class="field pair" data-range="dates"><label for="${prefix}from">From</label><input id="${prefix}from" name="${prefix}from" type="date">
      <label for="${prefix}to">to</label><input id="${prefix}to" name="${prefix}to" type="date"></div>`;
  // Where a range that ends before it starts is named, right under its two fields.
  for (const range of set.querySelectorAll<HTMLElement>('[data-range]')) {
    const error = document.createElement('p');
    error.className = 'field-error';
    error.id = `${prefix}${range.dataset.range}-error`;
    error.hidden = true;
    range.after(error);
  }
  // A period fills the dates before the form reads them (this listener runs before the form's).
  set.querySelector('select')!.addEventListener('change', (e) => {
    const value = (e.target as HTMLSelectElement).value;
    if (value === 'custom') return;
    const days = Number(value);
    (set.querySelector(`[name="${prefix}from"]`) as HTMLInputElement).value = value === 'all' ? '' : utcDay(1 - days);
    (set.querySelector(`[name="${prefix}to"]`) as HTMLInputElement).value = value === 'all' ? '' : utcDay(0);
  });
  return set;
}

function writeSegment(form: HTMLFormElement, prefix: string, s: Segment): void {
  for (const box of form.querySelectorAll<HTMLInputElement>(`input[name="${prefix}device"]`)) box.checked = s.devices.includes(box.value as Device);
  field<HTMLInputElement>(form, `${prefix}vwmin`).value = s.vwmin === null ? '' : String(s.vwmin);
  field<HTMLInputElement>(form, `${prefix}vwmax`).value = s.vwmax === null ? '' : String(s.vwmax);
  field<HTMLInputElement>(form, `${prefix}from`).value = s.from;
  field<HTMLInputElement>(form, `${prefix}to`).value = s.to;
  field<HTMLSelectElement>(form, `${prefix}period`).value = periodOf(s.from, s.to);
}

function readNumber(input: HTMLInputElement): number | null {
  const n = input.valueAsNumber;
  return Number.isFinite(n) && n > 0 ? n : null;
}

function readSegment(form: HTMLFormElement, prefix: string): Segment {
  const devices = Array.from(form.querySelectorAll<HTMLInputElement>(`input[name="${prefix}device"]:checked`)).map((b) => b.value as Device);
  return {
    devices: DEVICES.filter((d) => devices.includes(d)),
    vwmin: readNumber(field(form, `${prefix}vwmin`)),
    vwmax: readNumber(field(form, `${prefix}vwmax`)),
    from: field<HTMLInputElement>(form, `${prefix}from`).value,
    to: field<HTMLInputElement>(form, `${prefix}to`).value,
  };
}

/** Keeps each period menu in step with its dates after they were typed in. */
function syncPeriods(form: HTMLFormElement): void {
  for (const prefix of ['a-', 'b-']) {
    const period = form.elements.namedItem(`${prefix}period`) as HTMLSelectElement | null;
    if (!period) continue;
    const value = periodOf(field<HTMLInputElement>(form, `${prefix}from`).value, field<HTMLInputElement>(form, `${prefix}to`).value);
    // "Dates below" with no dates typed yet stays chosen.
    if (!(period.value === 'custom' && value === 'all')) period.value = value;
  }
}

/** The map-type radios live in the top bar, tied to the form by their `form` attribute. */
function mapRadios(form: HTMLFormElement): HTMLInputElement[] {
  return Array.from(form.elements).filter((e): e is HTMLInputElement => e instanceof HTMLInputElement && e.name === 'map');
}

/** Puts a state into the form (on load and on back/forward). */
export function writeForm(form: HTMLFormElement, s: DashboardState): void {
  for (const radio of mapRadios(form)) radio.checked = radio.value === s.map;
  writeSegment(form, 'a-', s.segment);
  writeSegment(form, 'b-', s.segmentB);
  field<HTMLInputElement>(form, 'compare').checked = s.compare;
  field<HTMLInputElement>(form, 'selector').value = s.selector;
  field<HTMLInputElement>(form, 'bandwidth').value = String(s.bandwidth);
  field<HTMLSelectElement>(form, 'colormap').value = s.colormap;
  field<HTMLInputElement>(form, 'opacity').value = String(s.opacity);
  field<HTMLSelectElement>(form, 'scale').value = s.scale;
  field<HTMLSelectElement>(form, 'max').value = s.max;
  field<HTMLSelectElement>(form, 'underlay').value = s.underlay;
  field<HTMLInputElement>(form, 'image').value = s.image;
  syncVisibility(form);
}

/** Reads the form over a state (fields the form does not hold — site, page — are kept). */
export function readForm(form: HTMLFormElement, base: DashboardState): DashboardState {
  const map = mapRadios(form).find((r) => r.checked)?.value as DashboardState['map'] | undefined;
  syncVisibility(form);
  syncPeriods(form);
  return {
    ...base,
    map: map ?? base.map,
    segment: readSegment(form, 'a-'),
    compare: field<HTMLInputElement>(form, 'compare').checked,
    segmentB: readSegment(form, 'b-'),
    selector: field<HTMLInputElement>(form, 'selector').value.trim(),
    bandwidth: Number(field<HTMLInputElement>(form, 'bandwidth').value) || base.bandwidth,
    colormap: field<HTMLSelectElement>(form, 'colormap').value,
    opacity: Number(field<HTMLInputElement>(form, 'opacity').value),
    scale: field<HTMLSelectElement>(form, 'scale').value,
    max: field<HTMLSelectElement>(form, 'max').value,
    underlay: field<HTMLSelectElement>(form, 'underlay').value as DashboardState['underlay'],
    image: field<HTMLInputElement>(form, 'image').value.trim(),
  };
}

/**
 * Marks the fields of a segment's range that cannot be drawn, with the reason under them
 * (`issues[0]` for segment A, `issues[1]` for B); clears the marks of ranges that are fine.
 */
export function showIssues(form: HTMLFormElement, issues: (SegmentIssue | null)[]): void {
  ['a-', 'b-'].forEach((prefix, i) => {
    const issue = issues[i] ?? null;
    for (const range of ['viewport', 'dates'] as const) {
      const bad = issue?.field === range;
      const error = form.querySelector<HTMLElement>(`#${prefix}${range}-error`);
      if (!error) continue;
      error.hidden = !bad;
      error.textContent = bad ? issue.message : '';
      for (const input of form.querySelectorAll<HTMLInputElement>(`[data-segment="${prefix}"] [data-range="${range}"] input`)) {
        if (bad) {
          input.setAttribute('aria-invalid', 'true');
          input.setAttribute('aria-errormessage', error.id);
        } else {
          input.removeAttribute('aria-invalid');
          input.removeAttribute('aria-errormessage');
        }
      }
    }
  });
}

/** Shows the fields that apply: segment B only when comparing, the image URL only for screenshots. */
function syncVisibility(form: HTMLFormElement): void {
  const compare = field<HTMLInputElement>(form, 'compare').checked;
  const segB = form.querySelector<HTMLElement>('[data-segment="b-"]');
  if (segB) segB.hidden = !compare;
  // Only clicks have a bandwidth and a target element: scroll maps have no points, attention
  // maps spread by the gaze–cursor distance the engine cites.
  const type = mapRadios(form).find((r) => r.checked)?.value ?? 'click';
  const click = type === 'click';
  field<HTMLInputElement>(form, 'bandwidth').disabled = !click;
  const help = form.querySelector('#bandwidth-help');
  if (help) {
    help.textContent =
      type === 'attention'
        ? 'Attention spreads by the typical gaze–cursor distance (see docs/attention.md).'
        : type === 'scroll'
          ? 'Scroll maps are not smoothed: each depth is the share of visits that reached it.'
          : 'σ of the Gaussian around each click, in page px.';
  }
  field<HTMLInputElement>(form, 'selector').disabled = !click;
  const image = form.querySelector<HTMLElement>('[data-field="image"]');
  if (image) image.hidden = field<HTMLSelectElement>(form, 'underlay').value !== 'image';
  for (const out of form.querySelectorAll<HTMLOutputElement>('output[data-for]')) {
    out.value = field<HTMLInputElement>(form, out.dataset.for!).value;
  }
}
