// Number and time formatting for the UI: compact, stable widths, no locale surprises.

const SUFFIXES = ['', 'k', 'M', 'B', 'T'];

/** 950 → "950", 1234 → "1.2k", 12_345 → "12k", 1_250_000 → "1.3M" */
export function compact(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const sign = n < 0 ? '-' : '';
  let v = Math.abs(n);
  if (v < 1000) return sign + (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1).replace(/\.?0+$/, ''));
  let i = 0;
  while (v >= 999.5 && i < SUFFIXES.length - 1) {
    v /= 1000;
    i++;
  }
  // 9.96k rounds to "10.0k" with toFixed(1); use whole numbers from 10 up
  const text = v < 9.95 ? v.toFixed(1).replace(/\.0$/, '') : String(Math.round(v));
  return sign + text + SUFFIXES[i];
}

/** a rate with its unit: "1.2k words/s"; bytes become "3.4 MB/s" */
export function rate(perSecond: number | null | undefined, unit = 'words'): string {
  if (perSecond == null || !Number.isFinite(perSecond)) return '–';
  if (unit === 'bytes') return `${bytes(perSecond)}/s`;
  return `${compact(perSecond)} ${unit}/s`;
}

/** 1536 → "1.5 KB" (powers of 1024, as file browsers show them) */
export function bytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const text = i === 0 ? String(Math.round(v)) : v < 10 ? v.toFixed(1) : String(Math.round(v));
  return `${n < 0 ? '-' : ''}${text} ${units[i]}`;
}

/** seconds → "mm:ss", or "h:mm:ss" from an hour up; unknown → "–" */
export function clock(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${String(m).padStart(2, '0')}:${ss}`;
}

/** an ETA for display: "ETA 01:05", or "" while unknown */
export function eta(seconds: number | null | undefined): string {
  const c = clock(seconds);
  return c === '–' ? '' : `ETA ${c}`;
}

/** a duration in words: 42 → "42 s", 125 → "2 min 5 s", 3720 → "1 h 2 min" */
export function duration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** 0.98612 → "0.986" (cosine scores, fixed three decimals) */
export function score(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const text = x.toFixed(3);
  // a tiny negative rounds to zero: no sign on it
  return text === '-0.000' ? '0.000' : text;
}

/** 0.54321 → "54%"; small shares keep a decimal: 0.043 → "4.3%" */
export function percent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const p = fraction * 100;
  return `${p < 10 && p !== 0 ? p.toFixed(1) : Math.round(p)}%`;
}

/** a benchmark share with one decimal, as papers print them: 0.5432 → "54.3%" */
export function accuracy(fraction: number | null | undefined): string {
  if (fraction == null || !Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(1)}%`;
}

/** an integer with thin grouping: 1234567 → "1,234,567" */
export function integer(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** a parameter or metric value: keeps small numbers readable (1e-3 → "0.001", 1e-5 → "1e-5") */
export function param(x: unknown): string {
  if (typeof x === 'number') {
    if (x === 0 || Number.isInteger(x)) return String(x);
    const a = Math.abs(x);
    if (a < 1e-3) return Number(x.toPrecision(4)).toExponential();
    return String(Number(x.toPrecision(4)));
  }
  if (typeof x === 'boolean') return x ? 'yes' : 'no';
  if (x == null) return '–';
  return typeof x === 'string' ? x : JSON.stringify(x);
}

/** a loss value: 4 significant digits */
export function loss(x: number | null | undefined): string {
  if (x == null || !Number.isFinite(x)) return '–';
  return Number(x.toPrecision(4)).toString();
}

/** an ISO timestamp → "2025-11-25 15:40" (or just the day), in local time */
export function date(iso: string | null | undefined, withTime = true): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  return withTime ? `${day} ${p(d.getHours())}:${p(d.getMinutes())}` : day;
}

/** a vector for display: "[9, 8, 8]"; long vectors are cut: "[0.12, -0.4, …] (100 dims)" */
export function vector(v: ArrayLike<number>, max = 8): string {
  const n = v.length;
  const shown: string[] = [];
  for (let i = 0; i < Math.min(n, max); i++) shown.push(param(Number(v[i].toPrecision(3))));
  return n > max ? `[${shown.join(', ')}, …] (${n} dims)` : `[${shown.join(', ')}]`;
}
