/**
 * RFC 6902 JSON patch over plain values: a list of operations (`add`, `remove`, `replace`,
 * `move`, `copy`, `test`) applied in order to a copy of the base. Used by traits whose
 * `patch` field is tagged `// +patchStrategy=jsonPatch`; the operations are `patch.operations`.
 *
 * Any failing operation fails the whole patch, with an error naming the operation's index,
 * its `op` and the pointer that did not resolve.
 */
import { CueErrorList } from '../../errors/index.js';
import { PlainStruct, type PlainValue } from '../../plain/plain-value.js';
import { parseArrayIndex, parseJSONPointer } from './json-pointer.js';
import { patchError } from './patch-error.js';
import { clonePlain, formatPlain, plainEqual } from './plain-value.js';

type Container = PlainStruct | PlainValue[];

class PatchFailure extends Error {}

export function jsonPatch(base: PlainValue, operations: PlainValue): PlainValue {
  if (!Array.isArray(operations)) {
    throw new CueErrorList([patchError(['operations'], `jsonPatch: operations must be a list, found ${formatPlain(operations)}`)]);
  }
  let doc = clonePlain(base);
  operations.forEach((op, i) => {
    try {
      doc = applyOperation(doc, op);
    } catch (e) {
      if (!(e instanceof PatchFailure)) throw e;
      throw new CueErrorList([patchError(['operations', i], `jsonPatch: ${e.message}`)]);
    }
  });
  return doc;
}

function applyOperation(doc: PlainValue, raw: PlainValue): PlainValue {
  if (!(raw instanceof PlainStruct)) throw new PatchFailure(`an operation must be a struct, found ${formatPlain(raw)}`);
  const op = stringField(raw, 'op', '');
  const path = pointerField(raw, 'path', op);
  switch (op) {
    case 'add':
      return add(doc, path, clonePlain(valueField(raw, op)), op);
    case 'remove':
      return remove(doc, path, op).doc;
    case 'replace': {
      const value = clonePlain(valueField(raw, op));
      const removed = remove(doc, path, op);
      return add(removed.doc, path, value, op, removed.index);
    }
    case 'move': {
      const from = pointerField(raw, 'from', op);
      if (from.length < path.length && from.every((s, i) => s === path[i])) {
        throw new PatchFailure(`move: "from" ${formatPointer(from)} is a prefix of "path" ${formatPointer(path)}`);
      }
      const removed = remove(doc, from, op);
      return add(removed.doc, path, removed.value, op);
    }
    case 'copy': {
      const from = pointerField(raw, 'from', op);
      return add(doc, path, clonePlain(get(doc, from, op)), op);
    }
    case 'test': {
      const expected = valueField(raw, op);
      const actual = get(doc, path, op);
      if (!plainEqual(actual, expected)) {
        throw new PatchFailure(`test: value at ${formatPointer(path)} is ${formatPlain(actual)}, not ${formatPlain(expected)}`);
      }
      return doc;
    }
    default:
      throw new PatchFailure(`unknown operation ${JSON.stringify(op)} (want add, remove, replace, move, copy or test)`);
  }
}

function stringField(op: PlainStruct, name: string, opName: string): string {
  const v = op.fields.get(name);
  if (typeof v !== 'string') throw new PatchFailure(`${opName ? opName + ': ' : ''}missing or non-string "${name}"`);
  return v;
}

function pointerField(op: PlainStruct, name: string, opName: string): string[] {
  const text = stringField(op, name, opName);
  const segs = parseJSONPointer(text);
  if (!segs) throw new PatchFailure(`${opName}: invalid JSON pointer ${JSON.stringify(text)}`);
  return segs;
}

function valueField(op: PlainStruct, opName: string): PlainValue {
  const v = op.fields.get('value');
  if (v === undefined) throw new PatchFailure(`${opName}: missing "value"`);
  return v;
}

function formatPointer(segs: readonly string[]): string {
  return JSON.stringify(segs.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join(''));
}

/** The container holding the last segment of `path`; the document itself is mutated in place. */
function parentOf(doc: PlainValue, path: readonly string[], op: string): Container {
  let cur: PlainValue = doc;
  for (let i = 0; i < path.length - 1; i++) cur = step(cur, path, i, op);
  if (!(cur instanceof PlainStruct) && !Array.isArray(cur)) {
    throw new PatchFailure(`${op}: ${formatPointer(path.slice(0, -1))} is not a struct or list`);
  }
  return cur;
}

function step(cur: PlainValue, path: readonly string[], i: number, op: string): PlainValue {
  const seg = path[i]!;
  let next: PlainValue | undefined;
  if (cur instanceof PlainStruct) next = cur.fields.get(seg);
  else if (Array.isArray(cur)) {
    const idx = parseArrayIndex(seg);
    next = idx === undefined ? undefined : cur[idx];
  }
  if (next === undefined) throw new PatchFailure(`${op}: path ${formatPointer(path.slice(0, i + 1))} does not exist`);
  return next;
}

function get(doc: PlainValue, path: readonly string[], op: string): PlainValue {
  let cur = doc;
  for (let i = 0; i < path.length; i++) cur = step(cur, path, i, op);
  return cur;
}

function add(doc: PlainValue, path: readonly string[], value: PlainValue, op: string, at?: number): PlainValue {
  if (path.length === 0) return value;
  const parent = parentOf(doc, path, op);
  const last = path[path.length - 1]!;
  if (parent instanceof PlainStruct) {
    if (at !== undefined) {
      // replace keeps the field where it was.
      const entries = [...parent.fields];
      entries.splice(at, 0, [last, value]);
      parent.fields.clear();
      for (const [k, v] of entries) parent.fields.set(k, v);
    } else parent.fields.set(last, value);
    return doc;
  }
  const idx = last === '-' ? parent.length : parseArrayIndex(last);
  if (idx === undefined || idx > parent.length) {
    throw new PatchFailure(`${op}: index ${JSON.stringify(last)} is out of range for a list of length ${parent.length} at ${formatPointer(path)}`);
  }
  parent.splice(idx, 0, value);
  return doc;
}

/** Removes the value at `path`; returns it and its position (so that replace can put the new one there). */
function remove(doc: PlainValue, path: readonly string[], op: string): { doc: PlainValue; value: PlainValue; index: number } {
  if (path.length === 0) return { doc: null, value: doc, index: 0 };
  const parent = parentOf(doc, path, op);
  const last = path[path.length - 1]!;
  if (parent instanceof PlainStruct) {
    const value = parent.fields.get(last);
    if (value === undefined) throw new PatchFailure(`${op}: path ${formatPointer(path)} does not exist`);
    const index = [...parent.fields.keys()].indexOf(last);
    parent.fields.delete(last);
    return { doc, value, index };
  }
  const idx = parseArrayIndex(last);
  if (idx === undefined || idx >= parent.length) {
    throw new PatchFailure(`${op}: path ${formatPointer(path)} does not exist (list of length ${parent.length})`);
  }
  const [value] = parent.splice(idx, 1);
  return { doc, value: value!, index: idx };
}
