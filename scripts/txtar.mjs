// txtar archives, as used by CUE's own testdata: a comment, then sections that start with a
// line `-- name --`. One implementation for the golden-case runners (through
// test/helpers/txtar.ts) and for scripts/oracle.mjs (plain Node, which cannot load TypeScript).
// Types: txtar.d.mts.

const header = /^-- (.+?) --$/;

export function parseTxtar(text) {
  const lines = text.split('\n');
  const archive = { comment: '', files: [] };
  let current;
  const buf = [];
  const flush = () => {
    const data = buf.length > 0 ? buf.join('\n') + '\n' : '';
    if (current) current.data = data;
    else archive.comment = data;
    buf.length = 0;
  };
  // A trailing newline produces a final empty element that is not a line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const m = header.exec(line);
    if (m) {
      flush();
      current = { name: m[1], data: '' };
      archive.files.push(current);
    } else buf.push(line);
  }
  flush();
  return archive;
}

export function formatTxtar(a) {
  let out = a.comment;
  for (const f of a.files) {
    out += `-- ${f.name} --\n` + f.data;
    if (f.data.length > 0 && !f.data.endsWith('\n')) out += '\n';
  }
  return out;
}

export function getFile(a, name) {
  return a.files.find((f) => f.name === name)?.data;
}

/** Sets (or removes, with `undefined`) a section, keeping the order of existing ones. */
export function setFile(a, name, data) {
  const i = a.files.findIndex((f) => f.name === name);
  if (data === undefined) {
    if (i >= 0) a.files.splice(i, 1);
  } else if (i >= 0) a.files[i].data = data;
  else a.files.push({ name, data });
}
