// A small 3D plot for a handful of words: a labelled box of axes (the lecture's
// gender / age / royalty, or a learned space's principal axes), a sphere per
// word with a drop line to the floor, an optional result point and the
// parallelogram of a − b + c drawn as arrows. DOM labels, orbit controls,
// rendering on demand. Scratch objects live at module scope.
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

export interface PlotTheme {
  background: string;
  frame: string;
  axis: string;
  point: string;
  nearest: string;
  result: string;
  /** the a − b arrows */
  edge1: string;
  /** the c − b arrows */
  edge2: string;
}

export interface PlotData {
  words: readonly string[];
  /** words.length × 3, row-major */
  coords: Float32Array;
  axes: readonly [string, string, string];
  /** the same fixed range on every axis (the lecture's 0 … 10), with ticks; null fits the points */
  range: readonly [number, number] | null;
  /** a point that is no word: the result of a − b + c */
  result?: { label: string; at: readonly number[] } | null;
  /** indices of a, b, c: arrows b → a and c → result (a − b), b → c and a → result (c − b) */
  parallelogram?: readonly [number, number, number] | null;
  /** a word to mark, e.g. the one nearest the result */
  nearest?: number;
}

const FOV = 40;
const RADIUS = 0.055;
const SHAFT = 0.014;

const _v = new THREE.Vector3();
const _w = new THREE.Vector3();
const _up = new THREE.Vector3(0, 1, 0);
const _q = new THREE.Quaternion();

interface Label {
  el: HTMLElement;
  at: THREE.Vector3;
}

export class CoordPlot {
  readonly #layer: HTMLElement;
  readonly #renderer: THREE.WebGLRenderer;
  readonly #scene = new THREE.Scene();
  readonly #camera = new THREE.PerspectiveCamera(FOV, 1, 0.01, 100);
  readonly #controls: OrbitControls;
  readonly #content = new THREE.Group();
  readonly #sphere = new THREE.SphereGeometry(RADIUS, 28, 18);
  readonly #shaft = new THREE.CylinderGeometry(SHAFT, SHAFT, 1, 12);
  readonly #head = new THREE.ConeGeometry(SHAFT * 3, 0.09, 16);
  readonly #materials = {
    point: new THREE.MeshLambertMaterial(),
    nearest: new THREE.MeshLambertMaterial(),
    // see-through: the result often lands right on a word (queen)
    result: new THREE.MeshLambertMaterial({ transparent: true, opacity: 0.7, depthWrite: false }),
    edge1: new THREE.MeshLambertMaterial(),
    edge2: new THREE.MeshLambertMaterial(),
    frame: new THREE.LineBasicMaterial({ transparent: true, opacity: 0.55 }),
    axis: new THREE.LineBasicMaterial(),
    drop: new THREE.LineDashedMaterial({ dashSize: 0.04, gapSize: 0.03, transparent: true, opacity: 0.6 }),
  };
  readonly #lineGeometries: THREE.BufferGeometry[] = [];
  #labels: Label[] = [];
  #width = 1;
  #height = 1;
  #frame = 0;
  #disposed = false;

  constructor(canvas: HTMLCanvasElement, labelLayer: HTMLElement) {
    this.#layer = labelLayer;
    // preserveDrawingBuffer: the pixels stay readable (screenshots, tests) between frames
    this.#renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.#renderer.setPixelRatio(Math.min(globalThis.devicePixelRatio || 1, 2));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(2, 4, 3);
    this.#scene.add(new THREE.AmbientLight(0xffffff, 1.4), sun, this.#content);
    this.#controls = new OrbitControls(this.#camera, canvas);
    this.#controls.enableDamping = false;
    this.#controls.rotateSpeed = 0.8;
    this.#controls.minDistance = 1.2;
    this.#controls.maxDistance = 12;
    this.#controls.listenToKeyEvents(canvas);
    this.#controls.addEventListener('change', this.#requestRender);
    this.resetView();
  }

  setTheme(theme: PlotTheme): void {
    this.#renderer.setClearColor(theme.background, 1);
    const m = this.#materials;
    m.point.color.set(theme.point);
    m.nearest.color.set(theme.nearest);
    m.result.color.set(theme.result);
    m.edge1.color.set(theme.edge1);
    m.edge2.color.set(theme.edge2);
    m.frame.color.set(theme.frame);
    m.axis.color.set(theme.axis);
    m.drop.color.set(theme.frame);
    this.#requestRender();
  }

  setData(data: PlotData): void {
    this.#clear();
    const n = data.words.length;
    const toScene = this.#mapping(data);
    const at = (i: number) => toScene(data.coords[i * 3], data.coords[i * 3 + 1], data.coords[i * 3 + 2]);

    // the box, its three named axes from the near-bottom-left corner, and ticks on a fixed range
    const c = [-1, 1];
    const frame: number[] = [];
    for (const y of c) for (const z of c) frame.push(-1, y, z, 1, y, z);
    for (const x of c) for (const z of c) frame.push(x, -1, z, x, 1, z);
    for (const x of c) for (const y of c) frame.push(x, y, -1, x, y, 1);
    this.#lines(frame, this.#materials.frame);
    this.#lines([-1, -1, -1, 1.12, -1, -1, -1, -1, -1, -1, 1.12, -1, -1, -1, -1, -1, -1, 1.12], this.#materials.axis);
    this.#label(data.axes[0], new THREE.Vector3(1.22, -1, -1), 'axis');
    this.#label(data.axes[1], new THREE.Vector3(-1, 1.2, -1), 'axis');
    this.#label(data.axes[2], new THREE.Vector3(-1, -1, 1.24), 'axis');
    if (data.range) {
      const [lo, hi] = data.range;
      for (const value of [lo, (lo + hi) / 2, hi]) {
        const t = ((value - lo) / (hi - lo)) * 2 - 1;
        const text = String(Math.round(value * 100) / 100);
        this.#label(text, new THREE.Vector3(t, -1.08, -1.08), 'tick');
        // the three axes share their low end: one label there
        if (value === lo) continue;
        this.#label(text, new THREE.Vector3(-1.1, t, -1.06), 'tick');
        this.#label(text, new THREE.Vector3(-1.08, -1.08, t), 'tick');
      }
    }

    // the words, each with a dashed drop line to the floor
    const drops: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = at(i).clone();
      const mesh = new THREE.Mesh(this.#sphere, i === data.nearest ? this.#materials.nearest : this.#materials.point);
      mesh.position.copy(p);
      this.#content.add(mesh);
      drops.push(p.x, p.y, p.z, p.x, -1, p.z);
      this.#label(data.words[i], p, i === data.nearest ? 'nearest' : 'word');
    }
    this.#lines(drops, this.#materials.drop, true);

    if (data.result) {
      const r = toScene(data.result.at[0], data.result.at[1], data.result.at[2]).clone();
      const mesh = new THREE.Mesh(this.#sphere, this.#materials.result);
      mesh.position.copy(r);
      mesh.scale.setScalar(1.25);
      this.#content.add(mesh);
      this.#label(data.result.label, r, 'result');
      if (data.parallelogram) {
        const [a, b, cc] = data.parallelogram.map((i) => at(i).clone());
        this.#arrow(b, a, this.#materials.edge1);
        this.#arrow(cc, r, this.#materials.edge1);
        this.#arrow(b, cc, this.#materials.edge2);
        this.#arrow(a, r, this.#materials.edge2);
      }
    }
    this.#requestRender();
  }

  resize(width: number, height: number): void {
    this.#width = Math.max(1, Math.floor(width));
    this.#height = Math.max(1, Math.floor(height));
    this.#renderer.setSize(this.#width, this.#height, false);
    this.#camera.aspect = this.#width / this.#height;
    this.#camera.updateProjectionMatrix();
    this.#requestRender();
  }

  resetView(): void {
    this.#controls.target.set(0, -0.05, 0);
    this.#camera.position.set(1.5, 2.0, 3.8);
    this.#controls.update();
    this.#requestRender();
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#clear();
    this.#controls.removeEventListener('change', this.#requestRender);
    this.#controls.dispose();
    this.#sphere.dispose();
    this.#shaft.dispose();
    this.#head.dispose();
    for (const m of Object.values(this.#materials)) m.dispose();
    this.#renderer.dispose();
  }

  /** data → scene: the fixed range (or the points' extent, one scale for all axes) onto [-1, 1] */
  #mapping(data: PlotData): (x: number, y: number, z: number) => THREE.Vector3 {
    if (data.range) {
      const half = (data.range[1] - data.range[0]) / 2 || 1;
      const mid = (data.range[0] + data.range[1]) / 2;
      return (x, y, z) => _v.set((x - mid) / half, (y - mid) / half, (z - mid) / half);
    }
    const n = data.words.length;
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    const extend = (x: number, k: number) => {
      lo[k] = Math.min(lo[k], x);
      hi[k] = Math.max(hi[k], x);
    };
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) extend(data.coords[i * 3 + k], k);
    if (data.result) for (let k = 0; k < 3; k++) extend(data.result.at[k], k);
    const mid = lo.map((l, k) => (Number.isFinite(l) ? (l + hi[k]) / 2 : 0));
    const half = Math.max(1e-9, ...lo.map((l, k) => (Number.isFinite(l) ? (hi[k] - l) / 2 : 0))) / 0.88;
    return (x, y, z) => _v.set((x - mid[0]) / half, (y - mid[1]) / half, (z - mid[2]) / half);
  }

  #lines(positions: number[], material: THREE.LineBasicMaterial | THREE.LineDashedMaterial, dashed = false): void {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.Float32BufferAttribute(positions, 3));
    const lines = new THREE.LineSegments(g, material);
    if (dashed) lines.computeLineDistances();
    this.#lineGeometries.push(g);
    this.#content.add(lines);
  }

  /** a shaft and a cone from p to q, stopping at q's sphere */
  #arrow(p: THREE.Vector3, q: THREE.Vector3, material: THREE.Material): void {
    const dir = _w.subVectors(q, p);
    const length = dir.length() - RADIUS * 1.2;
    if (length <= 0.1) return;
    dir.normalize();
    _q.setFromUnitVectors(_up, dir);
    const shaft = new THREE.Mesh(this.#shaft, material);
    shaft.scale.set(1, length - 0.08, 1);
    shaft.position.copy(p).addScaledVector(dir, (length - 0.08) / 2);
    shaft.quaternion.copy(_q);
    const head = new THREE.Mesh(this.#head, material);
    head.position.copy(p).addScaledVector(dir, length - 0.045);
    head.quaternion.copy(_q);
    this.#content.add(shaft, head);
  }

  #label(text: string, at: THREE.Vector3, kind: string): void {
    const el = document.createElement('span');
    el.className = 'plot-label';
    el.dataset.kind = kind;
    el.textContent = text;
    el.setAttribute('aria-hidden', 'true');
    this.#layer.appendChild(el);
    this.#labels.push({ el, at: at.clone() });
  }

  #clear(): void {
    for (const child of [...this.#content.children]) this.#content.remove(child);
    for (const g of this.#lineGeometries) g.dispose();
    this.#lineGeometries.length = 0;
    for (const l of this.#labels) l.el.remove();
    this.#labels = [];
  }

  #requestRender = (): void => {
    if (this.#frame || this.#disposed) return;
    this.#frame = requestAnimationFrame(this.#render);
  };

  #render = (): void => {
    this.#frame = 0;
    this.#camera.updateMatrixWorld();
    this.#renderer.render(this.#scene, this.#camera);
    for (const { el, at } of this.#labels) {
      _v.copy(at).project(this.#camera);
      if (_v.z > 1 || _v.z < -1) {
        el.style.visibility = 'hidden';
        continue;
      }
      const x = ((_v.x + 1) / 2) * this.#width;
      const y = ((1 - _v.y) / 2) * this.#height;
      el.style.visibility = '';
      el.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
    }
  };
}
