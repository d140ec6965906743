// Text from capture files and the system shown on a terminal: control characters escaped.

/**
 * C0 controls, DEL and C1 controls, which a terminal may act on instead of printing, and the
 * bidirectional formatting marks, which reorder what follows them on the line.
 */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * `text` with every control character written as \xNN, so a name taken from a capture file (a
 * pcapng if_name can hold anything) cannot clear the screen, retitle the window or forge lines.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.codePointAt(0)!;
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}
