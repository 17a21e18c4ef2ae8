import { describe, expect, test } from 'vitest';
import {
  accuracy,
  bytes,
  clock,
  compact,
  date,
  duration,
  eta,
  integer,
  loss,
  param,
  percent,
  rate,
  score,
  vector,
} from './format.ts';

describe('compact', () => {
  test.each([
    [0, '0'],
    [950, '950'],
    [999, '999'],
    [1000, '1k'],
    [1234, '1.2k'],
    [9960, '10k'],
    [12_345, '12k'],
    [999_600, '1M'],
    [1_250_000, '1.3M'],
    [3.14159, '3.14'],
    [-1500, '-1.5k'],
  ])('%d → %s', (n, text) => expect(compact(n)).toBe(text));

  test('not a number', () => expect(compact(NaN)).toBe('–'));
});

test('rate', () => {
  expect(rate(1234)).toBe('1.2k words/s');
  expect(rate(250_000, 'tokens')).toBe('250k tokens/s');
  expect(rate(3 * 1024 * 1024, 'bytes')).toBe('3.0 MB/s');
  expect(rate(null)).toBe('–');
});

test('bytes', () => {
  expect(bytes(512)).toBe('512 B');
  expect(bytes(1536)).toBe('1.5 KB');
  expect(bytes(20 * 1024 * 1024)).toBe('20 MB');
});

describe('clock and eta', () => {
  test.each([
    [0, '00:00'],
    [5, '00:05'],
    [65, '01:05'],
    [599.6, '10:00'],
    [3600 + 2 * 60 + 3, '1:02:03'],
  ])('%d s → %s', (s, text) => expect(clock(s)).toBe(text));

  test('unknown', () => {
    expect(clock(null)).toBe('–');
    expect(clock(-1)).toBe('–');
    expect(clock(Infinity)).toBe('–');
    expect(eta(null)).toBe('');
    expect(eta(65)).toBe('ETA 01:05');
  });
});

test('duration', () => {
  expect(duration(4.25)).toBe('4.3 s');
  expect(duration(42)).toBe('42 s');
  expect(duration(120)).toBe('2 min');
  expect(duration(125)).toBe('2 min 5 s');
  expect(duration(3720)).toBe('1 h 2 min');
  expect(duration(null)).toBe('–');
});

test('score, percent, integer, loss', () => {
  expect(score(0.98612)).toBe('0.986');
  expect(score(-0.5)).toBe('-0.500');
  expect(score(-0.0002)).toBe('0.000');
  expect(percent(0.54321)).toBe('54%');
  expect(percent(0.043)).toBe('4.3%');
  expect(percent(0)).toBe('0%');
  expect(accuracy(0.54321)).toBe('54.3%');
  expect(accuracy(1)).toBe('100.0%');
  expect(accuracy(null)).toBe('–');
  expect(integer(1234567)).toBe('1,234,567');
  expect(integer(12)).toBe('12');
  expect(loss(2.718281)).toBe('2.718');
  expect(loss(null)).toBe('–');
});

test('param keeps small numbers readable', () => {
  expect(param(100)).toBe('100');
  expect(param(0.025)).toBe('0.025');
  expect(param(1e-3)).toBe('0.001');
  expect(param(1e-4)).toBe('1e-4');
  expect(param(0.000123456)).toBe('1.235e-4');
  expect(param(true)).toBe('yes');
  expect(param('sgns')).toBe('sgns');
  expect(param(null)).toBe('–');
});

test('date uses local time, minutes precision', () => {
  const iso = new Date(2025, 10, 25, 9, 5).toISOString();
  expect(date(iso)).toBe('2025-11-25 09:05');
  expect(date(iso, false)).toBe('2025-11-25');
  expect(date(null)).toBe('–');
  expect(date('not a date')).toBe('not a date');
});

test('vector', () => {
  expect(vector([9, 8, 8])).toBe('[9, 8, 8]');
  expect(vector(new Float32Array([0.5, -0.25]))).toBe('[0.5, -0.25]');
  expect(
    vector(
      Array.from({ length: 100 }, (_, i) => i),
      3,
    ),
  ).toBe('[0, 1, 2, …] (100 dims)');
});
