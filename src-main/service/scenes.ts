// The scenes requests: bookmarks of the Explore map, stored per run.
import type { LabHandlers } from '../../src-preload/contract.ts';
import type { Db } from '../core/store/db.ts';
import { getRun } from '../core/store/runs.ts';
import * as scenes from '../core/store/scenes.ts';

export function sceneHandlers(db: Db): Pick<LabHandlers, 'saveScene' | 'scenes' | 'deleteScene'> {
  return {
    saveScene: async ({ run, name, state }) => scenes.saveScene(db, getRun(db, run).id, name, state),
    scenes: async ({ run }) => scenes.listScenes(db, run === undefined ? undefined : getRun(db, run).id),
    deleteScene: async ({ id }) => ({ deleted: scenes.deleteScene(db, id) }),
  };
}
