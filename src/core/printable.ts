// Text from capture files and the system shown on a terminal: control characters escaped.

/** C0 controls, DEL and C1 controls: bytes a terminal may act on instead of printing. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/**
 * `text` with every control character written as \xNN, so a name taken from a capture file (a
 * pcapng if_name can hold anything) cannot clear the screen, retitle the window or forge lines.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (char) => `\\x${char.codePointAt(0)!.toString(16).padStart(2, '0')}`);
}
