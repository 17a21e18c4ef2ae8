// Frame times of the Explore map (the app's PointMap, src-renderer/src/lib/point-map.ts)
// in Chromium, for 10k, 50k and 100k points, while the view orbits, zooms and
// the pointer sweeps over the words (hover picking and labels).
//   node --import tsx tests/bench/frames.bench.ts [--sizes 10000,50000,100000] [--steps 60]
//        [--render-steps 30] [--json] [--out FILE.json]
// A small page (tests/bench/frames/) is built by Vite from the renderer's
// sources and opened in Debian's Chromium with the e2e tests' flags (no GPU:
// WebGL2 runs on SwiftShader, on the CPU). Two numbers per interaction:
//   frame  — ms between animation frames, counting the frames the map drew
//            (each step is applied in one frame; the map renders on demand);
//   render — ms to draw one frame with every word and wait for it (a one-pixel readPixels).
// While the camera moves the map draws only the words its frame budget affords
// (src-renderer/src/lib/frame-budget.ts); the bench prints how many, and checks
// that every word is drawn again once the camera stands still.
// The goal for this machine's software renderer: 50k points at a median frame ≤ 50 ms.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { launchChromium } from '../helpers/browser.ts';
import type { Interaction, SweepResult } from './frames/page.ts';
import { serveFramesPage } from './frames/serve.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const sizes = option('--sizes', '10000,50000,100000').split(',').map(Number);
const steps = Number(option('--steps', '60'));
const renderSteps = Number(option('--render-steps', '30'));
const asJson = process.argv.includes('--json');
const out = option('--out', '');
const INTERACTIONS: Interaction[] = ['orbit', 'zoom', 'hover'];
const GOAL = { size: 50_000, medianMs: 50 };

for (const n of sizes)
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
    throw new Error(`--sizes: ${n} is not a point count (1..1000000)`);

interface Stats {
  median: number;
  p95: number;
  n: number;
}

interface Row {
  size: number;
  interaction: Interaction;
  frame: Stats;
  render: Stats;
  frames: number;
  renders: number;
  hits: number;
  /** words drawn per frame during the sweep (median, least) and once the camera stood still */
  drawn: { median: number; min: number; settled: number };
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN);
  const median = s.length % 2 ? at(0.5) : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median: round(median), p95: round(at(0.95)), n: s.length };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

async function main(): Promise<void> {
  const log = (s: string) => (asJson ? process.stderr.write(s + '\n') : console.log(s));
  const { url, close } = await serveFramesPage();
  try {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on('pageerror', (e) => console.error('page error:', e.message));
      await page.goto(url);
      await page.waitForSelector('body[data-ready="1"]');
      const rows: Row[] = [];
      let renderer = '';
      let maxLabels = 0;
      for (const size of sizes) {
        const setup = await page.evaluate(
          (n) =>
            (window as unknown as { bench: { setup(n: number): { labels: number; renderer: string } } }).bench.setup(n),
          size,
        );
        renderer = setup.renderer;
        maxLabels = Math.max(maxLabels, setup.labels);
        for (const interaction of INTERACTIONS) {
          const r = await page.evaluate(
            ([kind, s, rs]) =>
              (
                window as unknown as {
                  bench: { sweep(k: Interaction, s: number, rs: number): Promise<SweepResult> };
                }
              ).bench.sweep(kind, s, rs),
            [interaction, steps, renderSteps] as const,
          );
          const row = {
            size,
            interaction,
            frame: stats(r.raf),
            render: stats(r.render),
            frames: r.frames,
            renders: r.renders,
            hits: r.hits,
            drawn: { median: stats(r.drawn).median, min: Math.min(...r.drawn), settled: r.settled },
          };
          rows.push(row);
          log(
            `${String(size).padStart(7)} ${interaction.padEnd(6)} frame median ${row.frame.median} ms, p95 ${row.frame.p95} ms` +
              ` · render median ${row.render.median} ms, p95 ${row.render.p95} ms · ${row.frames} frames, ${row.renders} with the points redrawn` +
              (interaction === 'hover' ? ` · ${row.hits} of ${steps} steps over a word` : '') +
              (interaction === 'hover'
                ? ''
                : ` · drew ${row.drawn.median} words a frame (least ${row.drawn.min}), ${row.drawn.settled} at rest`) +
              ` · ${setup.labels} labels`,
          );
        }
      }
      const goalRows = rows.filter((r) => r.size === GOAL.size);
      const goalMedian = goalRows.length ? Math.max(...goalRows.map((r) => r.frame.median)) : null;
      const hiddenAtRest = rows.filter((r) => r.drawn.settled !== r.size);
      for (const r of hiddenAtRest)
        log(`FAIL: ${r.size} ${r.interaction}: ${r.drawn.settled} of ${r.size} words drawn once the camera stopped`);
      const pass = goalMedian !== null && goalMedian <= GOAL.medianMs && hiddenAtRest.length === 0;
      log(`renderer: ${renderer} · ${cpus().length} cores · ${cpus()[0]?.model ?? ''}`);
      log(`labels shown at most: ${maxLabels} (capped: never one per point)`);
      log(
        goalMedian === null
          ? `50k goal: not measured (add 50000 to --sizes)`
          : `${pass ? 'PASS' : 'FAIL'}: 50k points, worst median frame over orbit/zoom/hover ${goalMedian} ms (goal ≤ ${GOAL.medianMs} ms)`,
      );
      const report = {
        renderer,
        cores: cpus().length,
        steps,
        renderSteps,
        goal: { ...GOAL, worstMedian: goalMedian, pass },
        maxLabels,
        rows,
      };
      if (asJson) console.log(JSON.stringify(report, null, 2));
      if (out) writeFileSync(out, JSON.stringify(report, null, 2));
      if (goalMedian !== null && !pass) process.exitCode = 1;
    } finally {
      await browser.close();
    }
  } finally {
    await close();
  }
}

await main();
