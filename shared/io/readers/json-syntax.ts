// Where JSON.parse failed, for a message a planner can act on: JSON.parse in Node 20 names the bad
// token but not its line. Runs only after JSON.parse has failed.

export interface JsonSyntaxError {
  /** Character offset of the error. */
  at: number;
  line: number;
  column: number;
  message: string;
  /** The text ended before the JSON was complete. */
  truncated: boolean;
}

class Stop {
  constructor(readonly at: number, readonly message: string, readonly truncated: boolean) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function findJsonError(text: string): JsonSyntaxError | null {
  const n = text.length;
  let i = 0;
  const found = () => (i >= n ? 'the end of the file' : `"${text[i]}"`);
  const fail = (message: string): never => {
    throw new Stop(i, i >= n ? 'the file ends before the JSON is complete: it may be truncated' : message, i >= n);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const string = () => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) i += 2;
      else if (c < 0x20) fail('a line break or control character inside a quoted string (is a closing " missing?)');
      else i++;
    }
    fail('a quoted string is never closed');
  };
  const value = (): void => {
    ws();
    if (i >= n) fail('');
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail(`expected a "name" but found ${found()}`);
          string();
          ws();
          if (text[i] !== ':') fail(`expected ":" after a name but found ${found()}`);
          i++;
        }
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        fail(`expected "," or "${close}" but found ${found()}`);
      }
    }
    if (c === '"') return string();
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail(`unexpected ${found()}`);
  };
  try {
    value();
    ws();
    if (i < n) fail(`unexpected ${found()} after the end of the JSON`);
    return null;
  } catch (e) {
    if (!(e instanceof Stop)) return null; // too deeply nested to scan: no position
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < e.at && k < n; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    return { at: e.at, line, column: e.at - lineStart + 1, message: e.message, truncated: e.truncated };
  }
}
