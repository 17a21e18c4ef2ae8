// Decimal numbers read straight from bytes, and float32 values written as the
// shortest text that reads back to the same float32.
//
// A value of at most 15 significant digits with a power of ten up to 22 is
// exact as a double mantissa and an exact double power of ten, so one IEEE
// multiply or divide rounds it correctly: the same double Number(text) gives,
// without making a string. Anything else takes Number(text).

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
/** more digits than this could leave the integer mantissa inexact */
const MAX_DIGITS = 15;

const DIGIT_0 = 0x30;
const DOT = 0x2e;
const MINUS = 0x2d;
const PLUS = 0x2b;

/** the decimal number in bytes[start, end), as a double; NaN when it is not one */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = bytes[i] === MINUS;
  if (negative || bytes[i] === PLUS) i++;
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  let seen = false;
  for (; i < end; i++) {
    const d = bytes[i] - DIGIT_0;
    if (d < 0 || d > 9) break;
    seen = true;
    if (mantissa === 0 && d === 0) continue;
    if (digits++ < MAX_DIGITS) mantissa = mantissa * 10 + d;
    else exponent++;
  }
  if (i < end && bytes[i] === DOT) {
    for (i++; i < end; i++) {
      const d = bytes[i] - DIGIT_0;
      if (d < 0 || d > 9) break;
      seen = true;
      if (mantissa === 0 && d === 0) {
        exponent--;
        continue;
      }
      if (digits++ < MAX_DIGITS) {
        mantissa = mantissa * 10 + d;
        exponent--;
      }
    }
  }
  if (!seen) return slowParse(bytes, start, end);
  if (i < end && (bytes[i] | 0x20) === 0x65) {
    const e = parseExponent(bytes, i + 1, end);
    if (Number.isNaN(e)) return NaN;
    exponent += e;
    i = end;
  }
  if (i !== end) return NaN;
  if (digits > MAX_DIGITS) return slowParse(bytes, start, end);
  let value: number;
  if (mantissa === 0) value = 0;
  else if (exponent >= 0 && exponent <= 22) value = mantissa * POW10[exponent];
  else if (exponent < 0 && exponent >= -22) value = mantissa / POW10[-exponent];
  else return slowParse(bytes, start, end);
  return negative ? -value : value;
}

function parseExponent(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = bytes[i] === MINUS;
  if (negative || bytes[i] === PLUS) i++;
  if (i >= end) return NaN;
  let e = 0;
  for (; i < end; i++) {
    const d = bytes[i] - DIGIT_0;
    if (d < 0 || d > 9) return NaN;
    if (e < 100000) e = e * 10 + d;
  }
  return negative ? -e : e;
}

/** "nan", "inf" and the like are not numbers here: a vector file with them is damaged */
function slowParse(bytes: Uint8Array, start: number, end: number): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return NaN;
  return Number(text);
}

/**
 * The shortest decimal that reads back (as a double rounded to float32) to
 * the float32 value x, as numpy's repr of a float32 does. If p digits read
 * back, p + 1 do too (the p-digit decimal is one of them), so a binary search
 * over 1..9 digits finds the fewest.
 */
export function formatFloat32(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (!Number.isFinite(x)) return String(x);
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(x.toPrecision(mid))) === x) hi = mid;
    else lo = mid + 1;
  }
  // through Number: "1e+1" becomes "10", "1.50" never arises
  return String(Number(x.toPrecision(lo)));
}
