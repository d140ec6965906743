// The terminal while `watch` owns it: alternate screen, hidden cursor, raw keys, redraws through
// log-update, and a restore that runs exactly once however watch ends (quit, error, exit).
import {createLogUpdate} from 'log-update';

import {parseKeys, type Key} from './keys.js';

const ENTER_ALT_SCREEN = '\u001B[?1049h';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';
const CLEAR_SCREEN = '\u001B[H\u001B[2J';

export interface TerminalHandlers {
  onKeys: (keys: Key[]) => void;
  onResize: () => void;
}

export class Terminal {
  private draw: ReturnType<typeof createLogUpdate>;
  private active = false;
  private readonly restoreOnExit = () => this.restore();
  private readonly onData = (chunk: Buffer | string) => this.handlers.onKeys(parseKeys(chunk.toString()));
  private readonly onResize = () => this.resized();

  constructor(
    private readonly stdout: NodeJS.WriteStream,
    private readonly stdin: NodeJS.ReadStream,
    private readonly handlers: TerminalHandlers,
  ) {
    // The cursor is ours to hide and show (log-update would do it on stderr, which may be a pipe).
    this.draw = createLogUpdate(stdout, {showCursor: true});
  }

  get width(): number {
    return this.stdout.columns || 80;
  }

  get height(): number {
    return this.stdout.rows || 24;
  }

  start(): void {
    this.active = true;
    process.once('exit', this.restoreOnExit);
    this.stdout.write(ENTER_ALT_SCREEN + HIDE_CURSOR + CLEAR_SCREEN);
    this.stdout.on('resize', this.onResize);
    if (this.stdin.isTTY) this.stdin.setRawMode(true);
    this.stdin.setEncoding('utf8');
    this.stdin.on('data', this.onData);
    this.stdin.resume();
  }

  render(text: string): void {
    if (this.active) this.draw(text);
  }

  /** Gives the terminal back as it was: cooked mode, cursor shown, the shell's screen. Idempotent. */
  restore(): void {
    if (!this.active) return;
    this.active = false;
    process.off('exit', this.restoreOnExit);
    this.stdout.off('resize', this.onResize);
    this.stdin.off('data', this.onData);
    if (this.stdin.isTTY) this.stdin.setRawMode(false);
    this.stdin.pause();
    this.stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
  }

  /** A size change invalidates log-update's idea of what is on screen: start from a clear one. */
  private resized(): void {
    this.stdout.write(CLEAR_SCREEN);
    this.draw = createLogUpdate(this.stdout, {showCursor: true});
    this.handlers.onResize();
  }
}
