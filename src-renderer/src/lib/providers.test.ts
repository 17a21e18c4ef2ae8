import { describe, expect, test } from 'vitest';
import type { ProviderReport } from '../../../src-preload/contract.ts';
import {
  PROVIDER_WORDS_EN,
  graphProviderNote,
  providerOptionLabel,
  providerStanding,
  skipReason,
} from './providers.ts';

// a Linux box with no GPU, as src-main/core/onnx/providers.ts reports it
const SOFTWARE_REASON =
  'no GPU device here (no /dev/dri/renderD*, no /dev/nvidia0), so WebGPU runs on a software Vulkan device: it works, but slower than the CPU provider, so auto leaves it out (force it to use it anyway)';
const noGpu: ProviderReport = {
  available: ['cpu'],
  chosen: 'cpu',
  skipped: [
    { name: 'cuda', reason: 'libcudart.so.12: cannot open shared object file' },
    { name: 'webgpu', reason: SOFTWARE_REASON },
  ],
  software: ['webgpu'],
};
const withCuda: ProviderReport = { available: ['cuda', 'cpu'], chosen: 'cuda', skipped: [] };

describe('providerStanding', () => {
  test('available, software device, unusable, and unknown before a report', () => {
    expect(providerStanding(noGpu, 'cpu')).toBe('available');
    expect(providerStanding(noGpu, 'webgpu')).toBe('software');
    expect(providerStanding(noGpu, 'cuda')).toBe('unusable');
    // not a provider of this platform: in neither list
    expect(providerStanding(noGpu, 'coreml')).toBe('unusable');
    expect(providerStanding(null, 'webgpu')).toBe('unknown');
  });

  test('a report from a host without `software` treats skipped ones as unusable', () => {
    const old: ProviderReport = { available: ['cpu'], chosen: 'cpu', skipped: [{ name: 'webgpu', reason: 'x' }] };
    expect(providerStanding(old, 'webgpu')).toBe('unusable');
  });

  test('skipReason gives the host’s words', () => {
    expect(skipReason(noGpu, 'webgpu')).toBe(SOFTWARE_REASON);
    expect(skipReason(noGpu, 'cpu')).toBeNull();
  });
});

describe('providerOptionLabel', () => {
  test('marks a software device as forceable, not as unusable', () => {
    expect(providerOptionLabel(noGpu, 'webgpu', PROVIDER_WORDS_EN)).toBe('webgpu (software device — can be forced)');
    expect(providerOptionLabel(noGpu, 'cuda', PROVIDER_WORDS_EN)).toBe('cuda (not usable here)');
    expect(providerOptionLabel(noGpu, 'cpu', PROVIDER_WORDS_EN)).toBe('cpu');
    expect(providerOptionLabel(null, 'cuda', PROVIDER_WORDS_EN)).toBe('cuda');
  });
});

describe('graphProviderNote', () => {
  test('auto says what it trains on here', () => {
    expect(graphProviderNote(withCuda, 'auto')).toBe('auto trains on cuda here.');
    expect(graphProviderNote(noGpu, 'auto')).toMatch(/no GPU provider here, so the CPU kernel trains/);
  });

  test('a software device can be forced, with the host’s reason', () => {
    expect(graphProviderNote(noGpu, 'webgpu')).toBe(
      `webgpu runs here on a software device; forcing it works: ${SOFTWARE_REASON}`,
    );
  });

  test('a provider that cannot run says why, as the start would', () => {
    expect(graphProviderNote(noGpu, 'cuda')).toBe(
      'cuda cannot run here: libcudart.so.12: cannot open shared object file.',
    );
    expect(graphProviderNote(noGpu, 'dml')).toBe('dml cannot run here: not a provider of this platform.');
  });

  test('nothing to add for off, a provider that runs, or before the report', () => {
    expect(graphProviderNote(noGpu, 'off')).toBeNull();
    expect(graphProviderNote(noGpu, 'cpu')).toBeNull();
    expect(graphProviderNote(null, 'webgpu')).toBeNull();
  });
});
