// Terminal key presses from raw-mode stdin bytes: escape sequences for arrows, paging and
// Home/End (xterm, VT220 and tmux spellings), control keys, and plain characters.

export type Key =
  | {name: 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end'}
  | {name: 'enter' | 'escape' | 'backspace' | 'interrupt'}
  | {name: 'char'; char: string};

const SEQUENCES = new Map<string, Key['name']>([
  ['\u001B[A', 'up'],
  ['\u001BOA', 'up'],
  ['\u001B[B', 'down'],
  ['\u001BOB', 'down'],
  ['\u001B[5~', 'pageUp'],
  ['\u001B[6~', 'pageDown'],
  ['\u001B[H', 'home'],
  ['\u001BOH', 'home'],
  ['\u001B[1~', 'home'],
  ['\u001B[7~', 'home'],
  ['\u001B[F', 'end'],
  ['\u001BOF', 'end'],
  ['\u001B[4~', 'end'],
  ['\u001B[8~', 'end'],
]);

const CONTROLS = new Map<string, Key['name']>([
  ['\r', 'enter'],
  ['\n', 'enter'],
  ['\u007F', 'backspace'],
  ['\b', 'backspace'],
  ['\u0003', 'interrupt'],
]);

/** A CSI or SS3 sequence at the start of text: ESC [ params final, or ESC O final. */
const ESCAPE_SEQUENCE = /^\u001B(\[[\d;]*[\x40-\x7E]|O[\x40-\x7E])/;

/** Splits one chunk of stdin (which may hold several keys) into keys; unknown sequences vanish. */
export function parseKeys(chunk: string): Key[] {
  const keys: Key[] = [];
  let rest = chunk;
  while (rest.length > 0) {
    const sequence = ESCAPE_SEQUENCE.exec(rest)?.[0];
    if (sequence) {
      const name = SEQUENCES.get(sequence);
      if (name) keys.push({name} as Key);
      rest = rest.slice(sequence.length);
      continue;
    }
    const char = String.fromCodePoint(rest.codePointAt(0)!);
    keys.push(toKey(char));
    rest = rest.slice(char.length);
  }
  return keys;
}

function toKey(char: string): Key {
  if (char === '\u001B') return {name: 'escape'};
  const control = CONTROLS.get(char);
  if (control) return {name: control} as Key;
  return {name: 'char', char};
}
