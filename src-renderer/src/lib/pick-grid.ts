// Hover picking on the point map without scanning every point per pointer
// move: the points' screen positions are bucketed once into square cells
// (counting sort over flat typed arrays), and a pick looks at the cells around
// the pointer only. The map rebuilds the grid when the camera, the canvas size
// or the positions changed since the last build, so a still camera with a
// moving pointer costs a handful of cells per frame, whatever the point count.

export class ScreenGrid {
  /** CSS pixels of each point, and its clip w (distance along the view: ties go to the nearer) */
  #sx = new Float32Array(0);
  #sy = new Float32Array(0);
  #sw = new Float32Array(0);
  /** cell of each point, -1 when behind the camera or off the grid */
  #cellOf = new Int32Array(0);
  /** cellStart[c] .. cellStart[c + 1]: the points of cell c in `items` */
  #cellStart = new Int32Array(1);
  /** build's write position per cell */
  #cursor = new Int32Array(0);
  #items = new Int32Array(0);
  #cols = 0;
  #rows = 0;
  #cell = 1;
  #n = 0;

  /** points in the grid (on screen, in front of the camera) */
  get size(): number {
    return this.#cellStart[this.#cols * this.#rows] ?? 0;
  }

  /**
   * Projects n xyz points through a column-major 4×4 view-projection matrix
   * (three.js `Matrix4.elements`) onto a width × height canvas and buckets them
   * in cells of `cell` CSS pixels. The grid reaches one cell past each edge,
   * so a pick near the border still finds a point just outside.
   */
  build(xyz: Float32Array, n: number, e: ArrayLike<number>, width: number, height: number, cell: number): void {
    this.#n = n;
    this.#cell = Math.max(1, cell);
    this.#cols = Math.ceil(width / this.#cell) + 2;
    this.#rows = Math.ceil(height / this.#cell) + 2;
    const cells = this.#cols * this.#rows;
    if (this.#sx.length < n) {
      this.#sx = new Float32Array(n);
      this.#sy = new Float32Array(n);
      this.#sw = new Float32Array(n);
      this.#cellOf = new Int32Array(n);
      this.#items = new Int32Array(n);
    }
    if (this.#cellStart.length < cells + 1) this.#cellStart = new Int32Array(cells + 1);
    const start = this.#cellStart;
    start.fill(0, 0, cells + 1);
    const w2 = width / 2;
    const h2 = height / 2;
    const inv = 1 / this.#cell;
    for (let i = 0; i < n; i++) {
      const px = xyz[i * 3];
      const py = xyz[i * 3 + 1];
      const pz = xyz[i * 3 + 2];
      const w = e[3] * px + e[7] * py + e[11] * pz + e[15];
      this.#cellOf[i] = -1;
      if (!(w > 0)) continue;
      const sx = ((e[0] * px + e[4] * py + e[8] * pz + e[12]) / w + 1) * w2;
      const sy = (1 - (e[1] * px + e[5] * py + e[9] * pz + e[13]) / w) * h2;
      const cx = Math.floor(sx * inv) + 1;
      const cy = Math.floor(sy * inv) + 1;
      if (!(cx >= 0 && cx < this.#cols && cy >= 0 && cy < this.#rows)) continue;
      this.#sx[i] = sx;
      this.#sy[i] = sy;
      this.#sw[i] = w;
      const c = cy * this.#cols + cx;
      this.#cellOf[i] = c;
      start[c + 1]++;
    }
    for (let c = 0; c < cells; c++) start[c + 1] += start[c];
    if (this.#cursor.length < cells) this.#cursor = new Int32Array(cells);
    const cursor = this.#cursor;
    cursor.set(start.subarray(0, cells));
    for (let i = 0; i < n; i++) {
      const c = this.#cellOf[i];
      if (c >= 0) this.#items[cursor[c]++] = i;
    }
  }

  /**
   * The point nearest to (x, y) within `radius` CSS pixels, nearer to the
   * camera when two are within a pixel of the same distance; -1 if none.
   */
  nearest(x: number, y: number, radius: number): number {
    if (this.#n === 0 || this.#cols === 0) return -1;
    const inv = 1 / this.#cell;
    const c0 = Math.max(0, Math.floor((x - radius) * inv) + 1);
    const c1 = Math.min(this.#cols - 1, Math.floor((x + radius) * inv) + 1);
    const r0 = Math.max(0, Math.floor((y - radius) * inv) + 1);
    const r1 = Math.min(this.#rows - 1, Math.floor((y + radius) * inv) + 1);
    let best = -1;
    let bestD = radius * radius;
    let bestW = Infinity;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.#cols + c;
        for (let k = this.#cellStart[cell]; k < this.#cellStart[cell + 1]; k++) {
          const i = this.#items[k];
          const dx = this.#sx[i] - x;
          const dy = this.#sy[i] - y;
          const d = dx * dx + dy * dy;
          if (d > radius * radius) continue;
          const w = this.#sw[i];
          if (d < bestD - 1 || (d <= bestD + 1 && (w < bestW || (w === bestW && i < best)))) {
            best = i;
            bestD = d;
            bestW = w;
          }
        }
      }
    }
    return best;
  }
}
