// Following a job to its end: progress on stderr, and Ctrl-C (or SIGTERM)
// cancels it cleanly; a second one leaves at once.
import type { JobInfo } from '../../src-preload/contract.ts';
import type { LabService } from '../service/types.ts';
import type { Context } from './context.ts';
import { createProgress } from './progress.ts';

export interface Followed {
  job: JobInfo;
  /** 130 after SIGINT, 143 after SIGTERM; null when no signal came */
  signalExit: number | null;
}

const signalCodes = { SIGINT: 130, SIGTERM: 143 } as const;

export async function followJob(ctx: Context, service: LabService, jobId: string, label: string): Promise<Followed> {
  const progress = createProgress(ctx.io.stderr, label);
  const off = service.on('job', ({ job }) => job.id === jobId && progress.update(job));
  let signalExit: number | null = null;
  const handlers = (Object.keys(signalCodes) as (keyof typeof signalCodes)[]).map((signal) => {
    const listener = () => {
      if (signalExit !== null) ctx.exit(signalExit);
      signalExit = signalCodes[signal];
      progress.finish();
      ctx.log(`cancelling ${label}… (again to quit at once)`);
      service.handlers.cancelJob({ jobId }).catch((err: Error) => ctx.log(`could not cancel: ${err.message}`));
    };
    ctx.signals.on(signal, listener);
    return () => ctx.signals.off(signal, listener);
  });
  try {
    return { job: await service.waitForJob(jobId), signalExit };
  } finally {
    off();
    handlers.forEach((remove) => remove());
    progress.finish();
  }
}
