/// <reference lib="dom" />
// The page frames.bench.ts drives: the app's own PointMap on N seeded
// clustered 3D points, with a word selected, its 40 neighbours and a list of
// 60 words labelled (as the Explore view has them), and three sweeps: orbit,
// zoom and hover. Each sweep step is applied in one animation frame and the map
// renders on demand as in the app; or, measured apart, the frame is drawn at
// once and waited for (gl.finish through a one-pixel readPixels).
import { MAP_THEMES } from '../../../src-renderer/src/lib/map-style.ts';
import { PointMap, type CameraState } from '../../../src-renderer/src/lib/point-map.ts';
import { clustered } from '../../helpers/clustered.ts';

export type Interaction = 'orbit' | 'zoom' | 'hover';

export interface SweepResult {
  /** ms between animation frames while the sweep ran, one per frame the map drew */
  raf: number[];
  /** ms to draw one frame and wait for the GPU, per step */
  render: number[];
  /** frames the map handled during the rAF sweep (render on demand: one per step) */
  frames: number;
  /** of those, frames that redrew the points with WebGL (hovering redraws only the overlay) */
  renders: number;
  /** steps whose pointer was over a word (hover) */
  hits: number;
  /** words drawn in each frame that drew (level of detail while the camera moves) */
  drawn: number[];
  /** words drawn once the camera stood still after the sweep (every one, when nothing is hidden at rest) */
  settled: number;
}

const canvas = document.getElementById('map') as HTMLCanvasElement;
const layer = document.getElementById('labels') as HTMLElement;
let hovered = -1;
/** what the map told its host about the words it draws while moving (the view's "showing … of …" note) */
const levels: [number, number][] = [];
const map = new PointMap(canvas, layer, {
  onHover: (i) => (hovered = i),
  onPick: () => {},
  onLevel: (shown, total) => levels.push([shown, total]),
});
map.setTheme(MAP_THEMES.light);
map.resize(1280, 800);
let home: CameraState | null = null;

let currentN = 0;

function setup(n: number): { labels: number; renderer: string } {
  currentN = n;
  const { data } = clustered({ rows: n, dim: 3, clusters: 30, intrinsic: 2, seed: 1, separation: 3 });
  const words = Array.from({ length: n }, (_, i) => `w${i}`);
  map.setData(words, data, 3);
  const neighbors = Array.from({ length: 40 }, (_, i) => i + 1);
  const labelled = Array.from({ length: 200 }, (_, i) => 100 + i * 7);
  map.setFocus({ selected: 0, neighbors, isolate: false, marks: [], arrows: [[1, 2]], labelled });
  map.renderNow();
  home = map.camera();
  const gl = canvas.getContext('webgl2')!;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  return { labels: layer.querySelectorAll('.map-label:not([hidden])').length, renderer };
}

function rotateY(v: [number, number, number], about: [number, number, number], angle: number) {
  const x = v[0] - about[0];
  const z = v[2] - about[2];
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [about[0] + c * x + s * z, v[1], about[2] - s * x + c * z] as [number, number, number];
}

/** moves the view (or the pointer) to step i of `steps` */
function step(kind: Interaction, i: number, steps: number): void {
  const h = home!;
  if (kind === 'orbit') {
    map.setCamera({ ...h, position: rotateY(h.position, h.target, (i * Math.PI) / 90) });
  } else if (kind === 'zoom') {
    // in to 40% of the distance and back out
    const f = 1 - 0.6 * Math.sin((Math.PI * i) / steps);
    const p = h.position.map((v, d) => h.target[d] + (v - h.target[d]) * f) as [number, number, number];
    map.setCamera({ ...h, position: p });
  } else {
    const x = 640 + 560 * Math.sin(i * 0.13);
    const y = 400 + 360 * Math.sin(i * 0.21 + 0.5);
    canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true }));
  }
}

function rafSweep(kind: Interaction, steps: number): Promise<Omit<SweepResult, 'render' | 'settled'>> {
  return new Promise((resolve) => {
    const times: number[] = [];
    const counts: number[] = [];
    const drawnAt: number[] = [];
    const start = map.renders;
    const startFrames = map.frames;
    let hits = 0;
    let i = 0;
    const tick = (now: number) => {
      times.push(now);
      counts.push(map.frames);
      drawnAt.push(map.drawn);
      if (hovered >= 0) hits++;
      if (i < steps) {
        step(kind, i++, steps);
        requestAnimationFrame(tick);
        return;
      }
      // a frame's time: from the callback before it drew to the callback after
      const raf: number[] = [];
      const drawn: number[] = [];
      for (let k = 1; k < times.length; k++)
        if (counts[k] > counts[k - 1]) {
          raf.push(times[k] - times[k - 1]);
          drawn.push(drawnAt[k]);
        }
      resolve({ raf, frames: map.frames - startFrames, renders: map.renders - start, hits, drawn });
    };
    requestAnimationFrame(tick);
  });
}

function renderSweep(kind: Interaction, steps: number): number[] {
  const gl = canvas.getContext('webgl2')!;
  const pixel = new Uint8Array(4);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    step(kind, i, steps);
    const t0 = performance.now();
    // hovering: only what the map itself would redraw (the overlay); moving: the points too
    map.renderNow(kind !== 'hover');
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    out.push(performance.now() - t0);
  }
  return out;
}

async function sweep(kind: Interaction, steps: number, renderSteps: number): Promise<SweepResult> {
  map.setCamera(home!);
  canvas.dispatchEvent(new PointerEvent('pointerleave'));
  map.renderNow();
  // a few frames first: shader compile, buffer upload
  await rafSweep(kind, 5);
  const rafPart = await rafSweep(kind, steps);
  // the camera stops: after the settle delay the map draws every word again
  await new Promise((r) => setTimeout(r, 400));
  const settled = map.drawn;
  map.setCamera(home!);
  const render = renderSweep(kind, renderSteps);
  return { ...rafPart, render, settled };
}

/** the selection, its neighbours and listed words all among the rarest words: past any budgeted prefix */
function pinRare(): number {
  const n = currentN;
  const neighbors = Array.from({ length: 40 }, (_, i) => n - 2 - i);
  const labelled = Array.from({ length: 60 }, (_, i) => n - 100 - i * 50);
  map.setFocus({ selected: n - 1, neighbors, isolate: false, marks: [], arrows: [], labelled });
  map.renderNow();
  return 1 + neighbors.length + labelled.length;
}

export interface LevelFrame {
  drawn: number;
  pinned: number;
}

let recording: LevelFrame[] | null = null;

/** records, every animation frame until stopRecord(), the words the map drew */
function startRecord(): void {
  const frames: LevelFrame[] = [];
  recording = frames;
  const tick = () => {
    if (recording !== frames) return;
    frames.push({ drawn: map.drawn, pinned: map.drawnPinned });
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function stopRecord(): LevelFrame[] {
  const frames = recording ?? [];
  recording = null;
  return frames;
}

Object.assign(window, {
  bench: { setup, sweep, pinRare, startRecord, stopRecord, drawn: () => map.drawn, levels: () => levels.splice(0) },
});
document.body.dataset.ready = '1';
