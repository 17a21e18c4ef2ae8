// Child process for the interrupted-job test: starts a job that never ends,
// prints its id, and waits to be killed.
import { openDatabase } from '../../src-main/core/store/db.ts';
import { JobManager, lockDirFor } from '../../src-main/service/jobs.ts';
import { dataDirFor } from '../../src-main/service/paths.ts';

const dbPath = process.argv[2];
const jobs = new JobManager(openDatabase(dbPath), lockDirFor(dataDirFor(dbPath)), () => {});
const id = jobs.start('train', 'forever', null, () => new Promise(() => {}));
setTimeout(() => console.log(`job ${id}`), 50);
// stay until killed; the timer also keeps `jobs` reachable: a collected
// JobManager would close its lock handle and let go of the lock
setInterval(() => jobs.list(), 60_000);
