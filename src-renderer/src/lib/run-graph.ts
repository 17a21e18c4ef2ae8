// What a run trained on, read from params.graph: the ONNX graph on an
// execution provider, or the CPU kernel when 'auto' found no GPU provider.
import { integer } from './format.ts';

export interface RunGraph {
  /** the graphProvider asked for ('auto' or a provider) */
  requested: string;
  /** the provider the graph ran on, or 'cpu-kernel' when auto fell back */
  provider: string;
  /** providers not used, each with the reason */
  skipped: { name: string; reason: string }[];
  batch?: number;
  weightsOnDevice?: boolean;
  note?: string;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** params.graph of a graph-trained run; null for runs the CPU kernels trained as asked */
export function runGraph(params: Record<string, unknown> | null | undefined): RunGraph | null {
  const g = params?.graph;
  if (!isRecord(g) || typeof g.provider !== 'string') return null;
  const skipped = Array.isArray(g.skipped)
    ? g.skipped.filter(
        (s): s is { name: string; reason: string } =>
          isRecord(s) && typeof s.name === 'string' && typeof s.reason === 'string',
      )
    : [];
  return {
    requested: typeof g.requested === 'string' ? g.requested : g.provider,
    provider: g.provider,
    skipped: skipped.map(({ name, reason }) => ({ name, reason })),
    ...(typeof g.batch === 'number' && { batch: g.batch }),
    ...(typeof g.weightsOnDevice === 'boolean' && { weightsOnDevice: g.weightsOnDevice }),
    ...(typeof g.note === 'string' && g.note && { note: g.note }),
  };
}

/**
 * One line saying what trained the run:
 * "ONNX graph on webgpu (weights on the device), batch 8,192", or
 * "CPU kernel (auto found no GPU provider)".
 */
export function trainedOn(g: RunGraph): string {
  if (g.provider === 'cpu-kernel')
    return g.requested === 'auto' ? 'CPU kernel (auto found no GPU provider)' : 'CPU kernel';
  const how: string[] = [];
  if (g.requested === 'auto') how.push('picked by auto');
  if (g.weightsOnDevice === true) how.push('weights on the device');
  // on the CPU provider the weights have no device to stay on; elsewhere copying them is the slow path
  else if (g.weightsOnDevice === false && g.provider !== 'cpu') how.push('weights copied in and out each step');
  const batch = g.batch === undefined ? '' : `, batch ${integer(g.batch)}`;
  return `ONNX graph on ${g.provider}${how.length > 0 ? ` (${how.join('; ')})` : ''}${batch}`;
}

/** the params listed as plain facts: all but the graph, which has a block of its own */
export function plainParams(params: Record<string, unknown> | null | undefined): [string, unknown][] {
  return Object.entries(params ?? {}).filter(([key]) => key !== 'graph');
}
