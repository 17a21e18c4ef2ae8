// f32x4 loops over rows of `n` floats. Rows need not be 16-byte aligned
// (dim % 4 != 0 is allowed), so every v128 access is an unaligned load/store
// and the last n % 4 floats go through a scalar tail.

/** sum of a[i] * b[i]; two accumulators so the adds do not wait on each other */
export function dot(a: usize, b: usize, n: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  const bytes = (<usize>n) << 2;
  let i: usize = 0;
  for (; i + 32 <= bytes; i += 32) {
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + i), v128.load(b + i)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a + i, 16), v128.load(b + i, 16)));
  }
  if (i + 16 <= bytes) {
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + i), v128.load(b + i)));
    i += 16;
  }
  let s = sum(f32x4.add(s0, s1));
  for (; i < bytes; i += 4) s += load<f32>(a + i) * load<f32>(b + i);
  return s;
}

/** y += g * x */
export function axpy(y: usize, g: f32, x: usize, n: i32): void {
  const gv = f32x4.splat(g);
  const bytes = (<usize>n) << 2;
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(y + i, f32x4.add(v128.load(y + i), f32x4.mul(gv, v128.load(x + i))));
  for (; i < bytes; i += 4) store<f32>(y + i, load<f32>(y + i) + g * load<f32>(x + i));
}

/**
 * word2vec.c's two updates for one (input, output) pair in one pass:
 * err += g * out; out += g * input (reading the old `out` first).
 */
export function backprop(err: usize, out: usize, input: usize, g: f32, n: i32): void {
  const gv = f32x4.splat(g);
  const bytes = (<usize>n) << 2;
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) {
    const o = v128.load(out + i);
    v128.store(err + i, f32x4.add(v128.load(err + i), f32x4.mul(gv, o)));
    v128.store(out + i, f32x4.add(o, f32x4.mul(gv, v128.load(input + i))));
  }
  for (; i < bytes; i += 4) {
    const o = load<f32>(out + i);
    store<f32>(err + i, load<f32>(err + i) + g * o);
    store<f32>(out + i, o + g * load<f32>(input + i));
  }
}

/** y = s * y */
export function scale(y: usize, s: f32, n: i32): void {
  const sv = f32x4.splat(s);
  const bytes = (<usize>n) << 2;
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(y + i, f32x4.mul(sv, v128.load(y + i)));
  for (; i < bytes; i += 4) store<f32>(y + i, s * load<f32>(y + i));
}

/** y = 0 (a plain loop: V8 calls out of line for memory.fill) */
export function zero(y: usize, n: i32): void {
  const z = f32x4.splat(0);
  const bytes = (<usize>n) << 2;
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(y + i, z);
  for (; i < bytes; i += 4) store<f32>(y + i, 0);
}

/**
 * Reads one word of every cache line of a row and folds them into `seen`.
 * WebAssembly has no prefetch: plain loads issued a pair ahead let the misses
 * on rows about to be used overlap each other and the current pair's math.
 */
export function touch(row: usize, bytes: usize, seen: i32): i32 {
  for (let i: usize = 0; i < bytes; i += 64) seen ^= load<i32>(row + i);
  return seen ^ load<i32>(row + bytes - 4);
}

/**
 * backprop(err, out, input, g) fused with the next output's dot product:
 * returns dot(input, next), reading `input` once for both. `next` must not
 * be `out` (its dot would need the updated row).
 */
export function backpropDot(err: usize, out: usize, input: usize, g: f32, next: usize, n: i32): f32 {
  const gv = f32x4.splat(g);
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  const bytes = (<usize>n) << 2;
  let i: usize = 0;
  for (; i + 32 <= bytes; i += 32) {
    const x0 = v128.load(input + i);
    const o0 = v128.load(out + i);
    v128.store(err + i, f32x4.add(v128.load(err + i), f32x4.mul(gv, o0)));
    v128.store(out + i, f32x4.add(o0, f32x4.mul(gv, x0)));
    s0 = f32x4.add(s0, f32x4.mul(x0, v128.load(next + i)));
    const x1 = v128.load(input + i, 16);
    const o1 = v128.load(out + i, 16);
    v128.store(err + i, f32x4.add(v128.load(err + i, 16), f32x4.mul(gv, o1)), 16);
    v128.store(out + i, f32x4.add(o1, f32x4.mul(gv, x1)), 16);
    s1 = f32x4.add(s1, f32x4.mul(x1, v128.load(next + i, 16)));
  }
  for (; i + 16 <= bytes; i += 16) {
    const x = v128.load(input + i);
    const o = v128.load(out + i);
    v128.store(err + i, f32x4.add(v128.load(err + i), f32x4.mul(gv, o)));
    v128.store(out + i, f32x4.add(o, f32x4.mul(gv, x)));
    s0 = f32x4.add(s0, f32x4.mul(x, v128.load(next + i)));
  }
  let s = sum(f32x4.add(s0, s1));
  for (; i < bytes; i += 4) {
    const x = load<f32>(input + i);
    const o = load<f32>(out + i);
    store<f32>(err + i, load<f32>(err + i) + g * o);
    store<f32>(out + i, o + g * x);
    s += x * load<f32>(next + i);
  }
  return s;
}

/** the four lanes added, in a fixed order */
export function sum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** out[0..4) = dot(a, b0..b3): one pass over `a` for four rows */
export function dot4(a: usize, b0: usize, b1: usize, b2: usize, b3: usize, n: i32, out: usize): void {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let s2 = f32x4.splat(0);
  let s3 = f32x4.splat(0);
  const bytes = (<usize>n) << 2;
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) {
    const x = v128.load(a + i);
    s0 = f32x4.add(s0, f32x4.mul(x, v128.load(b0 + i)));
    s1 = f32x4.add(s1, f32x4.mul(x, v128.load(b1 + i)));
    s2 = f32x4.add(s2, f32x4.mul(x, v128.load(b2 + i)));
    s3 = f32x4.add(s3, f32x4.mul(x, v128.load(b3 + i)));
  }
  let f0 = sum(s0);
  let f1 = sum(s1);
  let f2 = sum(s2);
  let f3 = sum(s3);
  for (; i < bytes; i += 4) {
    const x = load<f32>(a + i);
    f0 += x * load<f32>(b0 + i);
    f1 += x * load<f32>(b1 + i);
    f2 += x * load<f32>(b2 + i);
    f3 += x * load<f32>(b3 + i);
  }
  store<f32>(out, f0);
  store<f32>(out, f1, 4);
  store<f32>(out, f2, 8);
  store<f32>(out, f3, 12);
}

/** y += g[0] * x0 + g[1] * x1 + g[2] * x2 + g[3] * x3: one pass over `y` for four rows */
export function axpy4(y: usize, g: usize, x0: usize, x1: usize, x2: usize, x3: usize, n: i32): void {
  const g0 = v128.load32_splat(g);
  const g1 = v128.load32_splat(g, 4);
  const g2 = v128.load32_splat(g, 8);
  const g3 = v128.load32_splat(g, 12);
  const bytes = (<usize>n) << 2;
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) {
    const a = f32x4.add(f32x4.mul(g0, v128.load(x0 + i)), f32x4.mul(g1, v128.load(x1 + i)));
    const b = f32x4.add(f32x4.mul(g2, v128.load(x2 + i)), f32x4.mul(g3, v128.load(x3 + i)));
    v128.store(y + i, f32x4.add(v128.load(y + i), f32x4.add(a, b)));
  }
  const h0 = load<f32>(g);
  const h1 = load<f32>(g, 4);
  const h2 = load<f32>(g, 8);
  const h3 = load<f32>(g, 12);
  for (; i < bytes; i += 4) {
    const a = h0 * load<f32>(x0 + i) + h1 * load<f32>(x1 + i);
    const b = h2 * load<f32>(x2 + i) + h3 * load<f32>(x3 + i);
    store<f32>(y + i, load<f32>(y + i) + (a + b));
  }
}
