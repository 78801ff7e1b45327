/** Runs one golden case's inputs through cue-lite's export, as `cue-lite export` would. */
import type { Archive } from './txtar.js';
import { parseInputs, inputKind } from '../../src/api/inputs.js';
import { Runtime } from '../../src/compile/runtime.js';
import { exportJSONText } from '../../src/export/export.js';

/** The sections that are inputs (CUE and data files), in archive order. */
export function inputSections(a: Archive): { name: string; data: string }[] {
  return a.files.filter((f) => !f.name.startsWith('out/') && inputKind(f.name) !== undefined);
}

export function evalCase(a: Archive): { output: string; errors: string } {
  const inputs = inputSections(a).map((f) => ({ name: f.name, text: f.data }));
  const { files, errors } = parseInputs(inputs);
  if (errors.length > 0) return { output: '', errors: errors.map((e) => e.format()).join('') };
  const rt = new Runtime();
  const inst = rt.build(files);
  if (inst.errors.length > 0) return { output: '', errors: inst.errors.map((e) => e.format()).join('') };
  // The JSON text as the CLI writes it (streamed from the tree, no plain values between:
  // an int `-0` keeps its sign only there).
  const r = exportJSONText(rt.ev, inst.root);
  if (r.errors.length > 0) return { output: '', errors: r.errors.map((e) => e.format()).join('') };
  return { output: r.text!, errors: '' };
}
