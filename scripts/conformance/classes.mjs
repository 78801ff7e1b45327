// Failures grouped by likely cause, from their one-line reasons: what to fix first. The
// classes are heuristics over the reason texts of case.mjs, eq.mjs and err.mjs; a failure
// no rule recognises lands in "<kind>: other".

/** The class of one failed assertion ({kind, why}). */
export function failureClass(a) {
  const w = String(a.why ?? '');
  if (w === 'timeout') return 'timeout (the archive ran past the time limit)';
  if (w.includes("'__' are reserved")) return "parse: identifiers starting with '__' (CUE's test-only __no_sharing)";
  if (w.includes('string literal not terminated')) return 'parse: multi-line string inside an attribute';
  if (/expected '\]', found ':'|expected operand, found ':'/.test(w)) return 'parse: slice expression a[i:j]';
  if (w.startsWith('does not parse')) return 'parse: other';
  if (w.startsWith('does not compile')) return 'compile: ' + w.slice('does not compile: '.length).replace(/"[^"]*"/g, '"…"').slice(0, 60);
  if (/^path .* not found in the value$|^at=.*: no such field$/.test(w)) return 'lookup: the tested path does not exist in the value';
  if (a.kind === 'err') {
    if (w.startsWith('expected an error, got a value with an incomplete value below')) return 'err: only an incomplete value below, where CUE has an error';
    if (w.startsWith('expected an error, got a value')) return 'err: no error where CUE has one';
    if (w.startsWith('expected code=')) return 'err: other code ' + (w.match(/expected code=([^,]*), got \[([^\]]*)\]/)?.slice(1).join(' -> cue-lite ') ?? '');
    if (w.startsWith('message does not contain')) return 'err: right code, other message (contains=)';
    if (w.startsWith('no error below') || w.startsWith('expected an error below')) return 'err any: no matching error below';
    return 'err: other';
  }
  if (a.kind === 'eq' || a.kind === 'final') {
    if (/got _\|_/.test(w) || /got an error:/.test(w)) return 'eq: cue-lite gives an error where CUE has a value';
    if (/expected an error/.test(w)) return 'eq: cue-lite gives a value where CUE has an error';
    if (/message does not contain|expected code=/.test(w)) return 'eq: a field error differs (nested @test(err))';
    if (/unexpected field|not found in the value/.test(w)) return 'eq: fields differ';
    if (/expected an? \w+ field, got/.test(w)) return 'eq: optional/required marker differs';
    if (/expected \d+ elements/.test(w)) return 'eq: list length differs';
    if (/(^|[\s(&|,])(>=|<=|!=|=~|!~|>|<)\S/.test(w.slice(w.indexOf('expected')))) return 'eq: bounds differ';
    if (/\|/.test(w)) return 'eq: disjunction or default differs';
    return 'eq: other value';
  }
  return `${a.kind}: ${w.replace(/[0-9]+/g, 'N').replace(/"[^"]*"/g, '"…"').slice(0, 50)}`;
}

/** [{cls, count, archives, examples}], largest first; experiments left out. */
export function failureClasses(results, examples = 2) {
  const groups = new Map();
  for (const r of results) {
    if (r.experiment) continue;
    for (const a of r.assertions ?? []) {
      if (a.status !== 'fail') continue;
      const c = failureClass(a);
      if (!groups.has(c)) groups.set(c, { cls: c, count: 0, archives: new Set(), examples: [] });
      const g = groups.get(c);
      g.count++;
      g.archives.add(r.name);
      if (g.examples.length < examples) g.examples.push(`${r.name} ${a.file}:${a.line} ${a.path || '(file)'}: ${String(a.why).replace(/\s+/g, ' ').slice(0, 160)}`);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count).map((g) => ({ ...g, archives: g.archives.size }));
}
