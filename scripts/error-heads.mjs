// The `path: message` first lines of a CUE error report: what two reports must share to say the
// same thing. Positions (the indented lines), order and repetitions are left out, and so is the
// colon that ends a first line when positions follow (v0.4 prints none for incomplete values).
// One definition for scripts/differential.mjs and test/eval-golden.test.ts. Types: error-heads.d.mts.

export function errorHeads(stderr) {
  const heads = stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s/.test(l))
    .map((l) => l.replace(/:$/, '').trim());
  return [...new Set(heads)].sort();
}
