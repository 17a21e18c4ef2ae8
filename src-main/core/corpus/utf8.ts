// Streaming UTF-8 validation (Unicode table 3-7: no overlong forms, no
// surrogates, nothing above U+10FFFF) that reports where the first bad
// sequence starts, counted from the first byte pushed; plus the checks that
// tell text from binary.
import { isUtf8 } from 'node:buffer';

/** a NUL byte this early means binary, whatever else the file holds */
export const BINARY_SNIFF_BYTES = 64 * 1024;

const BOM = [0xef, 0xbb, 0xbf];

/** 3 when `bytes` starts with the UTF-8 byte order mark, else 0 */
export function bomLength(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2] ? 3 : 0;
}

/** true when `bytes` starts with a UTF-16 byte order mark (FF FE or FE FF) */
export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

export class Utf8Validator {
  /** bytes pushed so far */
  private offset = 0;
  /** continuation bytes still expected by the current sequence */
  private need = 0;
  /** allowed range of the next continuation byte (narrower after E0, ED, F0, F4) */
  private low = 0x80;
  private high = 0xbf;
  private sequenceStart = 0;
  private invalidAt = -1;

  /** checks bytes[start, end); returns the offset of the first invalid sequence so far, or -1 */
  push(bytes: Uint8Array, start = 0, end = bytes.length): number {
    if (this.invalidAt >= 0) return this.invalidAt;
    const base = this.offset - start;
    this.offset += end - start;
    let i = start;
    // finish the sequence the previous chunk began
    while (this.need > 0 && i < end) if (!this.step(bytes[i], base + i++)) return this.invalidAt;
    // the native check is ~100x faster; it cannot say where, so the byte loop does that
    const tail = lastSequenceStart(bytes, i, end);
    if (i < tail && isUtf8(bytes.subarray(i, tail))) i = tail;
    while (i < end) if (!this.step(bytes[i], base + i++)) return this.invalidAt;
    return -1;
  }

  /** call after the last push: a sequence cut off by the end of input is invalid */
  end(): number {
    if (this.invalidAt < 0 && this.need > 0) this.invalidAt = this.sequenceStart;
    return this.invalidAt;
  }

  private step(byte: number, at: number): boolean {
    if (this.need > 0) {
      if (byte < this.low || byte > this.high) return this.fail(this.sequenceStart);
      this.low = 0x80;
      this.high = 0xbf;
      this.need--;
      return true;
    }
    if (byte < 0x80) return true;
    this.sequenceStart = at;
    this.need = this.lead(byte);
    return this.need >= 0 || this.fail(at);
  }

  /** how many continuation bytes follow this lead byte; -1 if it cannot start a sequence */
  private lead(byte: number): number {
    this.low = 0x80;
    this.high = 0xbf;
    if (byte >= 0xc2 && byte <= 0xdf) return 1;
    if (byte >= 0xe0 && byte <= 0xef) {
      if (byte === 0xe0) this.low = 0xa0; // overlong
      if (byte === 0xed) this.high = 0x9f; // surrogates
      return 2;
    }
    if (byte >= 0xf0 && byte <= 0xf4) {
      if (byte === 0xf0) this.low = 0x90; // overlong
      if (byte === 0xf4) this.high = 0x8f; // above U+10FFFF
      return 3;
    }
    return -1; // continuation byte without a lead, C0/C1 (overlong), F5..FF
  }

  private fail(at: number): false {
    this.invalidAt = at;
    this.need = 0;
    return false;
  }
}

/** where the last multi-byte sequence of bytes[start, end) may begin (end if it ends in ASCII) */
function lastSequenceStart(bytes: Uint8Array, start: number, end: number): number {
  for (let k = end - 1; k >= start && k >= end - 4; k--) {
    if ((bytes[k] & 0xc0) !== 0x80) return bytes[k] >= 0xc0 ? k : end;
  }
  return end;
}
