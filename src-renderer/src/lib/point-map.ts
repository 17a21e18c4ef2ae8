// The Explore view's point map, in 3D or flat 2D: one THREE.Points for the
// words, a second one for highlighted words drawn on top, DOM labels, SVG arrows
// (an analogy's parallelogram sides), orbit controls, hover picking in screen
// space (at most once per animation frame, through a grid of the points' screen
// positions rebuilt only when the view or the points moved) and rendering on
// demand. A running UMAP moves the same points frame by frame (setPositions).
// The camera can be read and set (scenes), and the view exported as PNG or SVG.
// Scratch objects live at module scope: a frame allocates nothing.
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { drawOverlay, emptyRun, mapSvg, packRgb, type MapPicture } from './map-export.ts';
import { LABEL_ALL_MAX, LIST_LABELS_MAX, NEIGHBOR_LABELS_MAX, toXYZ, type MapTheme } from './map-style.ts';
import { ScreenGrid } from './pick-grid.ts';
import { FrameBudget } from './frame-budget.ts';

export interface MapEvents {
  /** the word under the pointer changed (-1: none) */
  onHover(index: number): void;
  /** a click (not a drag) on a word */
  onPick(index: number): void;
  /** while the camera moves, only `shown` of the `total` words are drawn (shown === total: all again) */
  onLevel?(shown: number, total: number): void;
}

export type MarkRole = 'a' | 'b' | 'c' | 'answer';

/** what stands out on the map beyond the words' own colours */
export interface MapFocus {
  selected: number;
  /** the selected word's neighbours in the original space, nearest first */
  neighbors: readonly number[];
  /** step every other word far back */
  isolate: boolean;
  /** words with a role of their own: an analogy's a, b, c and answer */
  marks: readonly { index: number; role: MarkRole }[];
  /** arrows from word to word (b → a, c → answer) */
  arrows: readonly (readonly [number, number])[];
  /** more words to label (the user's lists), nearest the start first */
  labelled: readonly number[];
}

/** how the words are coloured: a shade per word on the theme's ramp, or a list per word (-1: none) */
export type MapColors =
  { kind: 'ramp'; shade: Float32Array } | { kind: 'groups'; group: Int8Array; shade: Float32Array };

/** where the camera is: enough to put it back exactly (a scene) */
export interface CameraState {
  position: [number, number, number];
  target: [number, number, number];
  up: [number, number, number];
  zoom: number;
  dims: 2 | 3;
}

const NO_FOCUS: MapFocus = { selected: -1, neighbors: [], isolate: false, marks: [], arrows: [], labelled: [] };

const MAX_HIGHLIGHT = 1024;
const SVG_NS = 'http://www.w3.org/2000/svg';
let markerSeq = 0;
const FOV = 45;
const PICK_RADIUS_PX = 10;
const CLICK_SLOP_PX = 5;
const FLY_MS = 650;
/** the camera stood still this long: every word is drawn again */
const SETTLE_MS = 120;
/** the view moved the map by more than this (CSS px) since the last frame: the camera is moving */
const MOVED_PX = 0.5;
/** a gap between moving frames longer than this is a pause, not a frame time */
const MAX_FRAME_SAMPLE_MS = 500;

const VERTEX = /* glsl */ `
attribute vec3 aColor;
attribute float aSize;
uniform float uScale;
uniform float uPixelRatio;
uniform float uMinPx;
uniform float uMaxPx;
varying vec3 vColor;
void main() {
  vColor = aColor;
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  gl_Position = projectionMatrix * mv;
  gl_PointSize = clamp(aSize * uScale / max(-mv.z, 1e-6), uMinPx, uMaxPx) * uPixelRatio;
}`;

const FRAGMENT = /* glsl */ `
uniform float uRing;
uniform vec3 uRingColor;
varying vec3 vColor;
void main() {
  vec2 c = gl_PointCoord * 2.0 - 1.0;
  float r = length(c);
  if (r > 1.0) discard;
  float aa = max(fwidth(r), 1e-4);
  float alpha = 1.0 - smoothstep(1.0 - 1.5 * aa, 1.0, r);
  vec3 col = vColor;
  if (uRing > 0.5) col = mix(vColor, uRingColor, smoothstep(0.64 - aa, 0.64 + aa, r));
  gl_FragColor = vec4(col, alpha);
}`;

// ---------- scratch (module scope: no per-frame allocation) ----------
const _v = new THREE.Vector3();
const _offset = new THREE.Vector3();
const _viewProj = new THREE.Matrix4();
const _c = new THREE.Color();
const _c2 = new THREE.Color();
const _bg = new THREE.Color();
const _ramp = [new THREE.Color(), new THREE.Color(), new THREE.Color()];

/** beyond this many words the points shrink with the crowd */
const CROWDED = 2000;

/**
 * A point's size as a fraction of the map's radius: big for a few labelled
 * words; past CROWDED, smaller as the fourth root of the crowd, so 100,000
 * words read as a cloud instead of a blot (and fill far fewer pixels).
 */
function sizeFactor(n: number): number {
  if (n <= LABEL_ALL_MAX) return 0.05;
  if (n <= 500) return 0.03;
  return 0.019 * Math.min(1, (CROWDED / n) ** 0.25);
}

function easeInOut(t: number): number {
  return t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2;
}

interface Flight {
  t0: number;
  fromTarget: THREE.Vector3;
  toTarget: THREE.Vector3;
  fromCam: THREE.Vector3;
  toCam: THREE.Vector3;
}

export class PointMap {
  readonly #canvas: HTMLCanvasElement;
  readonly #labelLayer: HTMLElement;
  readonly #events: MapEvents;
  readonly #renderer: THREE.WebGLRenderer;
  readonly #scene = new THREE.Scene();
  readonly #camera = new THREE.PerspectiveCamera(FOV, 1, 0.01, 1000);
  readonly #controls: OrbitControls;
  readonly #material: THREE.ShaderMaterial;
  readonly #hlMaterial: THREE.ShaderMaterial;
  readonly #hlGeometry = new THREE.BufferGeometry();
  readonly #hlPositions = new Float32Array(MAX_HIGHLIGHT * 3);
  readonly #hlColors = new Float32Array(MAX_HIGHLIGHT * 3);
  readonly #hlSizes = new Float32Array(MAX_HIGHLIGHT);
  readonly #hlPoints: THREE.Points;
  readonly #axes: THREE.LineSegments;
  readonly #axesGeometry = new THREE.BufferGeometry();
  readonly #axesMaterial = new THREE.LineBasicMaterial({ transparent: true, opacity: 0.5 });
  readonly #flight: Flight = {
    t0: -1,
    fromTarget: new THREE.Vector3(),
    toTarget: new THREE.Vector3(),
    fromCam: new THREE.Vector3(),
    toCam: new THREE.Vector3(),
  };
  readonly #center = new THREE.Vector3();
  readonly #reducedMotion: boolean;

  readonly #svg: SVGSVGElement;
  readonly #markerId = `map-arrow-${++markerSeq}`;
  #arrowEls: SVGLineElement[] = [];
  #arrowEnds: readonly (readonly [number, number])[] = [];
  /** a glide of the points from one layout to the next: start time (0: next frame, -1: none) */
  #tweenT0 = -1;
  #tweenMs = 0;
  #tweenFrom = new Float32Array(0);
  #tweenTo = new Float32Array(0);

  #geometry: THREE.BufferGeometry | null = null;
  #points: THREE.Points | null = null;
  /**
   * The words drawn even while the camera moves (the selection, its
   * neighbours, an analogy's words, the user's listed words): the same
   * attributes as #geometry, with an index of those words in ascending order,
   * so the ones past the drawn prefix are one draw range.
   */
  #pinnedGeometry: THREE.BufferGeometry | null = null;
  #pinnedPoints: THREE.Points | null = null;
  #pinnedCount = 0;
  /** how many words a moving frame can afford (level of detail) */
  readonly #budget = new FrameBudget();
  /** the view-projection of the last WebGL frame: a change means the camera moves */
  readonly #lastView = new Float32Array(16);
  #lastDrawAt = -1;
  #lastDrawMoving = false;
  #movedAt = 0;
  #settleTimer: ReturnType<typeof setTimeout> | 0 = 0;
  /** the next WebGL frame draws every word whatever the camera did (new data, exports) */
  #forceFull = true;
  /** words drawn in the last WebGL frame, and of those, the pinned ones past the budgeted prefix */
  #drawn = 0;
  #drawnPinned = 0;
  #words: readonly string[] = [];
  /** words.length * 3 floats: a 2D layout gets z = 0 */
  #coords: Float32Array = new Float32Array(0);
  #n = 0;
  #flat = false;
  #radius = 1;
  #baseSize = 0.02;
  #theme: MapTheme | null = null;
  #colors: MapColors | null = null;
  /** the camera was moved by hand (or flown to a word) since the data came: frames no longer refit it */
  #userMoved = false;

  #hovered = -1;
  #focus: MapFocus = NO_FOCUS;

  #labels: HTMLElement[] = [];
  #labelFor: number[] = [];
  #labelKind: string[] = [];

  /** the points' screen positions for picking, valid for the view-projection in #gridView */
  readonly #grid = new ScreenGrid();
  readonly #gridView = new Float32Array(16);
  #gridStale = true;
  #glDirty = true;
  #renders = 0;
  #frames = 0;
  /** the hovered word's dot, drawn in the overlay so hovering never redraws the points */
  readonly #hoverEl: SVGCircleElement;

  #frame = 0;
  #width = 1;
  #height = 1;
  #pickPending = false;
  #pointerX = 0;
  #pointerY = 0;
  #pointerInside = false;
  #downX = 0;
  #downY = 0;
  #dragging = false;
  #disposed = false;

  constructor(canvas: HTMLCanvasElement, labelLayer: HTMLElement, events: MapEvents) {
    this.#canvas = canvas;
    this.#labelLayer = labelLayer;
    this.#events = events;
    this.#reducedMotion = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

    // preserveDrawingBuffer: the pixels stay readable (screenshots, tests) between frames
    this.#renderer = new THREE.WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true, alpha: false });
    this.#renderer.setPixelRatio(Math.min(globalThis.devicePixelRatio || 1, 2));

    const uniforms = () => ({
      uScale: { value: 1 },
      uPixelRatio: { value: this.#renderer.getPixelRatio() },
      uMinPx: { value: 2 },
      uMaxPx: { value: 16 },
      uRing: { value: 0 },
      uRingColor: { value: new THREE.Color() },
    });
    this.#material = new THREE.ShaderMaterial({
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
      uniforms: uniforms(),
      transparent: true,
      depthWrite: false,
    });
    this.#hlMaterial = new THREE.ShaderMaterial({
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
      uniforms: uniforms(),
      transparent: true,
      depthTest: false,
      depthWrite: false,
    });
    this.#hlMaterial.uniforms.uRing.value = 1;
    this.#hlMaterial.uniforms.uMinPx.value = 9;

    this.#hlGeometry.setAttribute('position', new THREE.BufferAttribute(this.#hlPositions, 3));
    this.#hlGeometry.setAttribute('aColor', new THREE.BufferAttribute(this.#hlColors, 3));
    this.#hlGeometry.setAttribute('aSize', new THREE.BufferAttribute(this.#hlSizes, 1));
    this.#hlGeometry.setDrawRange(0, 0);
    this.#hlPoints = new THREE.Points(this.#hlGeometry, this.#hlMaterial);
    this.#hlPoints.frustumCulled = false;
    this.#hlPoints.renderOrder = 2;

    this.#axesGeometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(18), 3));
    this.#axes = new THREE.LineSegments(this.#axesGeometry, this.#axesMaterial);
    this.#axes.frustumCulled = false;
    this.#scene.add(this.#axes, this.#hlPoints);

    this.#controls = new OrbitControls(this.#camera, canvas);
    this.#controls.enableDamping = !this.#reducedMotion;
    this.#controls.dampingFactor = 0.12;
    this.#controls.rotateSpeed = 0.7;
    this.#controls.zoomSpeed = 0.9;
    this.#controls.listenToKeyEvents(canvas);
    this.#controls.addEventListener('change', this.#requestRender);
    this.#controls.addEventListener('start', this.#onControlStart);
    this.#controls.addEventListener('end', this.#onControlEnd);

    canvas.addEventListener('pointermove', this.#onPointerMove);
    canvas.addEventListener('pointerleave', this.#onPointerLeave);
    canvas.addEventListener('pointerdown', this.#onPointerDown);
    canvas.addEventListener('pointerup', this.#onPointerUp);

    this.#svg = document.createElementNS(SVG_NS, 'svg');
    this.#svg.setAttribute('class', 'map-arrows');
    this.#svg.setAttribute('aria-hidden', 'true');
    const defs = document.createElementNS(SVG_NS, 'defs');
    const marker = document.createElementNS(SVG_NS, 'marker');
    marker.setAttribute('id', this.#markerId);
    marker.setAttribute('viewBox', '0 0 10 10');
    marker.setAttribute('refX', '8');
    marker.setAttribute('refY', '5');
    marker.setAttribute('markerWidth', '7');
    marker.setAttribute('markerHeight', '7');
    marker.setAttribute('orient', 'auto-start-reverse');
    const head = document.createElementNS(SVG_NS, 'path');
    head.setAttribute('d', 'M0,0 L10,5 L0,10 z');
    head.setAttribute('class', 'map-arrow-head');
    marker.appendChild(head);
    defs.appendChild(marker);
    this.#svg.appendChild(defs);
    this.#hoverEl = document.createElementNS(SVG_NS, 'circle');
    this.#hoverEl.setAttribute('class', 'map-hover');
    this.#hoverEl.style.visibility = 'hidden';
    this.#svg.appendChild(this.#hoverEl);
    labelLayer.prepend(this.#svg);
  }

  // ---------- data ----------

  /** new words: coords holds words.length * dims floats; the view is framed anew */
  setData(words: readonly string[], coords: Float32Array, dims: 2 | 3): void {
    this.#words = words;
    this.#n = words.length;
    this.#coords = toXYZ(coords, dims, this.#n, new Float32Array(this.#n * 3));
    this.#gridStale = true;
    this.#hovered = -1;
    this.#focus = NO_FOCUS;
    this.#colors = null;
    this.#userMoved = false;
    this.#tweenT0 = -1;
    this.#syncArrows();
    this.#setFlat(dims === 2);

    if (this.#points) this.#scene.remove(this.#points);
    if (this.#pinnedPoints) this.#scene.remove(this.#pinnedPoints);
    this.#geometry?.dispose();
    this.#pinnedGeometry?.dispose();
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(this.#coords, 3).setUsage(THREE.DynamicDrawUsage));
    g.setAttribute('aColor', new THREE.BufferAttribute(new Float32Array(this.#n * 3), 3));
    g.setAttribute('aSize', new THREE.BufferAttribute(new Float32Array(this.#n), 1));
    this.#geometry = g;
    this.#measure();
    this.#points = new THREE.Points(g, this.#material);
    this.#points.frustumCulled = false;
    this.#points.renderOrder = 1;
    this.#scene.add(this.#points);
    // shares the attributes (one upload), has its own index
    const pg = new THREE.BufferGeometry();
    for (const name of ['position', 'aColor', 'aSize']) pg.setAttribute(name, g.getAttribute(name));
    pg.setIndex(new THREE.BufferAttribute(new Uint32Array(Math.max(1, this.#n)), 1).setUsage(THREE.DynamicDrawUsage));
    this.#pinnedGeometry = pg;
    this.#pinnedPoints = new THREE.Points(pg, this.#material);
    this.#pinnedPoints.frustumCulled = false;
    this.#pinnedPoints.renderOrder = 1;
    this.#pinnedPoints.visible = false;
    this.#scene.add(this.#pinnedPoints);
    this.#forceFull = true;

    const small = this.#n <= LABEL_ALL_MAX;
    this.#baseSize = this.#radius * sizeFactor(this.#n);
    // zooming in grows points, up to a limit: a crowded map stays readable (and a software renderer fast)
    this.#material.uniforms.uMaxPx.value = small ? 28 : this.#n <= CROWDED ? 14 : 8;
    this.#hlMaterial.uniforms.uMaxPx.value = small ? 40 : 24;
    this.#writeAxes();
    this.#writeStyle();
    this.#writeHighlight();
    this.#writePinned();
    this.#syncLabels();
    this.resetView(true);
  }

  /**
   * The same words at new places (a frame of a settling layout, or another
   * layout of them): the points move there, gliding over `tweenMs` when given,
   * nothing else changes. Until the user moves the camera, the view keeps
   * framing all the points; `refit` frames them anew in any case.
   */
  setPositions(coords: Float32Array, dims: 2 | 3, refit = false, tweenMs = 0): void {
    if (coords.length !== this.#n * dims || !this.#geometry) return;
    if (refit) this.#userMoved = false;
    const n3 = this.#n * 3;
    this.#gridStale = true;
    if (tweenMs > 0 && !this.#reducedMotion) {
      if (this.#tweenFrom.length !== n3) {
        this.#tweenFrom = new Float32Array(n3);
        this.#tweenTo = new Float32Array(n3);
      }
      // from wherever the points are now, mid-glide included
      this.#tweenFrom.set(this.#coords);
      toXYZ(coords, dims, this.#n, this.#tweenTo);
      this.#tweenMs = tweenMs;
      this.#tweenT0 = 0;
    } else {
      this.#tweenT0 = -1;
      toXYZ(coords, dims, this.#n, this.#coords);
      (this.#geometry.getAttribute('position') as THREE.BufferAttribute).needsUpdate = true;
    }
    const wasFlat = this.#flat;
    this.#setFlat(dims === 2);
    // the view frames where the points are going
    this.#measure(this.#tweenT0 === 0 ? this.#tweenTo : this.#coords);
    this.#baseSize = this.#radius * sizeFactor(this.#n);
    this.#writeAxes();
    this.#writeStyle();
    this.#writeHighlight();
    if (!this.#userMoved || wasFlat !== this.#flat) this.resetView(true);
    this.#requestRender();
  }

  /** how the words are coloured; null: by rank (frequent first) */
  setColors(colors: MapColors | null): void {
    this.#colors = colors;
    this.#writeStyle();
    this.#writePinned();
    this.#requestRender();
  }

  setFocus(focus: MapFocus): void {
    this.#focus = focus;
    this.#syncArrows();
    this.#writeStyle();
    this.#writeHighlight();
    this.#writePinned();
    this.#syncLabels();
    this.#requestRender();
  }

  setTheme(theme: MapTheme): void {
    this.#theme = theme;
    _bg.set(theme.background);
    this.#renderer.setClearColor(_bg, 1);
    this.#axesMaterial.color.set(theme.axis);
    (this.#material.uniforms.uRingColor.value as THREE.Color).copy(_bg);
    (this.#hlMaterial.uniforms.uRingColor.value as THREE.Color).copy(_bg);
    for (let i = 0; i < 3; i++) _ramp[i].set(theme.ramp[i]);
    this.#writeStyle();
    this.#writeHighlight();
    this.#requestRender();
  }

  resize(width: number, height: number): void {
    this.#width = Math.max(1, Math.floor(width));
    this.#height = Math.max(1, Math.floor(height));
    this.#renderer.setSize(this.#width, this.#height, false);
    this.#gridStale = true;
    this.#camera.aspect = this.#width / this.#height;
    this.#camera.updateProjectionMatrix();
    const scale = this.#height / (2 * Math.tan(THREE.MathUtils.degToRad(FOV) / 2));
    this.#material.uniforms.uScale.value = scale;
    this.#hlMaterial.uniforms.uScale.value = scale;
    this.#requestRender();
  }

  /** frames every point; `instant` skips the flight */
  resetView(instant = false): void {
    const dist = (this.#radius / Math.sin(THREE.MathUtils.degToRad(FOV) / 2)) * 1.08;
    if (this.#flat) _offset.set(0, 0, 1).multiplyScalar(dist * 0.92);
    else _offset.set(0.32, 0.22, 1).normalize().multiplyScalar(dist);
    this.#camera.near = this.#radius / 200;
    this.#camera.far = this.#radius * 200;
    this.#camera.updateProjectionMatrix();
    this.#controls.minDistance = this.#radius * 0.02;
    this.#controls.maxDistance = this.#radius * 20;
    this.#flyTo(this.#center, _v.copy(this.#center).add(_offset), instant);
  }

  /** flies the camera to a word: closer in on a crowded map; a small map stays whole in view */
  focus(index: number): void {
    if (index < 0 || index >= this.#n) return;
    this.#userMoved = true;
    const c = this.#coords;
    const target = _v.set(c[index * 3], c[index * 3 + 1], c[index * 3 + 2]);
    _offset.copy(this.#camera.position).sub(this.#controls.target);
    let dist = Math.min(_offset.length(), this.#radius * 0.9);
    if (this.#n <= LABEL_ALL_MAX) {
      // a few labelled words: turn toward the word, keep them all on screen
      target.lerp(this.#center, 0.6);
      dist = ((this.#radius + target.distanceTo(this.#center)) / Math.sin(THREE.MathUtils.degToRad(FOV) / 2)) * 1.02;
    }
    _offset.setLength(dist);
    this.#flyTo(target, this.#flight.toCam.copy(target).add(_offset), false);
  }

  /** where the camera is now */
  camera(): CameraState {
    const p = this.#camera.position;
    const t = this.#controls.target;
    const u = this.#camera.up;
    return {
      position: [p.x, p.y, p.z],
      target: [t.x, t.y, t.z],
      up: [u.x, u.y, u.z],
      zoom: this.#camera.zoom,
      dims: this.#flat ? 2 : 3,
    };
  }

  /**
   * Puts the camera where a scene had it, at once. The data's framing (near,
   * far, zoom limits) stays; `up` is not applied, as the orbit controls keep
   * the up they were made with (the map never changes it).
   */
  setCamera(state: CameraState): void {
    const all = [...state.position, ...state.target, state.zoom];
    if (!all.every(Number.isFinite) || state.zoom <= 0) return;
    this.#flight.t0 = -1;
    this.#userMoved = true;
    // without damping, one update spends whatever glide a drag left, so nothing drifts afterwards
    const damping = this.#controls.enableDamping;
    this.#controls.enableDamping = false;
    this.#controls.update();
    this.#controls.target.fromArray(state.target);
    this.#camera.position.fromArray(state.position);
    this.#camera.zoom = state.zoom;
    this.#camera.updateProjectionMatrix();
    this.#controls.update();
    this.#controls.enableDamping = damping;
    this.#gridStale = true;
    this.#requestRender();
  }

  /** draws a frame now instead of on the next animation frame (exports, benchmarks); `full`: the points too */
  renderNow(full = true): void {
    if (this.#disposed) return;
    if (full) {
      this.#glDirty = true;
      this.#forceFull = true;
    }
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#render(performance.now());
  }

  /** times the points were drawn (WebGL): rendering is on demand, so this counts only real work */
  get renders(): number {
    return this.#renders;
  }

  /** words drawn in the last WebGL frame: all of them at rest, a budgeted share (and the pinned words) while moving */
  get drawn(): number {
    return this.#drawn;
  }

  /** of the words drawn in the last WebGL frame, the pinned ones past the most frequent (0 when all are drawn) */
  get drawnPinned(): number {
    return this.#drawnPinned;
  }

  /** frames handled, WebGL or overlay only */
  get frames(): number {
    return this.#frames;
  }

  /** the words that carry a label now (indices into the data) */
  labelled(): number[] {
    return [...this.#labelFor];
  }

  /** the current view as an SVG document: visible points, highlights, arrows and labels */
  toSVG(): string {
    return mapSvg(this.#picture());
  }

  /** the current view as a PNG, labels and arrows drawn over the canvas pixels */
  toPNG(): Promise<Blob> {
    this.renderNow();
    const picture = this.#picture();
    const out = document.createElement('canvas');
    out.width = this.#canvas.width;
    out.height = this.#canvas.height;
    const ctx = out.getContext('2d');
    if (!ctx) return Promise.reject(new Error('PNG export: no 2D canvas here'));
    ctx.drawImage(this.#canvas, 0, 0);
    ctx.scale(out.width / this.#width, out.height / this.#height);
    drawOverlay(ctx, picture);
    return new Promise((resolve, reject) =>
      out.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('PNG export: the canvas gave no image'))),
        'image/png',
      ),
    );
  }

  /** what the canvas and the label layer show, projected to CSS pixels, for the exports */
  #picture(): MapPicture {
    const theme = this.#theme;
    this.#camera.updateMatrixWorld();
    _viewProj.multiplyMatrices(this.#camera.projectionMatrix, this.#camera.matrixWorldInverse);
    const g = this.#geometry;
    const points = emptyRun(this.#n);
    if (g) {
      const color = (g.getAttribute('aColor') as THREE.BufferAttribute).array as Float32Array;
      const size = (g.getAttribute('aSize') as THREE.BufferAttribute).array as Float32Array;
      this.#project(this.#coords, color, size, this.#n, this.#material, points);
    }
    const highlights = emptyRun(MAX_HIGHLIGHT);
    this.#project(
      this.#hlPositions,
      this.#hlColors,
      this.#hlSizes,
      this.#hlGeometry.drawRange.count === Infinity ? 0 : this.#hlGeometry.drawRange.count,
      this.#hlMaterial,
      highlights,
    );
    const labelColor: Record<string, string> = theme
      ? {
          sel: theme.selected,
          nb: theme.neighbor,
          mark: theme.mark,
          answer: theme.answer,
          hov: theme.hover,
        }
      : {};
    const labels: MapPicture['labels'] = [];
    const onTop: MapPicture['labels'] = [];
    for (let j = 0; j < this.#labelFor.length; j++) {
      if (!this.#toScreen(this.#labelFor[j])) continue;
      const kind = this.#labelKind[j] ?? '';
      (kind === 'sel' || kind === 'hov' ? onTop : labels).push({
        x: _v.x,
        y: _v.y,
        text: this.#words[this.#labelFor[j]],
        color: labelColor[kind] ?? theme?.hover ?? '#000000',
        bold: kind === 'sel' || kind === 'mark' || kind === 'answer',
      });
    }
    // the selected and hovered words' labels last: on top, as on screen
    labels.push(...onTop);
    const arrows: MapPicture['arrows'] = [];
    for (const [p, q] of this.#arrowEnds) {
      if (!this.#toScreen(p)) continue;
      const x1 = _v.x;
      const y1 = _v.y;
      if (!this.#toScreen(q)) continue;
      const len = Math.hypot(_v.x - x1, _v.y - y1);
      if (len < 14) continue;
      const ux = (_v.x - x1) / len;
      const uy = (_v.y - y1) / len;
      arrows.push({ x1: x1 + ux * 6, y1: y1 + uy * 6, x2: _v.x - ux * 9, y2: _v.y - uy * 9 });
    }
    return {
      width: this.#width,
      height: this.#height,
      background: theme?.background ?? '#ffffff',
      text: theme?.hover ?? '#000000',
      points,
      highlights,
      labels,
      arrows,
      arrowColor: theme?.offset ?? '#000000',
    };
  }

  /** projects points as the vertex shader does (same size rule), keeping those in view, into `out` */
  #project(
    xyz: Float32Array,
    color: Float32Array,
    size: Float32Array,
    n: number,
    material: THREE.ShaderMaterial,
    out: ReturnType<typeof emptyRun>,
  ): void {
    const e = _viewProj.elements;
    const scale = material.uniforms.uScale.value as number;
    const minPx = material.uniforms.uMinPx.value as number;
    const maxPx = material.uniforms.uMaxPx.value as number;
    const w2 = this.#width / 2;
    const h2 = this.#height / 2;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const px = xyz[i * 3];
      const py = xyz[i * 3 + 1];
      const pz = xyz[i * 3 + 2];
      const w = e[3] * px + e[7] * py + e[11] * pz + e[15];
      if (!(w > 0)) continue;
      const z = (e[2] * px + e[6] * py + e[10] * pz + e[14]) / w;
      if (z < -1 || z > 1) continue;
      const sx = ((e[0] * px + e[4] * py + e[8] * pz + e[12]) / w + 1) * w2;
      const sy = (1 - (e[1] * px + e[5] * py + e[9] * pz + e[13]) / w) * h2;
      const r = Math.min(maxPx, Math.max(minPx, (size[i] * scale) / Math.max(w, 1e-6))) / 2;
      if (sx + r < 0 || sx - r > this.#width || sy + r < 0 || sy - r > this.#height) continue;
      out.x[k] = sx;
      out.y[k] = sy;
      out.r[k] = r;
      out.rgb[k] = packRgb(color[i * 3], color[i * 3 + 1], color[i * 3 + 2]);
      k++;
    }
    out.count = k;
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    if (this.#settleTimer) clearTimeout(this.#settleTimer);
    this.#settleTimer = 0;
    this.#frame = 0;
    const canvas = this.#canvas;
    canvas.removeEventListener('pointermove', this.#onPointerMove);
    canvas.removeEventListener('pointerleave', this.#onPointerLeave);
    canvas.removeEventListener('pointerdown', this.#onPointerDown);
    canvas.removeEventListener('pointerup', this.#onPointerUp);
    this.#controls.removeEventListener('change', this.#requestRender);
    this.#controls.removeEventListener('start', this.#onControlStart);
    this.#controls.removeEventListener('end', this.#onControlEnd);
    this.#controls.dispose();
    this.#geometry?.dispose();
    this.#pinnedGeometry?.dispose();
    this.#hlGeometry.dispose();
    this.#axesGeometry.dispose();
    this.#material.dispose();
    this.#hlMaterial.dispose();
    this.#axesMaterial.dispose();
    this.#renderer.dispose();
    for (const el of this.#labels) el.remove();
    this.#labels = [];
    this.#labelFor = [];
    this.#svg.remove();
    this.#arrowEls = [];
  }

  /** the centre the view turns around (the middle of the points' box) and the points' reach from it */
  #measure(xyz: Float32Array = this.#coords): void {
    let lo0 = Infinity;
    let lo1 = Infinity;
    let lo2 = Infinity;
    let hi0 = -Infinity;
    let hi1 = -Infinity;
    let hi2 = -Infinity;
    for (let i = 0; i < this.#n * 3; i += 3) {
      const x = xyz[i];
      const y = xyz[i + 1];
      const z = xyz[i + 2];
      if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) continue;
      if (x < lo0) lo0 = x;
      if (x > hi0) hi0 = x;
      if (y < lo1) lo1 = y;
      if (y > hi1) hi1 = y;
      if (z < lo2) lo2 = z;
      if (z > hi2) hi2 = z;
    }
    if (!(lo0 <= hi0)) {
      this.#center.set(0, 0, 0);
      this.#radius = 1;
      return;
    }
    this.#center.set((lo0 + hi0) / 2, (lo1 + hi1) / 2, (lo2 + hi2) / 2);
    let r2 = 0;
    for (let i = 0; i < this.#n * 3; i += 3) {
      const d =
        (xyz[i] - this.#center.x) ** 2 + (xyz[i + 1] - this.#center.y) ** 2 + (xyz[i + 2] - this.#center.z) ** 2;
      if (d > r2) r2 = d;
    }
    this.#radius = r2 > 0 ? Math.sqrt(r2) : 1;
  }

  /** 2D: no rotation, dragging pans; 3D: dragging rotates */
  #setFlat(flat: boolean): void {
    this.#flat = flat;
    this.#controls.enableRotate = !flat;
    this.#controls.mouseButtons.LEFT = flat ? THREE.MOUSE.PAN : THREE.MOUSE.ROTATE;
    this.#controls.touches.ONE = flat ? THREE.TOUCH.PAN : THREE.TOUCH.ROTATE;
    this.#controls.screenSpacePanning = true;
  }

  // ---------- rendering ----------

  /** something WebGL draws changed: the next frame redraws the points */
  #requestRender = (): void => {
    this.#glDirty = true;
    this.#requestFrame();
  };

  /** a frame for the overlay only (labels, the hover ring, picking): the points stay as drawn */
  #requestFrame = (): void => {
    if (this.#frame || this.#disposed) return;
    this.#frame = requestAnimationFrame(this.#render);
  };

  #render = (now: number): void => {
    this.#frame = 0;
    let moving = false;
    const f = this.#flight;
    if (f.t0 >= 0) {
      if (f.t0 === 0) f.t0 = now;
      const t = Math.min(1, (now - f.t0) / FLY_MS);
      const e = easeInOut(t);
      this.#controls.target.lerpVectors(f.fromTarget, f.toTarget, e);
      this.#camera.position.lerpVectors(f.fromCam, f.toCam, e);
      if (t >= 1) f.t0 = -1;
      else moving = true;
    }
    if (this.#tweenT0 >= 0) {
      if (this.#tweenT0 === 0) this.#tweenT0 = now;
      const t = Math.min(1, (now - this.#tweenT0) / this.#tweenMs);
      const e = t * (2 - t);
      const from = this.#tweenFrom;
      const to = this.#tweenTo;
      const xyz = this.#coords;
      for (let i = 0; i < xyz.length; i++) xyz[i] = from[i] + (to[i] - from[i]) * e;
      this.#gridStale = true;
      const pos = this.#geometry?.getAttribute('position') as THREE.BufferAttribute | undefined;
      if (pos) pos.needsUpdate = true;
      this.#writeHighlight();
      if (t >= 1) this.#tweenT0 = -1;
      else moving = true;
    }
    // update() fires "change" while damping continues, which asks for the next frame
    this.#controls.update();
    this.#camera.updateMatrixWorld();
    if (this.#pickPending) {
      this.#pickPending = false;
      this.#hover(this.#pointerInside && !this.#dragging ? this.#pick(this.#pointerX, this.#pointerY) : -1);
    }
    // hovering moves only the DOM overlay: 100,000 points are not redrawn for it
    if (this.#glDirty) {
      this.#glDirty = false;
      this.#draw(now);
      this.#renders++;
    }
    this.#frames++;
    this.#placeLabels();
    if (moving) this.#requestRender();
  };

  /**
   * One WebGL frame. While the camera moves (its view changed since the last
   * frame), only the most frequent words the frame budget affords are drawn,
   * plus the pinned ones; SETTLE_MS after it stops, all of them again.
   */
  #draw(now: number): void {
    _viewProj.multiplyMatrices(this.#camera.projectionMatrix, this.#camera.matrixWorldInverse);
    const e = _viewProj.elements;
    // a damping tail creeps on for seconds below a pixel a frame: that is standing still
    let moved = viewShift(this.#lastView, e, this.#center, this.#radius, this.#width, this.#height) > MOVED_PX;
    this.#lastView.set(e);
    if (this.#forceFull) moved = false;
    this.#forceFull = false;
    const n = this.#n;
    const gap = now - this.#lastDrawAt;
    if (moved && this.#lastDrawMoving && gap > 0 && gap < MAX_FRAME_SAMPLE_MS) this.#budget.sample(gap, n);
    const count = moved ? this.#budget.count(n) : n;
    const partial = count < n && this.#geometry !== null;
    let drawn = n;
    let pinned = 0;
    if (this.#geometry && this.#pinnedGeometry && this.#pinnedPoints) {
      this.#geometry.setDrawRange(0, partial ? count : Infinity);
      if (partial) {
        // the pinned words past the drawn prefix (the index is ascending)
        const index = this.#pinnedGeometry.index!.array as Uint32Array;
        const from = lowerBound(index, this.#pinnedCount, count);
        this.#pinnedGeometry.setDrawRange(from, this.#pinnedCount - from);
        pinned = this.#pinnedCount - from;
        drawn = count + pinned;
      }
      this.#pinnedPoints.visible = partial && drawn > count;
    }
    this.#renderer.render(this.#scene, this.#camera);
    if (drawn !== this.#drawn) this.#events.onLevel?.(drawn, n);
    this.#drawn = drawn;
    this.#drawnPinned = pinned;
    this.#lastDrawAt = now;
    this.#lastDrawMoving = moved;
    if (moved) {
      this.#movedAt = now;
      if (!this.#settleTimer) this.#settleTimer = setTimeout(this.#settle, SETTLE_MS);
    }
  }

  /** the camera may have stopped: once it stood still SETTLE_MS, draw every word */
  #settle = (): void => {
    this.#settleTimer = 0;
    if (this.#disposed) return;
    const wait = this.#movedAt + SETTLE_MS - performance.now();
    if (wait > 1) {
      this.#settleTimer = setTimeout(this.#settle, wait);
      return;
    }
    this.#budget.rest();
    if (this.#drawn < this.#n) this.#requestRender();
  };

  #flyTo(target: THREE.Vector3, cam: THREE.Vector3, instant: boolean): void {
    const f = this.#flight;
    f.toTarget.copy(target);
    f.toCam.copy(cam);
    if (instant || this.#reducedMotion) {
      f.t0 = -1;
      this.#controls.target.copy(f.toTarget);
      this.#camera.position.copy(f.toCam);
    } else {
      f.fromTarget.copy(this.#controls.target);
      f.fromCam.copy(this.#camera.position);
      f.t0 = 0;
    }
    this.#requestRender();
  }

  // ---------- styling ----------

  #rank(i: number): number {
    // projections list the most frequent words first
    return this.#n <= 1 ? 0 : Math.log1p(i) / Math.log1p(this.#n - 1);
  }

  #rampColor(t: number, out: THREE.Color): THREE.Color {
    return t < 0.5 ? out.lerpColors(_ramp[0], _ramp[1], t * 2) : out.lerpColors(_ramp[1], _ramp[2], (t - 0.5) * 2);
  }

  #writeStyle(): void {
    const g = this.#geometry;
    const theme = this.#theme;
    if (!g || !theme) return;
    const colors = g.getAttribute('aColor') as THREE.BufferAttribute;
    const sizes = g.getAttribute('aSize') as THREE.BufferAttribute;
    const col = colors.array as Float32Array;
    const size = sizes.array as Float32Array;
    const f = this.#focus;
    const isolating = f.isolate && f.selected >= 0;
    // with a word selected in a crowded map, the rest steps back; isolating, far back
    const fade = isolating ? 0.9 : f.selected >= 0 && this.#n > LABEL_ALL_MAX ? 0.55 : 0;
    const keep = isolating ? new Uint8Array(this.#n) : null;
    if (keep) {
      for (const i of f.neighbors) if (i >= 0 && i < this.#n) keep[i] = 1;
      for (const m of f.marks) if (m.index >= 0 && m.index < this.#n) keep[m.index] = 1;
      keep[f.selected] = 1;
    }
    const spec = this.#colors;
    const shade = spec && spec.shade.length === this.#n ? spec.shade : null;
    const group = spec?.kind === 'groups' && spec.group.length === this.#n ? spec.group : null;
    for (let i = 0; i < this.#n; i++) {
      const t = shade ? shade[i] : this.#rank(i);
      if (group) {
        const gi = group[i];
        if (gi >= 0) _c.set(theme.groups[gi % theme.groups.length]);
        else _c.set(theme.other);
      } else {
        this.#rampColor(t, _c);
      }
      const out = keep ? !keep[i] : false;
      if (out) _c.lerp(_bg, fade);
      else if (fade && !keep) _c.lerp(_bg, fade);
      col[i * 3] = _c.r;
      col[i * 3 + 1] = _c.g;
      col[i * 3 + 2] = _c.b;
      const listed = group ? group[i] >= 0 : true;
      size[i] = this.#baseSize * (1.25 - 0.5 * t) * (out ? 0.6 : listed ? 1 : 0.75);
    }
    colors.needsUpdate = true;
    sizes.needsUpdate = true;
  }

  #writeHighlight(): void {
    const theme = this.#theme;
    const f = this.#focus;
    let k = 0;
    const put = (i: number, color: string, scale: number) => {
      if (i < 0 || i >= this.#n || k >= MAX_HIGHLIGHT) return;
      this.#hlPositions[k * 3] = this.#coords[i * 3];
      this.#hlPositions[k * 3 + 1] = this.#coords[i * 3 + 1];
      this.#hlPositions[k * 3 + 2] = this.#coords[i * 3 + 2];
      _c2.set(color);
      this.#hlColors[k * 3] = _c2.r;
      this.#hlColors[k * 3 + 1] = _c2.g;
      this.#hlColors[k * 3 + 2] = _c2.b;
      this.#hlSizes[k] = this.#baseSize * scale;
      k++;
    };
    if (theme) {
      // drawn in order: later ones on top
      for (let j = f.neighbors.length - 1; j >= 0; j--) {
        const i = f.neighbors[j];
        if (i !== f.selected) put(i, theme.neighbor, 1.5);
      }
      for (const m of f.marks) put(m.index, m.role === 'answer' ? theme.answer : theme.mark, 1.9);
      put(f.selected, theme.selected, 2);
    }
    this.#hlGeometry.setDrawRange(0, k);
    for (const name of ['position', 'aColor', 'aSize'])
      (this.#hlGeometry.getAttribute(name) as THREE.BufferAttribute).needsUpdate = true;
  }

  /** the words drawn even while moving, ascending, into the pinned layer's index */
  #writePinned(): void {
    const pg = this.#pinnedGeometry;
    if (!pg) return;
    const n = this.#n;
    const f = this.#focus;
    const pin = new Uint8Array(n);
    const add = (i: number) => {
      if (i >= 0 && i < n) pin[i] = 1;
    };
    add(f.selected);
    for (const i of f.neighbors) add(i);
    for (const m of f.marks) add(m.index);
    for (const [p, q] of f.arrows) {
      add(p);
      add(q);
    }
    for (const i of f.labelled) add(i);
    // words in the user's lists: "the map shows every word the user asked for"
    const spec = this.#colors;
    if (spec?.kind === 'groups' && spec.group.length === n)
      for (let i = 0; i < n; i++) if (spec.group[i] >= 0) pin[i] = 1;
    const index = pg.index!;
    const out = index.array as Uint32Array;
    let k = 0;
    for (let i = 0; i < n; i++) if (pin[i]) out[k++] = i;
    this.#pinnedCount = k;
    index.clearUpdateRanges();
    index.addUpdateRange(0, Math.max(1, k));
    index.needsUpdate = true;
  }

  #writeAxes(): void {
    const a = (this.#axesGeometry.getAttribute('position') as THREE.BufferAttribute).array as Float32Array;
    const r = this.#radius * 1.05;
    const rz = this.#flat ? 0 : r;
    const { x, y, z } = this.#center;
    a.set([x - r, y, z, x + r, y, z, x, y - r, z, x, y + r, z, x, y, z - rz, x, y, z + rz]);
    (this.#axesGeometry.getAttribute('position') as THREE.BufferAttribute).needsUpdate = true;
  }

  // ---------- labels ----------

  /**
   * Which words carry a label: all of a small set; else only the hovered and
   * selected words, the nearest neighbours, an analogy's words and (a few of)
   * the listed words. Never thousands.
   */
  #syncLabels(): void {
    const want: number[] = [];
    const kind: string[] = [];
    const f = this.#focus;
    const add = (i: number, k: string) => {
      if (i < 0 || i >= this.#n) return;
      const at = want.indexOf(i);
      if (at >= 0) {
        if (k) kind[at] = k;
        return;
      }
      want.push(i);
      kind.push(k);
    };
    if (this.#n <= LABEL_ALL_MAX) for (let i = 0; i < this.#n; i++) add(i, '');
    for (let j = 0; j < Math.min(f.labelled.length, LIST_LABELS_MAX); j++) add(f.labelled[j], 'list');
    for (let j = 0; j < Math.min(f.neighbors.length, NEIGHBOR_LABELS_MAX); j++) add(f.neighbors[j], 'nb');
    for (const m of f.marks) add(m.index, m.role === 'answer' ? 'answer' : 'mark');
    add(this.#hovered, 'hov');
    add(f.selected, 'sel');

    while (this.#labels.length < want.length) {
      const el = document.createElement('span');
      el.className = 'map-label';
      el.setAttribute('aria-hidden', 'true');
      this.#labelLayer.appendChild(el);
      this.#labels.push(el);
    }
    for (let j = 0; j < this.#labels.length; j++) {
      const el = this.#labels[j];
      if (j < want.length) {
        el.textContent = this.#words[want[j]];
        el.dataset.kind = kind[j];
        el.hidden = false;
      } else {
        el.hidden = true;
      }
    }
    this.#labelFor = want;
    this.#labelKind = kind;
    this.#requestFrame();
  }

  /** one SVG line per arrow whose ends are both on the map */
  #syncArrows(): void {
    const arrows = this.#focus.arrows.filter(([p, q]) => p >= 0 && q >= 0 && p < this.#n && q < this.#n && p !== q);
    while (this.#arrowEls.length < arrows.length) {
      const line = document.createElementNS(SVG_NS, 'line');
      line.setAttribute('class', 'map-arrow');
      line.setAttribute('marker-end', `url(#${this.#markerId})`);
      this.#svg.appendChild(line);
      this.#arrowEls.push(line);
    }
    while (this.#arrowEls.length > arrows.length) this.#arrowEls.pop()!.remove();
    this.#arrowEnds = arrows;
  }

  /** screen position of word i into _v (x, y in CSS pixels); false when behind the camera */
  #toScreen(i: number): boolean {
    const c = this.#coords;
    _v.set(c[i * 3], c[i * 3 + 1], c[i * 3 + 2]).project(this.#camera);
    if (_v.z > 1 || _v.z < -1) return false;
    _v.x = ((_v.x + 1) / 2) * this.#width;
    _v.y = ((1 - _v.y) / 2) * this.#height;
    return true;
  }

  #placeArrows(): void {
    for (let j = 0; j < this.#arrowEnds.length; j++) {
      const [p, q] = this.#arrowEnds[j];
      const el = this.#arrowEls[j];
      const ok = this.#toScreen(p);
      const x1 = _v.x;
      const y1 = _v.y;
      const ok2 = ok && this.#toScreen(q);
      const len = Math.hypot(_v.x - x1, _v.y - y1);
      if (!ok2 || len < 14) {
        el.style.visibility = 'hidden';
        continue;
      }
      // stop short of both points, so the heads and dots stay readable
      const ux = (_v.x - x1) / len;
      const uy = (_v.y - y1) / len;
      el.style.visibility = '';
      el.setAttribute('x1', (x1 + ux * 6).toFixed(1));
      el.setAttribute('y1', (y1 + uy * 6).toFixed(1));
      el.setAttribute('x2', (_v.x - ux * 9).toFixed(1));
      el.setAttribute('y2', (_v.y - uy * 9).toFixed(1));
    }
  }

  /** the hover ring over the hovered word's dot, sized as the shader sizes a highlight (1.7 × a word) */
  #placeHover(): void {
    const i = this.#hovered;
    const el = this.#hoverEl;
    if (i < 0 || i === this.#focus.selected || !this.#theme || !this.#toScreen(i)) {
      el.style.visibility = 'hidden';
      return;
    }
    const u = this.#hlMaterial.uniforms;
    const w = _offset
      .set(this.#coords[i * 3], this.#coords[i * 3 + 1], this.#coords[i * 3 + 2])
      .applyMatrix4(this.#camera.matrixWorldInverse).z;
    const px = (this.#baseSize * 1.7 * (u.uScale.value as number)) / Math.max(-w, 1e-6);
    const r = Math.min(u.uMaxPx.value as number, Math.max(u.uMinPx.value as number, px)) / 2;
    el.style.visibility = '';
    el.setAttribute('cx', _v.x.toFixed(1));
    el.setAttribute('cy', _v.y.toFixed(1));
    el.setAttribute('r', (r * 0.82).toFixed(1));
    el.setAttribute('fill', this.#theme.hover);
    el.setAttribute('stroke', this.#theme.background);
    el.setAttribute('stroke-width', (r * 0.36).toFixed(1));
  }

  #placeLabels(): void {
    for (let j = 0; j < this.#labelFor.length; j++) {
      const el = this.#labels[j];
      if (!this.#toScreen(this.#labelFor[j])) {
        el.style.visibility = 'hidden';
        continue;
      }
      el.style.visibility = '';
      el.style.transform = `translate(${_v.x.toFixed(1)}px, ${_v.y.toFixed(1)}px)`;
    }
    this.#placeHover();
    this.#placeArrows();
  }

  // ---------- picking ----------

  /** the point nearest to (x, y) in CSS pixels within the pick radius, nearer to the camera on ties; -1 if none */
  #pick(x: number, y: number): number {
    if (this.#n === 0) return -1;
    _viewProj.multiplyMatrices(this.#camera.projectionMatrix, this.#camera.matrixWorldInverse);
    const e = _viewProj.elements;
    let moved = this.#gridStale;
    for (let k = 0; k < 16 && !moved; k++) moved = Math.fround(e[k]) !== this.#gridView[k];
    if (moved) {
      // a new view (or new positions): one pass over the points, then every pick until the next move is cheap
      this.#grid.build(this.#coords, this.#n, e, this.#width, this.#height, PICK_RADIUS_PX * 2);
      this.#gridView.set(e);
      this.#gridStale = false;
    }
    return this.#grid.nearest(x, y, PICK_RADIUS_PX);
  }

  #hover(index: number): void {
    if (index === this.#hovered) return;
    this.#hovered = index;
    this.#canvas.style.cursor = index >= 0 ? 'pointer' : '';
    this.#syncLabels();
    this.#events.onHover(index);
  }

  #local(e: PointerEvent): [number, number] {
    const rect = this.#canvas.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  #onPointerMove = (e: PointerEvent): void => {
    [this.#pointerX, this.#pointerY] = this.#local(e);
    this.#pointerInside = true;
    this.#pickPending = true;
    this.#requestFrame();
  };

  #onPointerLeave = (): void => {
    this.#pointerInside = false;
    this.#pickPending = true;
    this.#requestFrame();
  };

  #onPointerDown = (e: PointerEvent): void => {
    [this.#downX, this.#downY] = this.#local(e);
  };

  #onPointerUp = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    const [x, y] = this.#local(e);
    if (Math.hypot(x - this.#downX, y - this.#downY) > CLICK_SLOP_PX) return;
    this.#camera.updateMatrixWorld();
    const i = this.#pick(x, y);
    if (i >= 0) this.#events.onPick(i);
  };

  #onControlStart = (): void => {
    this.#dragging = true;
    this.#userMoved = true;
    this.#flight.t0 = -1;
  };

  #onControlEnd = (): void => {
    this.#dragging = false;
    this.#pickPending = true;
    this.#requestFrame();
  };
}

/** the first position in the ascending a[0..len) holding a value >= x */
function lowerBound(a: Uint32Array, len: number, x: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How far (CSS px) the map's centre and its reach along each axis moved on
 * screen between two view-projections; Infinity if a reference point crossed
 * behind the camera (or no point is in front at all, and the views differ).
 */
function viewShift(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  center: THREE.Vector3,
  radius: number,
  width: number,
  height: number,
): number {
  let shift = 0;
  let seen = 0;
  for (let k = 0; k < 4; k++) {
    const x = center.x + (k === 1 ? radius : 0);
    const y = center.y + (k === 2 ? radius : 0);
    const z = center.z + (k === 3 ? radius : 0);
    const wa = a[3] * x + a[7] * y + a[11] * z + a[15];
    const wb = b[3] * x + b[7] * y + b[11] * z + b[15];
    if (wa > 0 !== wb > 0) return Infinity;
    if (!(wa > 0)) continue;
    seen++;
    const dx = ((a[0] * x + a[4] * y + a[8] * z + a[12]) / wa - (b[0] * x + b[4] * y + b[8] * z + b[12]) / wb) * width;
    const dy = ((a[1] * x + a[5] * y + a[9] * z + a[13]) / wa - (b[1] * x + b[5] * y + b[9] * z + b[13]) / wb) * height;
    // NDC spans 2: half of it is the screen size in px
    shift = Math.max(shift, Math.hypot(dx, dy) / 2);
  }
  if (seen > 0) return shift;
  for (let k = 0; k < 16; k++) if (a[k] !== b[k]) return Infinity;
  return 0;
}
