// word2vec.c's table sigmoid. Beyond ±MAX_EXP the sigmoid is taken as exactly
// 0 or 1, so a saturated wrong answer still gets the full gradient alpha.
export const MAX_EXP: f32 = 6;
export const EXP_TABLE_SIZE: i32 = 1000;
// the exact scale 1000/12, not word2vec.c's integer 83 (matches train/sgns-kernel.ts)
const EXP_SCALE: f32 = <f32>EXP_TABLE_SIZE / (2 * MAX_EXP);

/** whether f falls inside the tables */
export function inTable(f: f32): bool {
  return f < MAX_EXP && f > -MAX_EXP;
}

/** the byte offset of f's slot in a table of f32, for -MAX_EXP < f < MAX_EXP */
export function slotOf(f: f32): usize {
  return (<usize>(<i32>((f + MAX_EXP) * EXP_SCALE))) << 2;
}

/** log(1 + e^x) without overflow; only reached outside the table */
export function softplus(x: f64): f64 {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
