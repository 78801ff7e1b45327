/**
 * txtar archives (golang.org/x/tools/txtar's format, which CUE's tests use): a comment, then
 * files, each introduced by a line `-- NAME --`. The playground shares several files, and
 * Render mode, as one archive in the URL fragment.
 */

export interface ArchiveFile {
  readonly name: string;
  readonly text: string;
}

export interface Archive {
  /** The text before the first file marker (the playground writes `mode: render` there). */
  readonly comment: string;
  readonly files: readonly ArchiveFile[];
}

const marker = /^-- (.+?) --$/;

/** Reads an archive. A file's text ends with a newline unless the archive ended without one. */
export function parseTxtar(text: string): Archive {
  const lines = text.split('\n');
  // split() leaves a final '' after a trailing newline: it is no line of its own.
  const trailingNewline = lines.length > 0 && lines[lines.length - 1] === '';
  if (trailingNewline) lines.pop();
  const files: ArchiveFile[] = [];
  let comment: string[] = [];
  let current: { name: string; lines: string[] } | null = null;
  const close = (last: boolean) => {
    if (!current) return;
    const body = current.lines.join('\n');
    files.push({ name: current.name, text: current.lines.length === 0 ? '' : body + (last && !trailingNewline ? '' : '\n') });
  };
  for (const line of lines) {
    const m = marker.exec(line);
    if (m) {
      close(false);
      current = { name: m[1]!.trim(), lines: [] };
    } else if (current) current.lines.push(line);
    else comment.push(line);
  }
  close(true);
  const c = comment.join('\n');
  return { comment: comment.length === 0 ? '' : c + '\n', files };
}

/** Writes an archive; each file's text gets a final newline if it lacks one (as txtar.Format). */
export function formatTxtar(archive: Archive): string {
  let out = archive.comment === '' || archive.comment.endsWith('\n') ? archive.comment : archive.comment + '\n';
  for (const f of archive.files) {
    out += `-- ${f.name} --\n`;
    if (f.text !== '') out += f.text.endsWith('\n') ? f.text : f.text + '\n';
  }
  return out;
}
