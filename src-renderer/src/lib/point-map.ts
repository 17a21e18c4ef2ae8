// The Explore view's 3D point map: one THREE.Points for the words, a small
// second one for highlighted words drawn on top, DOM labels, orbit controls,
// hover picking in screen space (at most once per animation frame) and
// rendering on demand. Scratch objects live at module scope: a frame allocates nothing.
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { LABEL_ALL_MAX, type MapTheme } from './map-style.ts';

export interface MapEvents {
  /** the word under the pointer changed (-1: none) */
  onHover(index: number): void;
  /** a click (not a drag) on a word */
  onPick(index: number): void;
}

const MAX_HIGHLIGHT = 32;
const FOV = 45;
const PICK_RADIUS_PX = 10;
const CLICK_SLOP_PX = 5;
const FLY_MS = 650;

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

  #geometry: THREE.BufferGeometry | null = null;
  #points: THREE.Points | null = null;
  #words: readonly string[] = [];
  #coords: Float32Array = new Float32Array(0);
  #n = 0;
  #radius = 1;
  #baseSize = 0.02;
  #theme: MapTheme | null = null;

  #hovered = -1;
  #selected = -1;
  #neighbors: readonly number[] = [];

  #labels: HTMLElement[] = [];
  #labelFor: number[] = [];

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
    this.#renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true, alpha: false });
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
  }

  // ---------- data ----------

  /** coords: words.length * 3 floats, used as the position attribute as is */
  setData(words: readonly string[], coords: Float32Array): void {
    this.#words = words;
    this.#coords = coords;
    this.#n = words.length;
    this.#hovered = -1;
    this.#selected = -1;
    this.#neighbors = [];

    if (this.#points) this.#scene.remove(this.#points);
    this.#geometry?.dispose();
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(coords, 3));
    g.setAttribute('aColor', new THREE.BufferAttribute(new Float32Array(this.#n * 3), 3));
    g.setAttribute('aSize', new THREE.BufferAttribute(new Float32Array(this.#n), 1));
    g.computeBoundingSphere();
    const sphere = g.boundingSphere;
    this.#center.copy(sphere && Number.isFinite(sphere.radius) ? sphere.center : _v.set(0, 0, 0));
    this.#radius = sphere && Number.isFinite(sphere.radius) && sphere.radius > 0 ? sphere.radius : 1;
    this.#geometry = g;
    this.#points = new THREE.Points(g, this.#material);
    this.#points.frustumCulled = false;
    this.#points.renderOrder = 1;
    this.#scene.add(this.#points);

    const small = this.#n <= LABEL_ALL_MAX;
    this.#baseSize = this.#radius * (small ? 0.05 : this.#n <= 500 ? 0.03 : 0.019);
    // zooming in grows points, up to a limit: a crowded map stays readable
    this.#material.uniforms.uMaxPx.value = small ? 28 : 14;
    this.#hlMaterial.uniforms.uMaxPx.value = small ? 40 : 24;
    this.#writeAxes();
    this.#writeStyle();
    this.#writeHighlight();
    this.#syncLabels();
    this.resetView(true);
  }

  setHighlight(selected: number, neighbors: readonly number[]): void {
    this.#selected = selected;
    this.#neighbors = neighbors;
    this.#writeStyle();
    this.#writeHighlight();
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
    _offset.set(0.32, 0.22, 1).normalize().multiplyScalar(dist);
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

  dispose(): void {
    this.#disposed = true;
    if (this.#frame) cancelAnimationFrame(this.#frame);
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
    this.#hlGeometry.dispose();
    this.#axesGeometry.dispose();
    this.#material.dispose();
    this.#hlMaterial.dispose();
    this.#axesMaterial.dispose();
    this.#renderer.dispose();
    for (const el of this.#labels) el.remove();
    this.#labels = [];
    this.#labelFor = [];
  }

  // ---------- rendering ----------

  #requestRender = (): void => {
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
    // update() fires "change" while damping continues, which asks for the next frame
    this.#controls.update();
    this.#camera.updateMatrixWorld();
    if (this.#pickPending) {
      this.#pickPending = false;
      this.#hover(this.#pointerInside && !this.#dragging ? this.#pick(this.#pointerX, this.#pointerY) : -1);
    }
    this.#renderer.render(this.#scene, this.#camera);
    this.#placeLabels();
    if (moving) this.#requestRender();
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
    if (!g || !this.#theme) return;
    const colors = g.getAttribute('aColor') as THREE.BufferAttribute;
    const sizes = g.getAttribute('aSize') as THREE.BufferAttribute;
    const col = colors.array as Float32Array;
    const size = sizes.array as Float32Array;
    // with a word selected in a crowded map, the rest steps back
    const fade = this.#selected >= 0 && this.#n > LABEL_ALL_MAX ? 0.55 : 0;
    for (let i = 0; i < this.#n; i++) {
      const t = this.#rank(i);
      this.#rampColor(t, _c);
      if (fade) _c.lerp(_bg, fade);
      col[i * 3] = _c.r;
      col[i * 3 + 1] = _c.g;
      col[i * 3 + 2] = _c.b;
      size[i] = this.#baseSize * (1.25 - 0.5 * t);
    }
    colors.needsUpdate = true;
    sizes.needsUpdate = true;
  }

  #writeHighlight(): void {
    const theme = this.#theme;
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
      for (const i of this.#neighbors) if (i !== this.#selected) put(i, theme.neighbor, 1.5);
      if (this.#hovered !== this.#selected) put(this.#hovered, theme.hover, 1.7);
      put(this.#selected, theme.selected, 2);
    }
    this.#hlGeometry.setDrawRange(0, k);
    for (const name of ['position', 'aColor', 'aSize'])
      (this.#hlGeometry.getAttribute(name) as THREE.BufferAttribute).needsUpdate = true;
  }

  #writeAxes(): void {
    const a = (this.#axesGeometry.getAttribute('position') as THREE.BufferAttribute).array as Float32Array;
    const r = this.#radius * 1.05;
    const { x, y, z } = this.#center;
    a.set([x - r, y, z, x + r, y, z, x, y - r, z, x, y + r, z, x, y, z - r, x, y, z + r]);
    (this.#axesGeometry.getAttribute('position') as THREE.BufferAttribute).needsUpdate = true;
  }

  // ---------- labels ----------

  /** which words carry a label: all of a small set, else hovered, selected and neighbours */
  #syncLabels(): void {
    const want: number[] = [];
    const kind: string[] = [];
    const add = (i: number, k: string) => {
      if (i < 0 || i >= this.#n) return;
      const at = want.indexOf(i);
      if (at >= 0) {
        kind[at] = k;
        return;
      }
      want.push(i);
      kind.push(k);
    };
    if (this.#n <= LABEL_ALL_MAX) for (let i = 0; i < this.#n; i++) add(i, '');
    for (const i of this.#neighbors) add(i, 'nb');
    add(this.#hovered, 'hov');
    add(this.#selected, 'sel');

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
    this.#requestRender();
  }

  #placeLabels(): void {
    const c = this.#coords;
    for (let j = 0; j < this.#labelFor.length; j++) {
      const i = this.#labelFor[j];
      const el = this.#labels[j];
      _v.set(c[i * 3], c[i * 3 + 1], c[i * 3 + 2]).project(this.#camera);
      if (_v.z > 1 || _v.z < -1) {
        el.style.visibility = 'hidden';
        continue;
      }
      const x = ((_v.x + 1) / 2) * this.#width;
      const y = ((1 - _v.y) / 2) * this.#height;
      el.style.visibility = '';
      el.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
    }
  }

  // ---------- picking ----------

  /** the point nearest to (x, y) in CSS pixels within the pick radius, nearer to the camera on ties; -1 if none */
  #pick(x: number, y: number): number {
    if (this.#n === 0) return -1;
    _viewProj.multiplyMatrices(this.#camera.projectionMatrix, this.#camera.matrixWorldInverse);
    const e = _viewProj.elements;
    const c = this.#coords;
    const w2 = this.#width / 2;
    const h2 = this.#height / 2;
    let best = -1;
    let bestD = PICK_RADIUS_PX * PICK_RADIUS_PX;
    let bestW = Infinity;
    for (let i = 0; i < this.#n; i++) {
      const px = c[i * 3];
      const py = c[i * 3 + 1];
      const pz = c[i * 3 + 2];
      const w = e[3] * px + e[7] * py + e[11] * pz + e[15];
      if (w <= 0) continue;
      const sx = ((e[0] * px + e[4] * py + e[8] * pz + e[12]) / w + 1) * w2;
      const sy = (1 - (e[1] * px + e[5] * py + e[9] * pz + e[13]) / w) * h2;
      const dx = sx - x;
      const dy = sy - y;
      const d = dx * dx + dy * dy;
      if (d < bestD - 1 || (d <= bestD + 1 && w < bestW)) {
        best = i;
        bestD = d;
        bestW = w;
      }
    }
    return best;
  }

  #hover(index: number): void {
    if (index === this.#hovered) return;
    this.#hovered = index;
    this.#canvas.style.cursor = index >= 0 ? 'pointer' : '';
    this.#writeHighlight();
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
    this.#requestRender();
  };

  #onPointerLeave = (): void => {
    this.#pointerInside = false;
    this.#pickPending = true;
    this.#requestRender();
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
    this.#flight.t0 = -1;
  };

  #onControlEnd = (): void => {
    this.#dragging = false;
    this.#pickPending = true;
    this.#requestRender();
  };
}
