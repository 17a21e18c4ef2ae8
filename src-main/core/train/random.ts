// A small seeded PRNG (xoshiro128**, 32-bit ints via Math.imul) so training is
// reproducible: one stream per thread, derived from (seed, stream index).
// Period 2^128, so a long run never wraps as a 32-bit-state generator would.

/** what the trainers and projections draw from; injected so tests are exact */
export interface Random {
  /** a uniform integer in [0, 2^32) */
  nextUint32(): number;
  /** a uniform float in [0, 1) with 32 bits of resolution */
  nextFloat(): number;
}

const TWO_POW_32 = 4294967296;

export class Xoshiro128 implements Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** `seed` may be any non-negative integer up to 2^53; `stream` separates threads */
  constructor(seed: number, stream = 0) {
    let state = mixSeed(seed, stream);
    const draw = (): number => {
      const out = splitmix32(state);
      state = out.next;
      return out.value;
    };
    this.s0 = draw();
    this.s1 = draw();
    this.s2 = draw();
    this.s3 = draw();
    // the all-zero state is the one state xoshiro cannot leave
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    this.s1 = s1 ^ s2;
    this.s0 = s0 ^ s3;
    this.s2 = s2 ^ (s1 << 9);
    this.s3 = rotl(s3, 11);
    return result;
  }

  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** the generator's whole state: four 32-bit words, for a checkpoint */
  getState(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** goes on from a state getState() returned */
  setState(state: ArrayLike<number>): void {
    if (state.length !== 4) throw new RangeError(`a generator state is 4 numbers, got ${state.length}`);
    for (let i = 0; i < 4; i++) {
      const v = state[i];
      if (!Number.isInteger(v) || v < 0 || v >= TWO_POW_32) {
        throw new RangeError(`a generator state holds 32-bit unsigned integers, got ${v}`);
      }
    }
    if ((state[0] | state[1] | state[2] | state[3]) === 0)
      throw new RangeError('the all-zero generator state is invalid');
    this.s0 = state[0] | 0;
    this.s1 = state[1] | 0;
    this.s2 = state[2] | 0;
    this.s3 = state[3] | 0;
  }
}

/** the stream for thread `threadIndex` of a run seeded with `seed` */
export function threadRandom(seed: number, threadIndex: number): Xoshiro128 {
  return new Xoshiro128(seed, threadIndex + 1);
}

/** a uniform integer in [0, n), n <= 2^32 */
export function randomBelow(random: Random, n: number): number {
  return Math.floor(random.nextFloat() * n);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function mixSeed(seed: number, stream: number): number {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_POW_32) >>> 0;
  // hashed in turn, so nearby seeds and streams give unrelated states
  return splitmix32(splitmix32(splitmix32(lo).value ^ hi).value ^ stream).value;
}

function splitmix32(state: number): { value: number; next: number } {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return { value: (z ^ (z >>> 16)) | 0, next };
}
