/**
 * The playground page: files in an editor, evaluated as you type in a worker, the output in
 * tabs, errors that move the cursor, sharing through the URL fragment. Plain DOM: the page is
 * small enough that a framework would only add weight.
 */
import type { EditorState } from '@codemirror/state';
import { type ErrorMark, setErrorMarks } from './error-marks.js';
import { EditorView, fileState } from './editor.js';
import { Evaluator } from './evaluator.js';
import { takeBoot } from './boot-handoff.js';
import { examples } from './examples.js';
import type { ErrorItem, Response } from './protocol.js';
import { renderRole } from './render-files.js';
import { type Mode, type SharedState, formatFragment, parseFragment } from './share.js';

type OutputTab = 'json' | 'yaml' | 'cue' | 'errors';
type Result = Extract<Response, { type: 'result' }>;

interface FileEntry {
  name: string;
  state: EditorState;
}

const $ = <T extends HTMLElement = HTMLElement>(sel: string): T => {
  const el = document.querySelector<T>(sel);
  if (!el) throw new Error(`playground: no element ${sel}`);
  return el;
};

const ui = {
  modes: [...document.querySelectorAll<HTMLInputElement>('input[name="mode"]')],
  example: $<HTMLSelectElement>('#example'),
  builtin: $<HTMLSelectElement>('#builtin'),
  builtinLabel: $('#builtin-label'),
  share: $<HTMLButtonElement>('#share'),
  shareUrl: $<HTMLInputElement>('#share-url'),
  status: $('#status'),
  timing: $('#timing'),
  fileTabs: $('#file-tabs'),
  fileName: $<HTMLInputElement>('#file-name'),
  addFile: $<HTMLButtonElement>('#add-file'),
  removeFile: $<HTMLButtonElement>('#remove-file'),
  renderHint: $('#render-hint'),
  editor: $('#editor'),
  outputTabs: $('#output-tabs'),
  outputPanel: $('#output-panel'),
  output: $('#output'),
  errorsPanel: $('#errors-panel'),
  errors: $('#errors'),
  notices: $('#notices'),
};

performance.mark('playground:script');
// The worker boot.ts started before this script loaded; its messages are queued until now.
const evaluator = new Evaluator({ ...takeBoot(), onResponse: (r) => receive(r) });

const files: Record<Mode, FileEntry[]> = { cue: [], render: [] };
const active: Record<Mode, number> = { cue: 0, render: 0 };
const outputTab: Record<Mode, OutputTab> = { cue: 'json', render: 'yaml' };
let mode: Mode = 'cue';
let last: Result | null = null;
let debounce: ReturnType<typeof setTimeout> | undefined;
/** The fragment the page itself last wrote, so that it is not loaded again as a new one. */
let ownFragment = '';

const listener = EditorView.updateListener.of((u) => {
  const f = files[mode][active[mode]];
  if (!f) return;
  f.state = u.state;
  if (u.docChanged) schedule();
});

const view = new EditorView({ parent: ui.editor });

function newFile(name: string, text: string): FileEntry {
  const label = EditorView.contentAttributes.of({ 'aria-label': `Source of ${name}` });
  return { name, state: fileState(name, text, [listener, label]) };
}

// ---- evaluation ----

function schedule(delay = 120): void {
  clearTimeout(debounce);
  ui.outputPanel.setAttribute('aria-busy', 'true');
  debounce = setTimeout(() => {
    const current = files[mode].map((f) => ({ name: f.name, text: f.state.doc.toString() }));
    evaluator.evaluate(mode, current);
    keepInAddressBar(current);
  }, delay);
}

/**
 * The address bar follows the editor (replaceState: no history entry per keystroke), so that
 * a reload keeps the work and the address is always a link to it. A state too large for a
 * comfortable link leaves the address alone until Share is pressed.
 */
function keepInAddressBar(current: readonly { name: string; text: string }[]): void {
  const fragment = '#' + formatFragment({ mode, files: current });
  if (fragment === location.hash) return;
  if (fragment.length > 200_000) return;
  ownFragment = fragment;
  history.replaceState(null, '', fragment);
}

function receive(r: Response): void {
  if (r.type === 'ready') {
    performance.mark('playground:worker-ready');
    return fillBuiltins(r.definitions);
  }
  if (r.type === 'definition') return openDefinition(r.name, r.text);
  if (r.mode !== mode) return;
  last = r;
  if (!document.documentElement.dataset.firstEvaluationMs) {
    // Milliseconds from the start of navigation (the README's "time to first evaluation").
    document.documentElement.dataset.firstEvaluationMs = String(Math.round(performance.now()));
  }
  const n = r.errors.length;
  ui.outputPanel.removeAttribute('aria-busy');
  // The live region changes only with the number of errors, so that a screen reader is not
  // told about every pause in typing; the time is shown beside it.
  say(n === 0 ? 'No errors' : `${n} error${n === 1 ? '' : 's'}`);
  ui.timing.textContent = `· ${Math.max(1, Math.round(r.ms))} ms`;
  showOutput();
  showErrors();
  showMarks();
}

/** Puts a message in the status line (a polite live region) unless it is already there. */
function say(message: string): void {
  if (ui.status.textContent !== message) ui.status.textContent = message;
}

// ---- output ----

function showOutput(): void {
  const tab = outputTab[mode];
  for (const b of ui.outputTabs.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
    const t = b.dataset.tab as OutputTab;
    b.hidden = t === 'cue' && mode === 'render';
    b.setAttribute('aria-selected', String(t === tab));
    b.tabIndex = t === tab ? 0 : -1;
    if (t === 'errors') b.textContent = last && last.errors.length > 0 ? `Errors (${last.errors.length})` : 'Errors';
  }
  const isErrors = tab === 'errors';
  ui.outputPanel.hidden = isErrors;
  ui.errorsPanel.hidden = !isErrors;
  ui.outputPanel.setAttribute('aria-labelledby', `tab-${tab}`);
  if (isErrors) return;
  const text = last ? last.outputs[tab] : null;
  ui.output.classList.toggle('failed', text === null && last !== null);
  if (!last) ui.output.textContent = '';
  else if (text !== null) ui.output.textContent = text;
  else {
    const n = last.errors.length;
    ui.output.textContent = n > 0 ? `No output: ${n} error${n === 1 ? '' : 's'} (the Errors tab links each to its place).\n\n${last.errorText}` : 'No output.';
  }
}

function showErrors(): void {
  ui.errors.replaceChildren();
  let group: string | undefined;
  for (const e of last?.errors ?? []) {
    if (e.group !== undefined && e.group !== group) {
      group = e.group;
      const h = document.createElement('li');
      h.className = 'group';
      h.textContent = e.group;
      ui.errors.append(h);
    }
    ui.errors.append(errorItem(e));
  }
  if (last && last.errors.length === 0) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = 'No errors.';
    ui.errors.append(li);
  }
  ui.notices.replaceChildren(
    ...(last?.notices ?? []).map((n) => {
      const li = document.createElement('li');
      li.textContent = n;
      return li;
    }),
  );
}

function errorItem(e: ErrorItem): HTMLLIElement {
  const li = document.createElement('li');
  const msg = document.createElement('span');
  msg.className = 'message';
  msg.textContent = e.message;
  li.append(msg);
  const seen = new Set<string>();
  for (const loc of e.locations) {
    const where = `${loc.file}:${loc.line}:${loc.column}`;
    if (seen.has(where)) continue;
    seen.add(where);
    const known = files[mode].some((f) => f.name === loc.file);
    const el = document.createElement(known ? 'button' : 'span');
    el.className = 'location';
    el.textContent = where;
    if (known) {
      (el as HTMLButtonElement).type = 'button';
      el.setAttribute('aria-label', `Go to ${where}: ${e.message}`);
      el.addEventListener('click', () => goTo(loc.file, loc.offset));
    }
    li.append(' ', el);
  }
  return li;
}

/** Moves the cursor to an error's position (switching files if needed) and focuses the editor. */
function goTo(file: string, offset: number): void {
  const i = files[mode].findIndex((f) => f.name === file);
  if (i < 0) return;
  if (i !== active[mode]) selectFile(i);
  const pos = Math.min(offset, view.state.doc.length);
  view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  view.focus();
}

function showMarks(): void {
  const f = files[mode][active[mode]];
  if (!f) return;
  const doc = view.state.doc;
  const marks: ErrorMark[] = [];
  for (const e of last?.errors ?? []) {
    for (const loc of e.locations) {
      if (loc.file !== f.name) continue;
      const from = Math.min(loc.offset, doc.length);
      // To the end of the word there, so that the mark can be seen.
      const rest = doc.sliceString(from, Math.min(doc.length, from + 80));
      const len = /^[\p{L}\p{Nd}_$#."'-]+/u.exec(rest)?.[0].length ?? 1;
      marks.push({ from, to: Math.min(doc.length, from + len), message: e.message });
    }
  }
  view.dispatch({ effects: setErrorMarks.of(marks) });
}

function selectOutputTab(tab: OutputTab, focus = false): void {
  outputTab[mode] = tab;
  showOutput();
  if (focus) ui.outputTabs.querySelector<HTMLButtonElement>(`[data-tab="${tab}"]`)?.focus();
}

// ---- files ----

function showFileTabs(): void {
  ui.fileTabs.replaceChildren(
    ...files[mode].map((f, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('role', 'tab');
      b.id = `file-tab-${i}`;
      b.setAttribute('aria-controls', 'editor');
      b.setAttribute('aria-selected', String(i === active[mode]));
      b.tabIndex = i === active[mode] ? 0 : -1;
      b.textContent = f.name;
      if (mode === 'render') b.title = `${renderRole(f.name)} file`;
      b.addEventListener('click', () => selectFile(i));
      return b;
    }),
  );
  const f = files[mode][active[mode]];
  ui.fileName.value = f?.name ?? '';
  ui.removeFile.disabled = files[mode].length <= 1;
  ui.editor.setAttribute('aria-labelledby', `file-tab-${active[mode]}`);
}

function selectFile(i: number, focusTab = false): void {
  active[mode] = i;
  view.setState(files[mode][i]!.state);
  showFileTabs();
  showMarks();
  if (focusTab) ui.fileTabs.querySelector<HTMLButtonElement>(`#file-tab-${i}`)?.focus();
}

function validName(name: string, except: number): string | null {
  if (name === '') return 'a file needs a name';
  if (/[\n\r]|^-|--|\s$|^\s/.test(name)) return 'a file name may not hold line breaks, "--" or surrounding blanks';
  if (files[mode].some((f, i) => i !== except && f.name === name)) return `there is already a file ${name}`;
  return null;
}

function addFile(): void {
  const list = files[mode];
  let n = list.length + 1;
  const base = mode === 'cue' ? 'file' : 'definitions';
  while (list.some((f) => f.name === `${base}${n}.cue`)) n++;
  const pkg = mode === 'cue' ? /^package\s+(\S+)/m.exec(list[0]?.state.doc.toString() ?? '')?.[1] : undefined;
  list.push(newFile(`${base}${n}.cue`, pkg ? `package ${pkg}\n\n` : ''));
  selectFile(list.length - 1);
  view.focus();
  schedule();
}

function removeFile(): void {
  const list = files[mode];
  if (list.length <= 1) return;
  list.splice(active[mode], 1);
  selectFile(Math.min(active[mode], list.length - 1));
  schedule();
}

function renameFile(): void {
  const list = files[mode];
  const i = active[mode];
  const f = list[i]!;
  const name = ui.fileName.value.trim();
  if (name === f.name) return;
  const problem = validName(name, i);
  if (problem) {
    say(`Cannot rename: ${problem}`);
    ui.fileName.value = f.name;
    return;
  }
  // A new name may mean a new language (CUE or YAML): the state is made anew.
  list[i] = newFile(name, f.state.doc.toString());
  selectFile(i);
  schedule();
}

// ---- modes, examples, sharing ----

function load(state: SharedState): void {
  files[state.mode] = state.files.map((f) => newFile(f.name, f.text));
  active[state.mode] = 0;
  setMode(state.mode, true);
}

function setMode(m: Mode, force = false): void {
  if (m === mode && !force) return;
  mode = m;
  for (const r of ui.modes) r.checked = r.value === m;
  if (files[m].length === 0) {
    const first = examples.find((e) => e.state.mode === m)!;
    files[m] = first.state.files.map((f) => newFile(f.name, f.text));
    active[m] = 0;
  }
  ui.builtinLabel.hidden = m !== 'render';
  ui.renderHint.hidden = m !== 'render';
  last = null;
  selectFile(Math.min(active[m], files[m].length - 1));
  showOutput();
  showErrors();
  schedule(0);
}

async function share(): Promise<void> {
  const fragment = '#' + formatFragment({ mode, files: files[mode].map((f) => ({ name: f.name, text: f.state.doc.toString() })) });
  ownFragment = fragment;
  history.replaceState(null, '', fragment);
  ui.shareUrl.hidden = false;
  ui.shareUrl.value = location.href;
  ui.shareUrl.select();
  try {
    await navigator.clipboard.writeText(location.href);
    say('Link copied to the clipboard');
  } catch {
    // file:// pages and some browsers refuse the clipboard: the link is selected in its field.
    say('Link ready: copy it from the field');
  }
}

function loadFragment(): void {
  if (location.hash === ownFragment && ownFragment !== '') return;
  const state = parseFragment(location.hash);
  if (state instanceof Error) {
    setMode(mode, true);
    say(state.message);
    return;
  }
  if (state) load(state);
  else setMode(mode, true);
}

function fillBuiltins(defs: readonly { name: string; kind: string }[]): void {
  if (ui.builtin.options.length > 1) return;
  for (const kind of ['component', 'trait', 'policy', 'workflow-step']) {
    const list = defs.filter((d) => d.kind === kind);
    if (list.length === 0) continue;
    const group = document.createElement('optgroup');
    group.label = `${kind}s`;
    for (const d of list) group.append(new Option(d.name, d.name));
    ui.builtin.append(group);
  }
}

function openDefinition(name: string, text: string | null): void {
  if (text === null || mode !== 'render') return;
  const list = files[mode];
  let fileName = `${name}.cue`;
  for (let n = 2; list.some((f) => f.name === fileName); n++) fileName = `${name}-${n}.cue`;
  list.push(newFile(fileName, `// A copy of the built-in definition "${name}": while this file is here, it is used instead.\n${text}`));
  selectFile(list.length - 1);
  schedule();
}

/** Arrow keys, Home and End move between the tabs of a tab list (WAI-ARIA tabs pattern). */
function tabKeys(list: HTMLElement, activate: (tab: HTMLButtonElement) => void): void {
  list.addEventListener('keydown', (e) => {
    const tabs = [...list.querySelectorAll<HTMLButtonElement>('[role="tab"]')].filter((t) => !t.hidden);
    const i = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    activate(tabs[(next + tabs.length) % tabs.length]!);
  });
}

// ---- wiring ----

for (const r of ui.modes) r.addEventListener('change', () => r.checked && setMode(r.value as Mode));
for (const e of examples) ui.example.append(new Option(e.title, e.title));
ui.example.addEventListener('change', () => {
  const e = examples.find((x) => x.title === ui.example.value);
  ui.example.selectedIndex = 0;
  if (e) load(e.state);
});
ui.builtin.addEventListener('change', () => {
  const name = ui.builtin.value;
  ui.builtin.selectedIndex = 0;
  if (name) evaluator.definition(name);
});
ui.share.addEventListener('click', () => void share());
ui.addFile.addEventListener('click', addFile);
ui.removeFile.addEventListener('click', removeFile);
ui.fileName.addEventListener('change', renameFile);
ui.fileName.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    renameFile();
    view.focus();
  }
});
for (const b of ui.outputTabs.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
  b.addEventListener('click', () => selectOutputTab(b.dataset.tab as OutputTab));
}
tabKeys(ui.outputTabs, (t) => selectOutputTab(t.dataset.tab as OutputTab, true));
tabKeys(ui.fileTabs, (t) => selectFile(Number(t.id.replace('file-tab-', '')), true));
window.addEventListener('hashchange', loadFragment);

loadFragment();
