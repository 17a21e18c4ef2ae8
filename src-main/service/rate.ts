// Rate and ETA over a sliding window, so a slow start does not skew the estimate.
const WINDOW_MS = 5000;

export class RateMeter {
  private samples: { t: number; done: number }[] = [];

  update(done: number, total: number, now = Date.now()): { rate: number; etaSeconds: number | null } {
    this.samples.push({ t: now, done });
    while (this.samples.length > 2 && now - this.samples[0].t > WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    const seconds = (now - first.t) / 1000;
    const rate = seconds > 0 ? (done - first.done) / seconds : 0;
    const etaSeconds = rate > 0 ? Math.max(0, (total - done) / rate) : null;
    return { rate, etaSeconds };
  }
}
