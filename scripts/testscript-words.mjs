// Shared by the scripts that replay CUE's testscript files (cmd/cue/cmd/testdata/script,
// the tutorials): how one script line splits into words.

/**
 * Splits a testscript line into words. Only '...' quotes (a doubled '' inside is a literal
 * quote), as testscript itself; a `#` at the start of a word ends the line.
 */
export function words(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      if (quoted && line[i + 1] === "'") {
        cur += "'";
        i++;
        continue;
      }
      quoted = !quoted;
      has = true;
    } else if (!quoted && (c === ' ' || c === '\t')) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else if (!quoted && c === '#' && !has && !cur) break;
    else cur += c;
  }
  if (has || cur) out.push(cur);
  return out;
}
