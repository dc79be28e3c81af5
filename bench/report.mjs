// Ratios, targets and the printed table for bench/run.mjs.

const CONTENDERS = ['heatlens', 'fast-kde', 'heatmap.js', 'simpleheat', 'plain JS'];

/** Targets from DESIGN.md ("Performance"); the browser is the reference environment. */
const TARGETS = [
  { id: 'density-full', n: 1_000_000, peer: 'fast-kde', kind: 'speedup', target: 6, name: 'density 1280×4000 N=1M: heatlens ≥ 6× faster than fast-kde' },
  { id: 'density-coarse', n: 4_000_000, peer: 'fast-kde', kind: 'speedup', target: 5, name: 'density 320×1000 N=4M: heatlens ≥ 5× faster than fast-kde' },
  { id: 'bandwidth-change', n: 1_000_000, kind: 'max_ms', target: 16, name: 'bandwidth change 320×1000 N=1M loaded: ≤ 16 ms' },
  { id: 'memory', n: 1_000_000, kind: 'bytes_per_point', target: 12, name: 'point memory: ≤ 12 bytes per point' },
  { id: 'end-to-end', n: 1_000_000, peer: 'heatmap.js', kind: 'speedup', target: 20, name: 'end to end N=1M: heatlens ≥ 20× faster than heatmap.js', envs: ['browser'] },
];

const ok = (c) => c && !c.error && !c.skipped && typeof c.median_ms === 'number';

export function ratiosOf(scenarios) {
  const ratios = [];
  for (const s of scenarios) {
    const h = s.contenders.heatlens;
    if (!ok(h)) continue;
    for (const name of CONTENDERS.slice(1)) {
      const p = s.contenders[name];
      if (!ok(p)) continue;
      ratios.push({
        scenario: s.label,
        env: s.env,
        n: s.n,
        grid: s.grid,
        name: `${name} / heatlens`,
        value: round(p.median_ms / h.median_ms, 2),
      });
    }
  }
  return ratios;
}

export function targetsOf(scenarios) {
  const out = [];
  for (const t of TARGETS) {
    for (const env of t.envs ?? ['browser', 'node']) {
      const s = scenarios.find((x) => x.id === t.id && x.env === env && (t.n === undefined || x.n === t.n));
      const name = `${t.name} (${env})`;
      if (!s) continue;
      const h = s.contenders.heatlens;
      let value = null;
      if (t.kind === 'speedup') {
        const p = s.contenders[t.peer];
        if (ok(h) && ok(p)) value = round(p.median_ms / h.median_ms, 2);
      } else if (t.kind === 'max_ms') {
        if (ok(h)) value = h.median_ms;
      } else if (t.kind === 'bytes_per_point') {
        if (h && typeof h.bytes_per_point === 'number') value = h.bytes_per_point;
      }
      const target = t.kind === 'speedup' ? `≥ ${t.target}×` : t.kind === 'max_ms' ? `≤ ${t.target} ms` : `≤ ${t.target} B/pt`;
      const pass = value === null ? null : t.kind === 'speedup' ? value >= t.target : value <= t.target;
      const unit = t.kind === 'speedup' ? '×' : t.kind === 'max_ms' ? 'ms' : 'B/pt';
      out.push({ name, env, value, unit, target, pass, ...(value === null ? { reason: h?.error ?? 'not measured' } : {}) });
    }
  }
  return out;
}

function round(v, digits) {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

function cell(c) {
  if (!c) return '';
  if (c.skipped) return 'skipped';
  if (c.error) return 'n/a';
  if (typeof c.median_ms !== 'number') return '';
  return `${fmtMs(c.median_ms)} k=${c.k}`;
}

function table(rows, header) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r) => r.map((v, i) => (v ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function printReport(report, log) {
  const { machine, scenarios } = report;
  log('');
  log(`machine: ${machine.cpu} · ${machine.cores} cores · ${machine.total_memory_gib} GiB · ${machine.os} · Node ${machine.node}${machine.chromium ? ` · Chromium ${machine.chromium}` : ''}`);
  for (const [env, e] of Object.entries(report.environments)) {
    if (e.error) log(`${env}: ERROR ${e.error}`);
    if (e.skipped) log(`${env}: skipped`);
  }
  if (report.data.checksums_agree === false) log('WARNING: Node and the browser generated different data');

  const timed = scenarios.filter((s) => s.id !== 'memory');
  const rows = timed.map((s) => {
    const h = s.contenders.heatlens;
    const ratios = CONTENDERS.slice(1)
      .filter((name) => ok(h) && ok(s.contenders[name]))
      .map((name) => `${name} ${(s.contenders[name].median_ms / h.median_ms).toFixed(1)}×`)
      .join(', ');
    let detail = '';
    if (ok(h) && s.id === 'bandwidth-change') detail = `first call ${fmtMs(h.first_call_ms)}${h.bins_reused === false ? ', bins NOT reused' : ''}`;
    else if (ok(h) && typeof h.engine_median_ms === 'number') {
      detail = `bin ${fmtMs(h.bin_median_ms)} + smooth ${fmtMs(h.smooth_median_ms)}; engine total ${fmtMs(h.engine_median_ms)}`;
    }
    else if (ok(h) && typeof h.density_median_ms === 'number') detail = `<click-map>: engine ${fmtMs(h.density_median_ms)} + colour stage ${fmtMs(h.gpu_median_ms)}`;
    return [s.label, s.env, ...CONTENDERS.map((c) => cell(s.contenders[c])), ratios, detail];
  });
  log('');
  log(table(rows, ['scenario', 'env', ...CONTENDERS, 'peer ÷ heatlens', 'heatlens detail']));

  const mem = scenarios.filter((s) => s.id === 'memory');
  if (mem.length) {
    log('');
    for (const s of mem) {
      const h = s.contenders.heatlens;
      if (!h || h.error) log(`${s.label} (${s.env}): n/a${h?.error ? ` — ${h.error}` : ''}`);
      else log(`${s.label} (${s.env}): pointBytes ${h.pointBytes} = ${h.bytes_per_point} B/point · memoryBytes ${mib(h.memoryBytes)} loaded (${mib(h.memoryBytes_after_density)} after density, ${mib(h.memoryBytes_empty)} empty) · gridBytes ${mib(h.gridBytes_after_density)}${typeof h.threads === 'number' ? ` · kernel threads ${h.threads}` : ''}`);
    }
  }

  const errors = [];
  for (const s of scenarios) for (const [name, c] of Object.entries(s.contenders)) if (c.error) errors.push(`${name} ${s.label} (${s.env}): ${c.error}`);
  const uniqueErrors = [...new Set(errors.map((e) => e.replace(/^(\S+) .*?\((\w+)\): /, '$1 ($2): ')))];
  if (uniqueErrors.length) {
    log('');
    log('not measured:');
    for (const e of uniqueErrors) log(`  ${e}`);
  }

  log('');
  log('targets (DESIGN.md "Performance"):');
  for (const t of report.targets) {
    const verdict = t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'MISS';
    const value = t.value === null ? '—' : t.unit === '×' ? `${t.value}×` : `${t.value} ${t.unit}`;
    log(`  ${verdict}  ${t.name}: ${value} (target ${t.target})`);
  }
  log('');
  for (const n of report.notes) log(`note: ${n}`);
}

function mib(bytes) {
  return typeof bytes === 'number' ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : '?';
}
