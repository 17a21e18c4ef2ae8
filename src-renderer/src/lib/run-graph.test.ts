import { describe, expect, test } from 'vitest';
import { plainParams, runGraph, trainedOn } from './run-graph.ts';

// params.graph as src-main/service/trainers.ts stores it
const onWebgpu = {
  requested: 'webgpu',
  provider: 'webgpu',
  skipped: [{ name: 'cuda', reason: 'libcudart.so.12: cannot open shared object file' }],
  batch: 8192,
  weightsOnDevice: true,
};
const fellBack = {
  requested: 'auto',
  provider: 'cpu-kernel',
  skipped: [
    { name: 'cuda', reason: 'no CUDA here' },
    { name: 'webgpu', reason: 'no GPU device here: it works, but slower than the CPU provider' },
  ],
  note: 'graph-provider auto found no GPU execution provider (see skipped), so the CPU kernel trained this run',
};

describe('runGraph', () => {
  test('reads what a graph-trained run stored', () => {
    expect(runGraph({ dim: 100, graphProvider: 'webgpu', graph: onWebgpu })).toEqual(onWebgpu);
    expect(runGraph({ graph: fellBack })).toEqual(fellBack);
  });

  test('a run without a graph, or with something else there, has none', () => {
    expect(runGraph({ dim: 100, graphProvider: 'off' })).toBeNull();
    expect(runGraph({})).toBeNull();
    expect(runGraph(null)).toBeNull();
    expect(runGraph({ graph: 'webgpu' })).toBeNull();
    expect(runGraph({ graph: { requested: 'auto' } })).toBeNull();
  });

  test('keeps only well-formed skipped entries and drops fields of the wrong type', () => {
    const g = runGraph({
      graph: { provider: 'cuda', skipped: [{ name: 'dml' }, 3, { name: 'coreml', reason: 'not macOS' }], batch: '8' },
    });
    expect(g).toEqual({ requested: 'cuda', provider: 'cuda', skipped: [{ name: 'coreml', reason: 'not macOS' }] });
  });
});

describe('trainedOn', () => {
  test('a forced provider with the weights on the device and its batch', () => {
    expect(trainedOn(runGraph({ graph: onWebgpu })!)).toBe('ONNX graph on webgpu (weights on the device), batch 8,192');
  });

  test('auto that fell back to the CPU kernel says so', () => {
    expect(trainedOn(runGraph({ graph: fellBack })!)).toBe('CPU kernel (auto found no GPU provider)');
  });

  test('auto that found a GPU provider, its weights copied each step', () => {
    const g = { requested: 'auto', provider: 'cuda', skipped: [], batch: 4096, weightsOnDevice: false };
    expect(trainedOn(g)).toBe('ONNX graph on cuda (picked by auto; weights copied in and out each step), batch 4,096');
  });

  test('the CPU provider does not claim a device', () => {
    const g = { requested: 'cpu', provider: 'cpu', skipped: [], batch: 512, weightsOnDevice: false };
    expect(trainedOn(g)).toBe('ONNX graph on cpu, batch 512');
  });
});

describe('plainParams', () => {
  test('lists every param but the graph, in order', () => {
    expect(plainParams({ dim: 50, graph: onWebgpu, graphProvider: 'webgpu' })).toEqual([
      ['dim', 50],
      ['graphProvider', 'webgpu'],
    ]);
    expect(plainParams(undefined)).toEqual([]);
  });
});
