// Just enough of the ONNX protobuf format to write small graphs from
// TypeScript (the provider probe; the GPU training steps): models, graphs,
// nodes with attributes, typed inputs and outputs, and initializers as raw
// little-endian bytes. Field numbers follow onnx/onnx.proto.

export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

export interface ValueInfo {
  name: string;
  type: DataTypeCode;
  /** a number is a fixed size, a string a named dynamic one; null: any rank */
  shape: (number | string)[] | null;
}

export type Attribute = number | number[] | string | { floats: number[] } | { float: number };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attributes?: Record<string, Attribute>;
}

export interface Initializer {
  name: string;
  type: DataTypeCode;
  dims: number[];
  /** BOOL tensors are one byte per value */
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers?: Initializer[];
  opset?: number;
}

/** the serialized ModelProto, ready for InferenceSession.create(bytes) */
export function encodeModel(g: GraphSpec): Uint8Array {
  const w = new Writer();
  w.varintField(1, 8); // ir_version 8: every onnxruntime since 1.14 reads it
  w.stringField(2, 'embedding-lab');
  w.messageField(7, graph(g));
  const opset = new Writer();
  opset.stringField(1, '');
  opset.varintField(2, g.opset ?? 17);
  w.messageField(8, opset);
  return w.finish();
}

function graph(g: GraphSpec): Writer {
  const w = new Writer();
  for (const n of g.nodes) w.messageField(1, node(n));
  w.stringField(2, g.name);
  for (const t of g.initializers ?? []) w.messageField(5, tensor(t));
  for (const v of g.inputs) w.messageField(11, valueInfo(v));
  for (const v of g.outputs) w.messageField(12, valueInfo(v));
  return w;
}

function node(n: NodeSpec): Writer {
  const w = new Writer();
  for (const i of n.inputs) w.stringField(1, i);
  for (const o of n.outputs) w.stringField(2, o);
  if (n.name) w.stringField(3, n.name);
  w.stringField(4, n.op);
  for (const [name, value] of Object.entries(n.attributes ?? {})) w.messageField(5, attribute(name, value));
  return w;
}

const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 };

function attribute(name: string, value: Attribute): Writer {
  const w = new Writer();
  w.stringField(1, name);
  if (typeof value === 'number') {
    w.varintField(3, value);
    w.varintField(20, ATTR.INT);
  } else if (typeof value === 'string') {
    w.bytesField(4, new TextEncoder().encode(value));
    w.varintField(20, ATTR.STRING);
  } else if (Array.isArray(value)) {
    for (const v of value) w.varintField(8, v);
    w.varintField(20, ATTR.INTS);
  } else if ('float' in value) {
    w.floatField(2, value.float);
    w.varintField(20, ATTR.FLOAT);
  } else {
    for (const v of value.floats) w.floatField(7, v);
    w.varintField(20, ATTR.FLOATS);
  }
  return w;
}

function valueInfo(v: ValueInfo): Writer {
  const shape = new Writer();
  for (const d of v.shape ?? []) {
    const dim = new Writer();
    if (typeof d === 'number') dim.varintField(1, d);
    else dim.stringField(2, d);
    shape.messageField(1, dim);
  }
  const tensorType = new Writer();
  tensorType.varintField(1, v.type);
  if (v.shape) tensorType.messageField(2, shape);
  const type = new Writer();
  type.messageField(1, tensorType);
  const w = new Writer();
  w.stringField(1, v.name);
  w.messageField(2, type);
  return w;
}

function tensor(t: Initializer): Writer {
  const w = new Writer();
  for (const d of t.dims) w.varintField(1, d);
  w.varintField(2, t.type);
  w.stringField(8, t.name);
  // raw_data is little-endian, as typed arrays are on every platform we ship
  w.bytesField(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  return w;
}

/** a protobuf message being written: fields appended in order */
class Writer {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  varintField(field: number, value: number): void {
    this.key(field, 0);
    this.varint(value);
  }

  floatField(field: number, value: number): void {
    this.key(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
  }

  stringField(field: number, value: string): void {
    this.bytesField(field, new TextEncoder().encode(value));
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.key(field, 2);
    this.varint(bytes.length);
    this.push(bytes);
  }

  messageField(field: number, message: Writer): void {
    this.bytesField(field, message.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** base-128 varint; negative int64 values take ten bytes in two's complement */
  private varint(value: number): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      bytes.push(byte);
    } while (v !== 0n);
    this.push(Uint8Array.from(bytes));
  }

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.size += bytes.length;
  }
}
