// How an execution provider stands on this machine, from the host's provider
// report, and the hints the pickers show. A provider on a software device
// (WebGPU on SwiftShader) is skipped by auto but works when forced, so the
// pickers keep it selectable and say so.
import type { ProviderName, ProviderReport } from '../../../src-preload/contract.ts';

/** 'unknown': no report yet */
export type ProviderStanding = 'available' | 'software' | 'unusable' | 'unknown';

export function providerStanding(report: ProviderReport | null, name: ProviderName): ProviderStanding {
  if (!report) return 'unknown';
  if (report.available.includes(name)) return 'available';
  if (report.software?.includes(name)) return 'software';
  return 'unusable';
}

/** why the report skipped a provider (a software device's reason too), or null */
export function skipReason(report: ProviderReport | null, name: ProviderName): string | null {
  return report?.skipped.find((s) => s.name === name)?.reason ?? null;
}

export interface ProviderWords {
  /** after a provider that runs only on a software device */
  software: string;
  /** after a provider that cannot run here */
  unusable: string;
}

export const PROVIDER_WORDS_EN: ProviderWords = {
  software: 'software device — can be forced',
  unusable: 'not usable here',
};

/** a provider's text in a picker: its name, then a hint unless it simply runs here */
export function providerOptionLabel(report: ProviderReport | null, name: ProviderName, words: ProviderWords): string {
  const standing = providerStanding(report, name);
  if (standing === 'software') return `${name} (${words.software})`;
  if (standing === 'unusable') return `${name} (${words.unusable})`;
  return name;
}

/**
 * One line under the training form's "ONNX graph on" picker about the chosen
 * setting, or null when there is nothing to add ('off', a provider that runs, no report yet).
 */
export function graphProviderNote(report: ProviderReport | null, choice: string): string | null {
  if (!report || choice === 'off') return null;
  if (choice === 'auto') {
    // as the trainer decides: the best provider that is not the CPU one, else the CPU kernel
    const gpu = report.available.find((p) => p !== 'cpu');
    return gpu
      ? `auto trains on ${gpu} here.`
      : 'auto finds no GPU provider here, so the CPU kernel trains (force a provider to use it anyway).';
  }
  const name = choice as ProviderName;
  const standing = providerStanding(report, name);
  const reason = skipReason(report, name);
  if (standing === 'software')
    return `${name} runs here on a software device; forcing it works${reason ? `: ${reason}` : '.'}`;
  if (standing === 'unusable') return `${name} cannot run here: ${reason ?? 'not a provider of this platform'}.`;
  return null;
}
