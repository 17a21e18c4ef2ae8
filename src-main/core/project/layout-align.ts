// Keeps a 2D layout from flipping or spinning between frames: PCA's axes have
// no fixed sign (and two close eigenvalues swap or turn), so each new layout is
// turned onto the previous one by orthogonal Procrustes before it is drawn.

/**
 * Rotates or reflects `coords` (rows x 2, row-major) in place so that its
 * first `rows` points lie as close as they can to the same points of
 * `previous` (least squares): the orthogonal 2x2 R minimising |coords R -
 * previous|. Distances between points do not change. Returns R row-major.
 */
export function alignLayout(coords: Float32Array, previous: Float32Array, rows: number): number[] {
  if (rows * 2 > coords.length || rows * 2 > previous.length) {
    throw new RangeError(
      `alignLayout: ${rows} rows need ${rows * 2} floats, got ${coords.length} and ${previous.length}`,
    );
  }
  // M = coordsᵀ previous over the shared rows
  let m00 = 0;
  let m01 = 0;
  let m10 = 0;
  let m11 = 0;
  for (let i = 0; i < rows * 2; i += 2) {
    const ax = coords[i];
    const ay = coords[i + 1];
    const bx = previous[i];
    const by = previous[i + 1];
    m00 += ax * bx;
    m01 += ax * by;
    m10 += ay * bx;
    m11 += ay * by;
  }
  // the best rotation [[c, -s], [s, c]] and the best reflection [[c, s], [s, -c]]: trace(Rᵀ M) = hypot(...)
  const rotation = Math.hypot(m00 + m11, m10 - m01);
  const reflection = Math.hypot(m00 - m11, m01 + m10);
  let r: number[];
  if (rotation >= reflection) {
    const t = Math.atan2(m10 - m01, m00 + m11);
    r = [Math.cos(t), -Math.sin(t), Math.sin(t), Math.cos(t)];
  } else {
    const t = Math.atan2(m01 + m10, m00 - m11);
    r = [Math.cos(t), Math.sin(t), Math.sin(t), -Math.cos(t)];
  }
  for (let i = 0; i < coords.length; i += 2) {
    const x = coords[i];
    const y = coords[i + 1];
    coords[i] = x * r[0] + y * r[2];
    coords[i + 1] = x * r[1] + y * r[3];
  }
  return r;
}
