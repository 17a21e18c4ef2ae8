// What a host (Electron shell, browser host, CLI, tests) gets from the service.
import type {
  CompareReport,
  EncoderModelInfo,
  EvalReport,
  Events,
  JobInfo,
  LabHandlers,
  Unsubscribe,
} from '../../src-preload/contract.ts';

export type HostKind = 'electron' | 'browser' | 'cli';

export interface ServiceOptions {
  dbPath: string;
  host: HostKind;
  /** folder holding the shipped demo corpus; defaults to the repository's resources/ */
  resourcesDir?: string;
}

export interface LabService {
  /** the contract's requests, arguments already validated by the host */
  readonly handlers: LabHandlers;
  readonly dbPath: string;
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): Unsubscribe;
  /** trusted hosts only (CLI, tests): import files or folders by path */
  importPaths(args: { name: string; paths: string[]; lowercase: boolean }): Promise<{ jobId: string }>;
  /** trusted hosts only (CLI, tests): score a run on files named by path */
  evaluateFiles(
    run: string,
    files: { analogies: string[]; similarity: string[]; restrictVocab: number },
  ): Promise<EvalReport>;
  /** trusted hosts only (CLI): every run's scores on files named by path, stored ones reused (see `compare`) */
  compareFiles(
    runs: string[],
    files: { analogies: string[]; similarity: string[]; restrictVocab: number },
  ): Promise<CompareReport>;
  /** trusted hosts only (CLI, desktop dialog): check an encoder folder and register it under a name */
  addEncoderFolder(dir: string, name: string): Promise<EncoderModelInfo>;
  /** trusted hosts only (CLI): use an encoder folder without registering it; resolves to the model name to pass */
  useEncoderFolder(dir: string): Promise<string>;
  /** the browser host stored an upload at filePath; returns the id the page may name */
  registerUpload(filePath: string, originalName: string): string;
  /** the desktop shell's dialog returned these paths; returns the id the page may name */
  registerPick(paths: string[]): string;
  /** resolves when the job leaves queued/running */
  waitForJob(jobId: string): Promise<JobInfo>;
  close(): Promise<void>;
}
