// UMAP time and faithfulness: ours (src-main/core/project) against plain
// umap-js with its defaults, on the same seeded clustered 100-dimensional
// points, in the same run.
//   node --import tsx tests/bench/umap.bench.ts [--sizes 5000,20000,50000] [--dim 100] [--seed 1]
//        [--only ours|umap-js] [--recall-sample 1000] [--out FILE.json]
// Both sides get the same data and the same task: 2D, 15 neighbours,
// min-dist 0.1, euclidean (umap-js's defaults). Times are wall and CPU seconds
// of the whole fit, Float32Array (ours) or number[][] (umap-js) in, layout out;
// recall@10 is measured the same way for both, against exact neighbours of a
// fixed sample of points.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { UMAP } from 'umap-js';
import { exactKnnOf, knnGraph } from '../../src-main/core/project/knn.ts';
import { knnRecall } from '../../src-main/core/project/faithfulness.ts';
import { Umap } from '../../src-main/core/project/umap.ts';
import { Xoshiro128 } from '../../src-main/core/train/random.ts';
import { clustered } from '../helpers/clustered.ts';

interface Side {
  wall: number;
  cpu: number;
  recall: number;
  /** ours: seconds of the neighbour search and of the rest (graph, start, epochs) */
  phases?: { neighbours: number; layout: number };
  epochs?: number;
}

interface Row {
  size: number;
  ours: Side | null;
  umapjs: Side | null;
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const sizes = option('--sizes', '5000,20000,50000').split(',').map(Number);
const dim = Number(option('--dim', '100'));
const seed = Number(option('--seed', '1'));
const only = option('--only', 'both');
const recallSample = Number(option('--recall-sample', '1000'));
const out = option('--out', '');

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function measure<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const value = fn();
  return { value, wall: (performance.now() - t0) / 1000, cpu: cpuSeconds() - c0 };
}

function runOurs(data: Float32Array, rows: number): { coords: Float32Array; phases: Side['phases']; epochs: number } {
  const t0 = performance.now();
  const knn = knnGraph(data, rows, dim, 14, 'euclidean', { seed });
  const t1 = performance.now();
  const umap = new Umap({ dims: 2, neighbors: 15, minDist: 0.1, metric: 'euclidean', seed });
  const epochs = umap.initializeFit(data, rows, dim, { knn });
  for (let e = 0; e < epochs; e++) umap.step();
  const t2 = performance.now();
  return { coords: umap.coords(), phases: { neighbours: (t1 - t0) / 1000, layout: (t2 - t1) / 1000 }, epochs };
}

function runUmapJs(data: Float32Array, rows: number): Float32Array {
  const x: number[][] = [];
  for (let r = 0; r < rows; r++) x.push(Array.from(data.subarray(r * dim, (r + 1) * dim)));
  const random = new Xoshiro128(seed, 0x15);
  // umap-js defaults (2D, 15 neighbours, min-dist 0.1, euclidean); only the random source is seeded
  const embedding = new UMAP({ random: () => random.nextFloat() }).fit(x);
  return Float32Array.from(embedding.flat());
}

function fmt(x: number | undefined, digits = 2): string {
  return x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits);
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `UMAP bench: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, ` +
      `load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `data: clustered (20 clusters, 5 directions each, noise), dim ${dim}, seed ${seed}; 2D, 15 neighbours, min-dist 0.1, euclidean`,
  );
  const rows: Row[] = [];
  for (const size of sizes) {
    const { data } = clustered({ rows: size, dim, seed });
    const sample = Array.from({ length: Math.min(size, recallSample) }, (_, i) =>
      Math.floor((i * size) / Math.min(size, recallSample)),
    );
    const truth = exactKnnOf(data, size, dim, 10, 'euclidean', sample);
    const recall = (coords: Float32Array) => knnRecall(truth, coords, size, 2, 10, sample).mean;
    const row: Row = { size, ours: null, umapjs: null };
    if (only !== 'umap-js') {
      const m = measure(() => runOurs(data, size));
      row.ours = {
        wall: m.wall,
        cpu: m.cpu,
        recall: recall(m.value.coords),
        phases: m.value.phases,
        epochs: m.value.epochs,
      };
      console.log(
        `  ${size}: ours ${fmt(m.wall)} s (cpu ${fmt(m.cpu)}; neighbours ${fmt(row.ours.phases?.neighbours)}, ` +
          `layout ${fmt(row.ours.phases?.layout)}), recall@10 ${fmt(row.ours.recall, 3)}`,
      );
    }
    if (only !== 'ours') {
      const m = measure(() => runUmapJs(data, size));
      row.umapjs = { wall: m.wall, cpu: m.cpu, recall: recall(m.value) };
      console.log(`  ${size}: umap-js ${fmt(m.wall)} s (cpu ${fmt(m.cpu)}), recall@10 ${fmt(row.umapjs.recall, 3)}`);
    }
    rows.push(row);
  }
  console.log('');
  console.log('points  ours s  umap-js s  ratio  cpu ratio  recall@10 ours  umap-js  goal (ratio <= 0.25, recall >=)');
  for (const r of rows) {
    const ratio = r.ours && r.umapjs ? r.ours.wall / r.umapjs.wall : NaN;
    const cpuRatio = r.ours && r.umapjs ? r.ours.cpu / r.umapjs.cpu : NaN;
    const met = r.ours && r.umapjs ? (ratio <= 0.25 && r.ours.recall >= r.umapjs.recall ? 'met' : 'missed') : '-';
    console.log(
      `${String(r.size).padStart(6)}  ${fmt(r.ours?.wall).padStart(6)}  ${fmt(r.umapjs?.wall).padStart(9)}  ` +
        `${fmt(ratio, 3).padStart(5)}  ${fmt(cpuRatio, 3).padStart(9)}  ${fmt(r.ours?.recall, 3).padStart(14)}  ` +
        `${fmt(r.umapjs?.recall, 3).padStart(7)}  ${met}`,
    );
  }
  console.log(
    `\nrecall@10 on ${Math.min(recallSample, ...sizes)}+ sampled points (exact neighbours); load at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
  );
  if (out) writeFileSync(out, JSON.stringify({ dim, seed, recallSample, rows }, null, 2));
}

await main();
