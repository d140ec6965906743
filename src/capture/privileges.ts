// Giving up root once the capture is open, like tcpdump -Z: the rest of the run (decoding untrusted
// frames) happens as an unprivileged user, keeping CAP_NET_RAW only where a capture must reopen.
import {createRequire} from 'node:module';

import {EXIT, LlreachError} from '../errors.js';

/** --user when none is given: the account with the fewest rights on every Linux system. */
export const DEFAULT_USER = 'nobody';
/** --user root keeps root, as `tcpdump -Z root` does. */
export const KEEP_ROOT_USER = 'root';

/** What the drop did: the ids the process now runs as and whether CAP_NET_RAW stayed. */
export interface DroppedPrivileges {
  user: string;
  uid: number;
  gid: number;
  keptNetRaw: boolean;
}

/** The patched cap's native call (patches/cap+0.2.1.patch); throws Error with syscall/errno. */
type NativeDrop = (user: string, keepNetRaw: boolean) => {uid: number; gid: number};

export interface DropOptions {
  /** Keep CAP_NET_RAW (and nothing else) so the capture can be reopened: watch needs it. */
  keepNetRaw: boolean;
  /** Replaces process.getuid (tests). */
  getuid?: () => number;
  /** Replaces the native call (tests); undefined means the installed cap has none. */
  nativeDrop?: NativeDrop | null;
}

/** ENOENT from getpwnam: the user does not exist. */
const ENOENT = 2;

/**
 * Switches the process to `user` when it runs as root; call it right after the capture is open.
 * Returns undefined when there was nothing to drop (not root, or --user root). Throws
 * LlreachError when the user does not exist or the switch fails: never capture on as root by
 * accident.
 */
export function dropPrivileges(user: string, options: DropOptions): DroppedPrivileges | undefined {
  const getuid = options.getuid ?? (() => process.getuid?.() ?? -1);
  if (getuid() !== 0 || user === KEEP_ROOT_USER) return undefined;
  const nativeDrop = options.nativeDrop === undefined ? loadNativeDrop() : options.nativeDrop;
  if (!nativeDrop) throw dropUnavailable(user);
  try {
    const {uid, gid} = nativeDrop(user, options.keepNetRaw);
    return {user, uid, gid, keptNetRaw: options.keepNetRaw};
  } catch (error) {
    throw dropFailed(user, error as Error & {syscall?: string; errno?: number});
  }
}

// LIMITATION: dropping root is implemented for Linux only (prctl/capset); on other systems llreach started as root refuses to capture unless --user root is given, and reads --read files as root with a warning — a setuid/setgid-only path for BSD and macOS in the cap patch would fix it.
function loadNativeDrop(): NativeDrop | null {
  try {
    const cap = createRequire(import.meta.url)('cap') as {dropPrivileges?: NativeDrop};
    return typeof cap.dropPrivileges === 'function' ? cap.dropPrivileges : null;
  } catch {
    return null; // the capture is already open, so cap loaded; this only guards odd installs
  }
}

function dropUnavailable(user: string): LlreachError {
  const why = process.platform === 'linux'
    ? "the installed `cap` module was built without llreach's privilege-drop patch"
    : `dropping root is only implemented on Linux, not ${process.platform}`;
  return new LlreachError(
    'PRIVILEGE_DROP_UNAVAILABLE',
    `refusing to keep capturing as root: cannot switch to user "${user}" (${why})`,
    EXIT.PERMISSION,
    [
      'reinstall llreach so its postinstall patches and rebuilds cap (in a source checkout: npm ci)',
      'or keep root knowingly: --user root',
    ],
  );
}

function dropFailed(user: string, error: Error & {syscall?: string; errno?: number}): LlreachError {
  if (error.syscall === 'getpwnam' && error.errno === ENOENT) {
    return new LlreachError('NO_SUCH_USER', `no user named "${user}" to switch to after opening the capture`, EXIT.USAGE, [
      `pick an existing account: --user ${DEFAULT_USER}`,
      'or create one for llreach: sudo useradd --system --no-create-home llreach',
    ]);
  }
  return new LlreachError(
    'PRIVILEGE_DROP_FAILED',
    `could not switch to user "${user}" after opening the capture (${error.message})`,
    EXIT.PERMISSION,
    ['rerun with DEBUG=llreach:* and report it', 'or keep root knowingly: --user root'],
  );
}
