// Runs a training graph step after step with its weights fed back: each
// step's updated matrices (`<name>_out`) are the next step's inputs. On a GPU
// provider the matrices stay on the device between steps (onnxruntime's
// preferredOutputLocation 'gpu-buffer', the output tensors fed back as they
// are), so a step moves only the batch in and the per-example loss out. On
// the CPU provider the matrices are copied out of and into onnxruntime each
// step, which is why the graph there is slower than our SIMD kernel.
import * as ort from 'onnxruntime-node';
import { DataType, encodeModel } from './proto.ts';
import { sessionOptions, type ProviderName } from './providers.ts';

/** providers whose outputs can stay in device memory between runs */
const DEVICE_RESIDENT: readonly ProviderName[] = ['cuda', 'tensorrt', 'webgpu'];

export class GraphSteps {
  /** an Identity session on the same provider whose output lands on the CPU (see read) */
  private reader: Promise<ort.InferenceSession> | null = null;

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly weights: Map<string, ort.Tensor>,
    /** the matrices live in device memory between steps */
    readonly onDevice: boolean,
    private readonly provider: ProviderName,
  ) {}

  /**
   * A session for `model` on `provider`, starting from `initial` (name →
   * tensor; the graph has an output `<name>_out` for each).
   */
  static async open(
    model: Uint8Array,
    provider: ProviderName,
    initial: Record<string, ort.Tensor>,
  ): Promise<GraphSteps> {
    const names = Object.keys(initial);
    const base = sessionOptions(provider);
    let session: ort.InferenceSession | null = null;
    let onDevice = false;
    if (DEVICE_RESIDENT.includes(provider)) {
      const preferredOutputLocation = Object.fromEntries(names.map((n) => [`${n}_out`, 'gpu-buffer' as const]));
      try {
        session = await ort.InferenceSession.create(model, { ...base, preferredOutputLocation });
        onDevice = true;
      } catch {
        // this build cannot keep outputs on that device: copy them each step instead
      }
    }
    session ??= await ort.InferenceSession.create(model, base);
    return new GraphSteps(session, new Map(Object.entries(initial)), onDevice, provider);
  }

  /** one step: the batch's feeds plus the current weights; returns the other outputs (on the CPU) */
  async run(feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.ReturnType> {
    const out = await this.session.run({ ...Object.fromEntries(this.weights), ...feeds });
    for (const [name, old] of this.weights) {
      const next = out[`${name}_out`];
      // device buffers of the step before are ours to free; CPU tensors are garbage collected
      if (this.onDevice && old.location === 'gpu-buffer') old.dispose();
      this.weights.set(name, next);
    }
    return out;
  }

  /** a matrix's current values, copied to the CPU */
  async read(name: string): Promise<Float32Array> {
    const t = this.weights.get(name);
    if (!t) throw new Error(`no weight named ${name}`);
    if (t.location === 'cpu') return Float32Array.from(t.data as Float32Array);
    // onnxruntime-node 1.30's Tensor.getData() on a WebGPU buffer aborts the
    // process (an uncaught C++ exception); an Identity node on the same device
    // with a CPU output copies it out safely
    this.reader ??= ort.InferenceSession.create(identityModel, sessionOptions(this.provider));
    const { y } = await (await this.reader).run({ x: t });
    return Float32Array.from(y.data as Float32Array);
  }

  async release(): Promise<void> {
    if (this.onDevice) for (const t of this.weights.values()) if (t.location === 'gpu-buffer') t.dispose();
    if (this.reader) await (await this.reader).release();
    await this.session.release();
  }
}

/** y = x for a float tensor of any shape: copies a device tensor to the CPU */
const identityModel = encodeModel({
  name: 'read',
  nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
  inputs: [{ name: 'x', type: DataType.FLOAT, shape: null }],
  outputs: [{ name: 'y', type: DataType.FLOAT, shape: null }],
});

/**
 * An int64 index tensor built without a BigInt per element: ids are written
 * as the low 32 bits of each little-endian int64 through an Int32Array view;
 * the high words stay 0 (ids are never negative).
 */
export class IndexBuffer {
  readonly int64: BigInt64Array;
  private readonly lanes: Int32Array;

  constructor(readonly capacity: number) {
    this.int64 = new BigInt64Array(capacity);
    this.lanes = new Int32Array(this.int64.buffer);
  }

  set(at: number, id: number): void {
    this.lanes[2 * at] = id;
  }

  /** the first `n` entries as a tensor of `dims` (no copy) */
  tensor(n: number, dims: number[]): ort.Tensor {
    return new ort.Tensor('int64', n === this.capacity ? this.int64 : this.int64.subarray(0, n), dims);
  }
}

export function scalar(value: number): ort.Tensor {
  return new ort.Tensor('float32', Float32Array.of(value), [1]);
}

/** progress posts at most this often */
export const PROGRESS_EVERY_MS = 250;
