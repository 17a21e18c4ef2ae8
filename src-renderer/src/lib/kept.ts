import type { LabApi } from '../../../src-preload/contract.ts';

/**
 * A view's state that outlives a visit to another view: made once per lab
 * API (a new one after a reconnect), held by the view's module.
 */
export function keptPerLab<S>(make: (lab: LabApi) => S): (lab: LabApi) => S {
  let kept: { lab: LabApi; state: S } | null = null;
  return (lab) => {
    if (kept?.lab !== lab) kept = { lab, state: make(lab) };
    return kept.state;
  };
}
