// Execution providers: which ones this onnxruntime-node build carries, which
// of those really start on this machine, and the one a session uses. Tried in
// order of speed for the platform; CPU always works. A provider that is
// skipped says why, so the UI and the CLI can tell the user.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { encodeModel, DataType } from './proto.ts';
import { ParamError } from '../errors.ts';
import type { ProviderName, ProviderReport } from '../../../src-preload/contract.ts';

export type { ProviderName, ProviderReport };

/** fastest first, per platform (TensorRT needs CUDA's libraries too, so CUDA goes first: it starts faster) */
export function preferredOrder(platform: NodeJS.Platform = process.platform): ProviderName[] {
  if (platform === 'darwin') return ['coreml', 'webgpu', 'cpu'];
  if (platform === 'win32') return ['cuda', 'tensorrt', 'dml', 'webgpu', 'cpu'];
  return ['cuda', 'tensorrt', 'webgpu', 'cpu'];
}

/** names the onnxruntime-node binding reports, mapped to ours; bundled false means its libraries are absent */
function bundled(): Map<string, boolean> {
  const list = (
    ort as unknown as { listSupportedBackends?: () => { name: string; bundled: boolean }[] }
  ).listSupportedBackends?.() ?? [{ name: 'cpu', bundled: true }];
  return new Map(list.map((b) => [b.name, b.bundled]));
}

/** a one-node graph (Y = X + X) that every provider can run: enough to see whether it starts */
const probeModel = encodeModel({
  name: 'probe',
  nodes: [{ op: 'Add', inputs: ['x', 'x'], outputs: ['y'] }],
  inputs: [{ name: 'x', type: DataType.FLOAT, shape: [4] }],
  outputs: [{ name: 'y', type: DataType.FLOAT, shape: [4] }],
});

export function sessionOptions(provider: ProviderName): ort.InferenceSession.SessionOptions {
  // level 3: errors only, so a provider that fails to load does not flood the terminal
  return { executionProviders: [provider], logSeverityLevel: 3 };
}

/** why `provider` cannot run here, or null when a session starts and runs on it */
export async function tryProvider(
  provider: ProviderName,
  model: Uint8Array | string = probeModel,
): Promise<string | null> {
  const carried = bundled();
  if (!carried.has(provider)) return `not part of the onnxruntime-node build for ${process.platform}-${process.arch}`;
  if (!carried.get(provider)) {
    return 'its libraries were not installed with onnxruntime-node (they download at install time; reinstall with network access)';
  }
  // Dawn would print a warning on every probe; the missing loader is the whole answer
  if (provider === 'webgpu' && process.platform === 'linux' && !hasVulkanLoader()) {
    return 'no Vulkan loader (libvulkan.so.1) on this machine; WebGPU on Linux runs over Vulkan (install libvulkan1 and a GPU driver)';
  }
  try {
    const session = await ort.InferenceSession.create(model as Uint8Array, sessionOptions(provider));
    if (model === probeModel) await session.run({ x: new ort.Tensor('float32', new Float32Array(4), [4]) });
    await session.release();
    return null;
  } catch (err) {
    const reason = firstLine((err as Error).message);
    if (provider === 'webgpu' && /no supported adapter/i.test(reason)) {
      return `${reason}: no Vulkan device WebGPU accepts (install the GPU's Vulkan driver; mesa's lavapipe is too old for Dawn)`;
    }
    return reason;
  }
}

let cached: Promise<ProviderReport> | null = null;

/** every provider of this platform tried once per process (the answer does not change while it runs) */
export function probeProviders(): Promise<ProviderReport> {
  cached ??= probe(preferredOrder());
  return cached;
}

async function probe(order: ProviderName[]): Promise<ProviderReport> {
  const available: ProviderName[] = [];
  const software: ProviderName[] = [];
  const skipped: ProviderReport['skipped'] = [];
  for (const name of order) {
    const reason = await tryProvider(name);
    const emulated = reason === null && name === 'webgpu' ? softwareVulkan() : null;
    if (emulated) {
      software.push(name);
      skipped.push({
        name,
        reason: `${emulated}: it works, but slower than the CPU provider, so auto leaves it out (force it to use it anyway)`,
      });
    } else if (reason === null) available.push(name);
    else skipped.push({ name, reason });
  }
  return { available, chosen: available[0] ?? 'cpu', skipped, software };
}

/** the provider to use: the forced one if it works (else an error saying why), or the best available */
export async function chooseProvider(forced?: ProviderName | 'auto'): Promise<ProviderReport> {
  const report = await probeProviders();
  if (!forced || forced === 'auto') return report;
  if (report.available.includes(forced) || report.software?.includes(forced)) return { ...report, chosen: forced };
  const why = report.skipped.find((s) => s.name === forced)?.reason ?? `not a provider of ${process.platform}`;
  throw new ParamError(`execution provider ${forced} cannot be used here: ${why}`);
}

/** onnxruntime's messages carry file paths and lambdas; the user needs the cause */
function firstLine(message: string): string {
  const line = message.split('\n').find((l) => l.trim()) ?? message;
  const cause = line.match(/(Failed to [^.]*\.?|No supported adapter.*|cannot open shared object file.*)$/i);
  return (cause ? cause[1] : line).trim().slice(0, 300);
}

/**
 * Why the Vulkan device WebGPU found must be a software rasteriser
 * (SwiftShader, lavapipe), or null when a GPU may be behind it. Dawn does not
 * say which adapter onnxruntime took, so this reads what the machine has.
 */
function softwareVulkan(): string | null {
  if (process.platform !== 'linux') return null;
  const icd = process.env.VK_DRIVER_FILES ?? process.env.VK_ICD_FILENAMES ?? '';
  const named = icd.match(/swiftshader|lvp|lavapipe/i);
  if (named) return `the Vulkan driver named by the environment is a software one (${named[0]})`;
  if (!hasGpuDevice())
    return 'no GPU device here (no /dev/dri/renderD*, no /dev/nvidia0), so WebGPU runs on a software Vulkan device';
  return null;
}

function hasGpuDevice(): boolean {
  if (existsSync('/dev/nvidia0')) return true;
  try {
    return readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  } catch {
    return false;
  }
}

/** the Vulkan loader in the library path or the usual system folders */
function hasVulkanLoader(): boolean {
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
    '/usr/lib64',
    '/usr/lib',
    '/lib64',
    '/usr/local/lib',
  ];
  return dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')));
}
