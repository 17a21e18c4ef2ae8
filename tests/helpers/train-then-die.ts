// Child process: imports the demo corpus, starts a long training, prints
// "training" once it runs, and waits to be killed mid-epoch.
import { createService } from '../../src-main/service/service.ts';

const service = await createService({ dbPath: process.argv[2], host: 'cli' });
const { jobId } = await service.importPaths({ name: 'demo', paths: ['resources/demo/corpus.txt'], lowercase: true });
await service.waitForJob(jobId);
const train = await service.handlers.train({
  corpus: 'demo',
  name: 'long',
  method: 'sgns',
  params: { dim: 50, epochs: 1000, minCount: 1, threads: 1 },
});
const off = service.on('job', ({ job }) => {
  if (job.id === train.jobId && job.status === 'running' && job.progress) {
    console.log('training');
    off();
  }
});
