// Types of build-inputs.mjs, for the tests that import it.
export interface BuildTarget {
  name: string;
  label: string;
  script: string;
  inputs: string[];
  only?: RegExp;
  output: string;
  stamp: string;
}
export const TARGETS: BuildTarget[];
export function fingerprint(root: string, inputs: string[], only?: RegExp): Promise<string>;
export function buildState(root: string, target: BuildTarget): Promise<{ hash: string; upToDate: boolean }>;
export function markBuilt(root: string, target: BuildTarget, hash: string): Promise<void>;
