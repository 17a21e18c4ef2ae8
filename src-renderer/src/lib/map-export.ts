// Exports of the point map: the words' coordinates as CSV, and the current
// view as SVG (a flat picture of what the canvas shows) or drawn over the
// canvas for PNG. The map projects its points into a MapPicture; building the
// files from it is plain code, tested without a browser.

/** the map as seen: every visible point in drawing order, in CSS pixels of a width × height view */
export interface MapPicture {
  width: number;
  height: number;
  background: string;
  /** the colour of label text without a kind of its own */
  text: string;
  /** parallel arrays of the visible points, drawn in this order (later on top) */
  points: PointRun;
  /** highlighted words (selection, neighbours, analogy, hover), drawn over the rest with a ring */
  highlights: PointRun;
  labels: { x: number; y: number; text: string; color: string; bold: boolean }[];
  arrows: { x1: number; y1: number; x2: number; y2: number }[];
  arrowColor: string;
}

export interface PointRun {
  count: number;
  x: Float32Array;
  y: Float32Array;
  /** radius in CSS pixels */
  r: Float32Array;
  /** 0xRRGGBB */
  rgb: Uint32Array;
}

export function emptyRun(capacity: number): PointRun {
  return {
    count: 0,
    x: new Float32Array(capacity),
    y: new Float32Array(capacity),
    r: new Float32Array(capacity),
    rgb: new Uint32Array(capacity),
  };
}

/** '#rrggbb' of 0xRRGGBB */
export function hex(rgb: number): string {
  return '#' + (rgb & 0xffffff).toString(16).padStart(6, '0');
}

/** 0xRRGGBB of three 0..1 channels, as the shader writes them to the screen */
export function packRgb(r: number, g: number, b: number): number {
  const c = (v: number) => Math.max(0, Math.min(255, Math.round(v * 255)));
  return (c(r) << 16) | (c(g) << 8) | c(b);
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[ch]};`);
}

/** one decimal, without a trailing ".0": a 100,000-point picture stays a few megabytes */
function num(v: number): string {
  const s = (Math.round(v * 10) / 10).toString();
  return s === '-0' ? '0' : s;
}

/** labels sit above their point (as the DOM labels do: 26 px up, centred) */
export const LABEL_RISE = 13;

/**
 * The picture as an SVG document. Points keep their drawing order; a run of
 * points of one colour shares a <g fill>, so a frequency-coloured map of
 * 100,000 words costs about 35 bytes a point.
 */
export function mapSvg(p: MapPicture): string {
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${p.width}" height="${p.height}" viewBox="0 0 ${p.width} ${p.height}">`,
    `<rect width="100%" height="100%" fill="${escapeXml(p.background)}"/>`,
  );
  if (p.arrows.length) {
    out.push(
      `<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">`,
      `<path d="M0,0 L10,5 L0,10 z" fill="${escapeXml(p.arrowColor)}"/></marker></defs>`,
    );
  }
  pointsSvg(out, p.points, null);
  pointsSvg(out, p.highlights, p.background);
  if (p.arrows.length) {
    out.push(
      `<g stroke="${escapeXml(p.arrowColor)}" stroke-width="2.5" stroke-linecap="round" marker-end="url(#arrow)">`,
    );
    for (const a of p.arrows)
      out.push(`<line x1="${num(a.x1)}" y1="${num(a.y1)}" x2="${num(a.x2)}" y2="${num(a.y2)}"/>`);
    out.push('</g>');
  }
  if (p.labels.length) {
    out.push(
      `<g font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12" text-anchor="middle" paint-order="stroke" stroke="${escapeXml(p.background)}" stroke-width="3" stroke-linejoin="round">`,
    );
    for (const l of p.labels) {
      const weight = l.bold ? ' font-weight="600"' : '';
      out.push(
        `<text x="${num(l.x)}" y="${num(l.y - LABEL_RISE)}" fill="${escapeXml(l.color)}"${weight}>${escapeXml(l.text)}</text>`,
      );
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}

function pointsSvg(out: string[], run: PointRun, ring: string | null): void {
  let open = -1;
  const ringAttrs = ring ? ` stroke="${escapeXml(ring)}"` : '';
  for (let i = 0; i < run.count; i++) {
    if (run.rgb[i] !== open) {
      if (open >= 0) out.push('</g>');
      open = run.rgb[i];
      out.push(`<g fill="${hex(open)}"${ringAttrs}>`);
    }
    const r = run.r[i];
    // the shader's ring: the outer 36% of the radius in the background colour
    out.push(
      ring
        ? `<circle cx="${num(run.x[i])}" cy="${num(run.y[i])}" r="${num(r * 0.82)}" stroke-width="${num(r * 0.36)}"/>`
        : `<circle cx="${num(run.x[i])}" cy="${num(run.y[i])}" r="${num(r)}"/>`,
    );
  }
  if (open >= 0) out.push('</g>');
}

/** draws the picture's arrows and labels over a context that already holds the canvas pixels */
export function drawOverlay(ctx: CanvasRenderingContext2D, p: MapPicture): void {
  ctx.save();
  ctx.lineCap = 'round';
  ctx.strokeStyle = p.arrowColor;
  ctx.fillStyle = p.arrowColor;
  ctx.lineWidth = 2.5;
  for (const a of p.arrows) {
    ctx.beginPath();
    ctx.moveTo(a.x1, a.y1);
    ctx.lineTo(a.x2, a.y2);
    ctx.stroke();
    const ang = Math.atan2(a.y2 - a.y1, a.x2 - a.x1);
    ctx.beginPath();
    ctx.moveTo(a.x2 + Math.cos(ang) * 3, a.y2 + Math.sin(ang) * 3);
    ctx.lineTo(a.x2 + Math.cos(ang + 2.6) * 9, a.y2 + Math.sin(ang + 2.6) * 9);
    ctx.lineTo(a.x2 + Math.cos(ang - 2.6) * 9, a.y2 + Math.sin(ang - 2.6) * 9);
    ctx.fill();
  }
  ctx.textAlign = 'center';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 3;
  ctx.strokeStyle = p.background;
  for (const l of p.labels) {
    ctx.font = `${l.bold ? '600 ' : ''}12px ui-monospace, Menlo, Consolas, monospace`;
    ctx.fillStyle = l.color;
    ctx.strokeText(l.text, l.x, l.y - LABEL_RISE);
    ctx.fillText(l.text, l.x, l.y - LABEL_RISE);
  }
  ctx.restore();
}

// ---------- CSV ----------

/** a CSV field: quoted when it holds a comma, a quote, a line break or edge spaces; quotes doubled (RFC 4180) */
export function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** a float32 coordinate in its shortest exact-enough form (7 significant digits) */
function coord(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(7))) : '';
}

/**
 * The map's words with their coordinates, one row per word in map order:
 * `word,x,y[,z],labelled,selected` (1 or 0), CRLF line ends as RFC 4180 has them.
 */
export function mapCsv(
  words: readonly string[],
  coords: Float32Array,
  dims: 2 | 3,
  labelled: Iterable<number>,
  selected: number,
): string {
  if (coords.length !== words.length * dims)
    throw new Error(`map CSV: ${coords.length} coordinates for ${words.length} words in ${dims} dims`);
  const isLabelled = new Uint8Array(words.length);
  for (const i of labelled) if (i >= 0 && i < words.length) isLabelled[i] = 1;
  const rows: string[] = [dims === 3 ? 'word,x,y,z,labelled,selected' : 'word,x,y,labelled,selected'];
  for (let i = 0; i < words.length; i++) {
    let row = csvField(words[i]);
    for (let d = 0; d < dims; d++) row += ',' + coord(coords[i * dims + d]);
    row += `,${isLabelled[i]},${i === selected ? 1 : 0}`;
    rows.push(row);
  }
  return rows.join('\r\n') + '\r\n';
}
