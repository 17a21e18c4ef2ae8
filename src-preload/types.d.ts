// What the preload puts on the page: absent in the browser host, where the
// renderer talks HTTP instead.
import type { LabApi } from './contract.ts';

declare global {
  interface Window {
    lab?: LabApi;
  }
}

export {};
