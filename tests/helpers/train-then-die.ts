// Child process: imports the demo corpus, starts a training run that
// checkpoints often (method, epochs and graph provider from argv), prints
// "training" once it runs, and waits to be killed mid-epoch.
import { createService } from '../../src-main/service/service.ts';
import type { GraphProvider, TrainMethod } from '../../src-preload/contract.ts';

const [dbPath, method = 'sgns', epochs = '1000', graphProvider = 'off'] = process.argv.slice(2);
const service = await createService({ dbPath, host: 'cli' });
const { jobId } = await service.importPaths({ name: 'demo', paths: ['resources/demo/corpus.txt'], lowercase: true });
await service.waitForJob(jobId);
const train = await service.handlers.train({
  corpus: 'demo',
  name: 'long',
  method: method as TrainMethod,
  params: {
    dim: 20,
    epochs: Number(epochs),
    minCount: 1,
    threads: 1,
    checkpointEvery: 0.2,
    bucket: 5000,
    graphProvider: graphProvider as GraphProvider,
  },
});
const off = service.on('job', ({ job }) => {
  if (job.id === train.jobId && job.status === 'running' && job.progress) {
    console.log('training');
    off();
  }
});
// keep the service reachable until killed (a collected lock handle lets go of the lock)
setInterval(() => service.dbPath, 60_000);
