// The Compare view's arithmetic, free of Svelte: the scores table (columns,
// rows, sorting), its CSV, the grouped bar chart's geometry, which neighbours
// to highlight across runs, and the aligned map's placement on screen.
import type { AlignReport, CompareReport, CompareScore, StabilityReport } from '../../../src-preload/contract.ts';

/** one column of the scores table: a file's headline metric, or one analogy section of it */
export interface ScoreColumn {
  /** `file`, or `file#section` */
  key: string;
  file: string;
  /** the section's name; null for the file's headline column */
  section: string | null;
  metric: 'accuracy' | 'spearman';
}

export interface ScoreCell {
  value: number | null;
  coverage: number;
  /** questions or pairs evaluated */
  evaluated: number;
}

export interface ScoreRow {
  run: string;
  cells: Record<string, ScoreCell>;
}

export interface ScoreTable {
  /** headline columns, one per file, in the report's order */
  files: ScoreColumn[];
  /** per-file section columns, in file order */
  sections: Record<string, ScoreColumn[]>;
  rows: ScoreRow[];
}

export const sectionKey = (file: string, section: string): string => `${file}#${section}`;

/** the report as rows (runs) and columns (files, and their analogy sections) */
export function scoreTable(report: CompareReport): ScoreTable {
  const files: ScoreColumn[] = [];
  const sections: Record<string, ScoreColumn[]> = {};
  const rows = new Map<string, ScoreRow>(report.runs.map((run) => [run, { run, cells: {} }]));
  for (const s of report.scores) {
    if (!sections[s.file]) {
      files.push({ key: s.file, file: s.file, section: null, metric: s.metric });
      sections[s.file] = [];
    }
    const row = rows.get(s.run) ?? { run: s.run, cells: {} };
    rows.set(s.run, row);
    row.cells[s.file] = { value: s.value, coverage: s.coverage, evaluated: s.evaluated };
    for (const sec of s.sections ?? []) addSection(sections[s.file], row, s, sec);
  }
  return { files, sections, rows: [...rows.values()] };
}

function addSection(
  columns: ScoreColumn[],
  row: ScoreRow,
  s: CompareScore,
  sec: NonNullable<CompareScore['sections']>[number],
): void {
  const key = sectionKey(s.file, sec.name);
  if (!columns.some((c) => c.key === key)) columns.push({ key, file: s.file, section: sec.name, metric: s.metric });
  row.cells[key] = {
    value: sec.total > 0 ? sec.accuracy : null,
    coverage: sec.questionCount > 0 ? sec.total / sec.questionCount : 0,
    evaluated: sec.total,
  };
}

/** the columns shown: every file, each followed by its sections when it is expanded */
export function visibleColumns(table: ScoreTable, expanded: ReadonlySet<string>): ScoreColumn[] {
  const out: ScoreColumn[] = [];
  for (const f of table.files) {
    out.push(f);
    if (expanded.has(f.file)) out.push(...table.sections[f.file]);
  }
  return out;
}

export type SortKey = { by: 'run' } | { by: 'value' | 'coverage'; column: string };
export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** rows ordered by a column; runs without a number go last whichever the direction, ties by name */
export function sortRows(rows: readonly ScoreRow[], sort: Sort): ScoreRow[] {
  const sign = sort.descending ? -1 : 1;
  const byName = (a: ScoreRow, b: ScoreRow) => (a.run < b.run ? -1 : a.run > b.run ? 1 : 0);
  const key = sort.key;
  if (key.by === 'run') return [...rows].sort((a, b) => sign * byName(a, b));
  const pick = (r: ScoreRow): number | null => {
    const cell = r.cells[key.column];
    const v = cell ? (key.by === 'value' ? cell.value : cell.coverage) : null;
    return v != null && Number.isFinite(v) ? v : null;
  };
  return [...rows].sort((a, b) => {
    const va = pick(a);
    const vb = pick(b);
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return sign * (va - vb) || byName(a, b);
  });
}

/** clicking a header: a new column sorts best first (descending), the same one flips */
export function nextSort(current: Sort, key: SortKey): Sort {
  const same =
    current.key.by === key.by && (key.by === 'run' || (current.key.by !== 'run' && current.key.column === key.column));
  if (same) return { key, descending: !current.descending };
  return { key, descending: key.by !== 'run' };
}

/** one CSV field (RFC 4180): quoted when it holds a comma, quote, line break or edge space */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // a spreadsheet would run a text starting with = + - @ as a formula
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | null)[]): string {
  return fields.map(csvField).join(',');
}

/** the whole table, every section included, full precision; rows in the order given */
export function scoresCsv(table: ScoreTable, rows: readonly ScoreRow[] = table.rows): string {
  const columns = visibleColumns(table, new Set(table.files.map((f) => f.file)));
  const header = ['run'];
  for (const c of columns) {
    const name = c.section === null ? c.file : `${c.file} ${c.section}`;
    header.push(`${name} ${c.metric}`, `${name} coverage`, `${name} evaluated`);
  }
  const lines = [csvLine(header)];
  for (const r of rows) {
    const fields: (string | number | null)[] = [r.run];
    for (const c of columns) {
      const cell = r.cells[c.key];
      fields.push(cell?.value ?? null, cell?.coverage ?? null, cell?.evaluated ?? null);
    }
    lines.push(csvLine(fields));
  }
  return lines.join('\r\n') + '\r\n';
}

export interface Bar {
  run: string;
  column: string;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BarChart {
  bars: Bar[];
  /** group (column) label positions: centre x */
  groups: { key: string; x: number }[];
  /** y of the value 0, and of ticks */
  zeroY: number;
  ticks: { value: number; y: number }[];
  lo: number;
  hi: number;
}

/**
 * grouped bars: one group per column, one bar per run; the scale runs from min(0, lowest) to 1 (both
 * accuracy and Spearman are at most 1), so a negative rho hangs below the zero line; null cells get no bar
 */
export function barChart(
  rows: readonly ScoreRow[],
  columns: readonly ScoreColumn[],
  box: { width: number; height: number; left: number; bottom: number; top: number },
): BarChart {
  let lo = 0;
  for (const r of rows) for (const c of columns) lo = Math.min(lo, r.cells[c.key]?.value ?? 0);
  lo = lo < 0 ? Math.floor(lo * 4) / 4 : 0;
  const hi = 1;
  const plotH = box.height - box.top - box.bottom;
  const y = (v: number) => box.top + ((hi - v) / (hi - lo)) * plotH;
  const groupW = columns.length ? (box.width - box.left) / columns.length : 0;
  const barW = rows.length ? (groupW * 0.8) / rows.length : 0;
  const bars: Bar[] = [];
  columns.forEach((c, gi) => {
    const x0 = box.left + gi * groupW + groupW * 0.1;
    rows.forEach((r, ri) => {
      const v = r.cells[c.key]?.value;
      if (v == null || !Number.isFinite(v)) return;
      const top = Math.min(y(v), y(0));
      bars.push({
        run: r.run,
        column: c.key,
        value: v,
        x: x0 + ri * barW,
        y: top,
        width: barW,
        height: Math.abs(y(v) - y(0)),
      });
    });
  });
  const ticks: { value: number; y: number }[] = [];
  for (let v = lo; v <= hi + 1e-9; v += 0.25) ticks.push({ value: Math.round(v * 100) / 100, y: y(v) });
  return {
    bars,
    groups: columns.map((c, gi) => ({ key: c.key, x: box.left + (gi + 0.5) * groupW })),
    zeroY: y(0),
    ticks,
    lo,
    hi,
  };
}

export type Shared = 'all' | 'most' | null;

/**
 * how widely each neighbour is shared among the columns that know the word: 'all' when every such column
 * lists it (two columns at least), 'most' when more than half do, else null
 */
export function sharedNeighbours(
  columns: readonly { known: boolean; neighbors: readonly { word: string }[] }[],
): Map<string, Shared> {
  const known = columns.filter((c) => c.known);
  const counts = new Map<string, number>();
  for (const c of known)
    for (const w of new Set(c.neighbors.map((n) => n.word))) counts.set(w, (counts.get(w) ?? 0) + 1);
  const out = new Map<string, Shared>();
  for (const [w, n] of counts) {
    if (known.length >= 2 && n === known.length) out.set(w, 'all');
    else if (known.length >= 2 && n > known.length / 2) out.set(w, 'most');
    else out.set(w, null);
  }
  return out;
}

/** stability's per-word rows, least stable first (lowest Jaccard, then lowest RBO, then the word) */
export function leastStable(perWord: StabilityReport['perWord']): StabilityReport['perWord'] {
  return [...perWord].sort((a, b) => a.jaccard - b.jaccard || a.rbo - b.rbo || (a.word < b.word ? -1 : 1));
}

export interface MapPoint {
  word: string;
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

/**
 * the aligned map's words on a width × height screen, two of its three axes (0, 1 or 2), one scale for
 * both axes (distances stay true), y up, `pad` pixels kept free at the edges
 */
export function placeMap(
  map: AlignReport['map'],
  axes: readonly [number, number],
  size: { width: number; height: number; pad: number },
): MapPoint[] {
  const n = Math.min(map.words.length, Math.floor(map.a.length / 3), Math.floor(map.b.length / 3));
  const [i, j] = axes;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of [map.a, map.b]) {
    for (let w = 0; w < n; w++) {
      minX = Math.min(minX, p[w * 3 + i]);
      maxX = Math.max(maxX, p[w * 3 + i]);
      minY = Math.min(minY, p[w * 3 + j]);
      maxY = Math.max(maxY, p[w * 3 + j]);
    }
  }
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  const scale = Math.min((size.width - 2 * size.pad) / spanX, (size.height - 2 * size.pad) / spanY);
  // centre the cloud on the screen
  const offX = (size.width - spanX * scale) / 2;
  const offY = (size.height - spanY * scale) / 2;
  const sx = (v: number) => offX + (v - minX) * scale;
  const sy = (v: number) => size.height - (offY + (v - minY) * scale);
  const out: MapPoint[] = [];
  for (let w = 0; w < n; w++) {
    out.push({
      word: map.words[w],
      ax: sx(map.a[w * 3 + i]),
      ay: sy(map.a[w * 3 + j]),
      bx: sx(map.b[w * 3 + i]),
      by: sy(map.b[w * 3 + j]),
    });
  }
  return out;
}

/** a file name for a download: letters, digits, dot, dash and underscore kept, the rest as "-" */
export function downloadName(parts: readonly string[], ext: string): string {
  const base = parts
    .join('-')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 120);
  return `${base || 'compare'}.${ext}`;
}
