// Text cells for the live table: fixed-width fitting done on plain text first, colour after,
// so truncation never cuts an escape sequence and widths hold with colour on or off.
import type {ChalkInstance} from 'chalk';

/** A piece of a cell and how to colour it (identity when uncoloured). */
export interface Segment {
  text: string;
  paint?: (text: string) => string;
}

const ELLIPSIS = '…';

// LIMITATION: widths count code points, so an interface name with East Asian wide characters or emoji would misalign the table and could wrap — measuring with a wcwidth table (string-width) would fix it.
/** Visible length of plain text (one column per code point: addresses and MACs are ASCII). */
export function textWidth(text: string): number {
  return [...text].length;
}

/** Plain text cut to `width` columns, ending in '…' when something was cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 0) return '';
  return chars.slice(0, width - 1).join('') + ELLIPSIS;
}

/** Segments fitted to exactly `width` columns (cut with '…', padded with spaces), then painted. */
export function fitSegments(segments: Segment[], width: number, align: 'left' | 'right' = 'left'): string {
  return paintSegments(fitToWidth(segments, width, align));
}

/** The same segments cut or padded to exactly `width` columns; paints stay with their text. */
export function fitToWidth(segments: Segment[], width: number, align: 'left' | 'right' = 'left'): Segment[] {
  const plain = segments.map((s) => s.text).join('');
  const chars = [...truncate(plain, width)];
  const pad = {text: ' '.repeat(Math.max(0, width - chars.length))};
  const fitted: Segment[] = [];
  let index = 0;
  for (const segment of segments) {
    if (index >= chars.length) break;
    const length = textWidth(segment.text);
    fitted.push({text: chars.slice(index, index + length).join(''), paint: segment.paint});
    index += length;
  }
  return align === 'right' ? [pad, ...fitted] : [...fitted, pad];
}

export function paintSegments(segments: Segment[]): string {
  return segments.map((s) => (s.paint && s.text ? s.paint(s.text) : s.text)).join('');
}

/** One line of plain text cut to `width` and painted as a whole. */
export function fitLine(text: string, width: number, paint?: (text: string) => string): string {
  const fitted = truncate(text, width);
  return paint && fitted ? paint(fitted) : fitted;
}

/** The live table's palette, so every renderer and the legend agree. */
export function palette(chalk: ChalkInstance) {
  return {
    reachable: (t: string) => chalk.green(t),
    expiring: (t: string) => chalk.yellow(t),
    expired: (t: string) => chalk.red(t),
    created: (t: string) => chalk.cyan.bold(t),
    moved: (t: string) => chalk.magenta(t),
    quiet: (t: string) => chalk.dim(t),
    heading: (t: string) => chalk.bold(t),
    status: (t: string) => chalk.inverse(t),
  };
}

export type Palette = ReturnType<typeof palette>;
