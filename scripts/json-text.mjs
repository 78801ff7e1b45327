// JSON with the numbers' source text kept, so that 1.0 / 1 and big ints compare exactly: shared
// by the differential runs (scripts/differential.mjs, scripts/fuzz/).

export function parseJSONText(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = () => {
    throw new Error(`invalid JSON at offset ${i}`);
  };
  const value = () => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj = new Map();
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'object', v: obj };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = str();
        ws();
        if (text[i++] !== ':') fail();
        obj.set(k, value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return { t: 'object', v: obj };
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      const arr = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { t: 'array', v: arr };
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return { t: 'array', v: arr };
        } else fail();
      }
    }
    if (c === '"') return { t: 'string', v: str() };
    const m = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += m[0].length;
    return { t: 'atom', v: m[0] };
  };
  const str = () => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const v = value();
  ws();
  if (i !== text.length) fail();
  return v;
}

/** A canonical string: keys sorted when `sorted`, numbers as written. */
export function canonical(node, sorted) {
  switch (node.t) {
    case 'object': {
      let keys = [...node.v.keys()];
      if (sorted) keys = keys.sort();
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonical(node.v.get(k), sorted)).join(',') + '}';
    }
    case 'array':
      return '[' + node.v.map((x) => canonical(x, sorted)).join(',') + ']';
    case 'string':
      return JSON.stringify(node.v);
    default:
      return node.v;
  }
}
