// onnxruntime's WebGPU provider for real, on a software Vulkan device: Debian's
// chromium ships SwiftShader's Vulkan driver and a Vulkan loader, so the GPU
// path (Dawn over Vulkan) runs here and in CI without a GPU. The Vulkan
// loader reads its environment when the process starts, so the checks run in
// a child process (webgpu/child.ts) that gets it; this file asserts on what
// the child reports and compares its encoder outputs with the CPU's.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Encoder } from '../../src-main/core/onnx/encoder.ts';
import { repoRoot, sharedData, tempDir } from '../helpers/paths.ts';

const CHROMIUM_DIR = '/usr/lib/chromium';
const SWIFTSHADER_ICD = join(CHROMIUM_DIR, 'vk_swiftshader_icd.json');
const fixture = sharedData('bert/fixture');

interface ChildReport {
  report: { available: string[]; chosen: string; skipped: { name: string; reason: string }[]; software: string[] };
  steps: Record<'sgns' | 'cbow' | 'glove', Record<string, number>>;
  device: { onDevice: boolean; syn0: number; syn1neg: number };
  training: {
    onDevice: boolean;
    sgns: { vectors: number; loss: number[] };
    glove: { vectors: number; loss: number[] };
  };
  encoder: { provider: string; vectors: number[][]; attention: number[][]; texts: string[] };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe.skipIf(!existsSync(SWIFTSHADER_ICD))('the WebGPU provider on SwiftShader', () => {
  const temp = tempDir('embedlab-webgpu-');
  let child: ChildReport;

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'tests/integration/webgpu/child.ts'), fixture, temp.dir],
      {
        cwd: repoRoot,
        maxBuffer: 64 << 20,
        env: {
          ...process.env,
          VK_ICD_FILENAMES: SWIFTSHADER_ICD,
          // chromium's own libvulkan.so.1, for machines without Debian's libvulkan1
          LD_LIBRARY_PATH: [process.env.LD_LIBRARY_PATH, CHROMIUM_DIR].filter(Boolean).join(':'),
          XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? temp.dir,
        },
      },
    );
    child = JSON.parse(stdout) as ChildReport;
  }, 240_000);
  afterAll(() => temp.cleanup());

  it('is found, but named a software device that auto does not choose', () => {
    expect(child.report.software).toEqual(['webgpu']);
    expect(child.report.available).not.toContain('webgpu');
    expect(child.report.chosen).toBe('cpu');
    const webgpu = child.report.skipped.find((s) => s.name === 'webgpu');
    expect(webgpu?.reason).toMatch(/software.*force it/);
  });

  it('runs one skip-gram, CBOW and GloVe step as the CPU provider does, rows repeated in the batch', () => {
    for (const [method, outputs] of Object.entries(child.steps)) {
      const expected = method === 'glove' ? 9 : 3;
      expect(Object.keys(outputs), method).toHaveLength(expected);
      for (const [name, diff] of Object.entries(outputs)) expect(diff, `${method} ${name}`).toBeLessThan(1e-5);
    }
  });

  it('keeps the weights on the device between steps and reads them back (getData would abort)', () => {
    expect(child.device.onDevice).toBe(true);
    expect(child.device.syn0).toBeLessThan(1e-5);
    expect(child.device.syn1neg).toBeLessThan(1e-5);
  });

  it('trains whole skip-gram and GloVe runs to the CPU provider’s vectors', () => {
    const { training } = child;
    expect(training.onDevice).toBe(true);
    expect(training.sgns.vectors).toBeLessThan(1e-4);
    expect(training.glove.vectors).toBeLessThan(1e-5);
    expect(training.sgns.loss.at(-1)!).toBeLessThan(training.sgns.loss[0]);
    expect(training.glove.loss.at(-1)!).toBeLessThan(training.glove.loss[0]);
  });

  it('encodes sentences and gives attention weights as the CPU provider does', async () => {
    expect(child.encoder.provider).toBe('webgpu');
    const enc = await Encoder.open(fixture);
    try {
      const cpu = await enc.encode(child.encoder.texts, { pooling: 'mean', normalize: true });
      cpu.vectors.forEach((v, i) => expect(maxDiff(v, child.encoder.vectors[i])).toBeLessThan(1e-4));
      const attention = await enc.attention(child.encoder.texts[0], null, 1, 1);
      expect(maxDiff(attention.weights.flat(), child.encoder.attention.flat())).toBeLessThan(1e-4);
    } finally {
      await enc.close();
    }
  });
});
