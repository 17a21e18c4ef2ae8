// The real service with a temp database, for the host integration tests.
// (Unit tests of the hosts use tests/helpers/fake-service.ts instead.)
import { join } from 'node:path';
import { createService } from '../../../src-main/service/service.ts';
import type { HostKind, LabService } from '../../../src-main/service/types.ts';
import { sharedData, tempDir } from '../../helpers/paths.ts';

export const TEST_ENCODER = 'tiny-bert';

export interface TestService {
  service: LabService;
  dir: string;
  dbPath: string;
  close(): Promise<void>;
}

export async function openTestService(host: HostKind): Promise<TestService> {
  const { dir, cleanup } = tempDir('embedlab-hosts-');
  const dbPath = join(dir, 'lab.sqlite');
  const service = await createService({ dbPath, host });
  // the fixture encoder, so encoder requests cross each host for real
  await service.addEncoderFolder(sharedData('bert/fixture'), TEST_ENCODER);
  return {
    service,
    dir,
    dbPath,
    close: async () => {
      await service.close();
      cleanup();
    },
  };
}
