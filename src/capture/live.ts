// Live capture through the `cap` libpcap binding as patched by patches/cap+0.2.1.patch: frames
// carry libpcap's timestamps, pcap_stats counts drops, and a lost interface is an error, not an abort.
import type capModule from 'cap';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

import {EXIT, LlreachError} from '../errors.js';
import {LINKTYPE, type Frame, type SourceInterface} from './frame.js';
import {checkInterfaceExists, interfaceIndex, noSuchInterface} from './interfaces.js';

type CapModule = typeof capModule;
type Cap = InstanceType<CapModule['Cap']>;

// LIMITATION: a live capture sees ARP and IP behind at most FILTER_VLAN_DEPTH (8) VLAN tags, because the kernel filter cannot loop; deeper frames never reach llreach (files are decoded at any depth) — capturing without a filter and dropping frames in process would lift it at a CPU cost.
/** VLAN tags the live filter looks through; BPF cannot loop, so each level is spelled out. */
export const FILTER_VLAN_DEPTH = 8;

/**
 * ARP, IPv4 and IPv6, bare or behind up to FILTER_VLAN_DEPTH tags: everything llreach learns
 * from. Each `vlan` moves the offsets of every test after it by one tag, so the levels nest:
 * `arp or ip or ip6 or (vlan and (arp or ip or ip6 or (vlan and (…))))`.
 */
export const DEFAULT_FILTER = vlanFilter(FILTER_VLAN_DEPTH);

function vlanFilter(depth: number): string {
  const protocols = 'arp or ip or ip6';
  return depth === 0 ? protocols : `${protocols} or (vlan and (${vlanFilter(depth - 1)}))`;
}
/** Used when the link type has no VLAN tags (libpcap refuses `vlan` there), e.g. Linux `any`. */
const UNTAGGED_FILTER = 'arp or ip or ip6';
/**
 * ARP needs 28 bytes, but a Router Advertisement may carry options up to the link MTU and its
 * link-layer address option can come last; 1536 bytes hold a whole 1500-byte IPv6 packet behind
 * Ethernet and two VLAN tags. The kernel's TPACKET ring slots follow the snaplen, so at about
 * 2 KiB a slot the 32 MiB ring still holds some 16,000 frames during a burst (STACK.md §2 saw
 * 64 KiB slots with cap's fixed 65535).
 */
export const DEFAULT_SNAPLEN = 1536;
/** STACK.md §2: below 32 MiB of ring, bursts were lost while the event loop was busy. */
export const DEFAULT_BUFFER_BYTES = 32 * 1024 * 1024;
const MAX_SNAPLEN = 262_144;
/** pcap_set_buffer_size takes an int. */
const MAX_BUFFER_BYTES = 2 ** 31 - 1;
const PATCH_MARKER = 'llreach-cap-patch-1';

/** libpcap's pcap_activate() results (pcap/pcap.h) that users can act on. */
const PCAP_ERROR_NO_SUCH_DEVICE = -5;
const PCAP_ERROR_PERM_DENIED = -8;
const PCAP_ERROR_IFACE_NOT_UP = -9;
/** IFF_UP in /sys/class/net/<dev>/flags (linux/if.h). */
const IFF_UP = 0x1;
/** How often a live capture checks that its interface is still there and up. */
const INTERFACE_CHECK_MS = 1000;

/** cap names link types by string; these are their LINKTYPE_* numbers (DLT_RAW is 101 on file). */
// LIMITATION: for other link types cap reports the DLT number, which differs from the LINKTYPE number for a few BSD-specific DLTs — returning pcap_datalink() mapped through libpcap's own table from the patch would fix it.
const LINKTYPE_BY_CAP_NAME = new Map<string, number>([
  ['NULL', LINKTYPE.NULL],
  ['ETHERNET', LINKTYPE.ETHERNET],
  ['IEEE802_11_RADIO', LINKTYPE.IEEE802_11_RADIOTAP],
  ['LINKTYPE_LINUX_SLL', LINKTYPE.LINUX_SLL],
  ['RAW', LINKTYPE.RAW],
]);

export interface LiveCaptureOptions {
  /** BPF filter; default DEFAULT_FILTER. */
  filter?: string;
  /** Bytes kept of each frame; default DEFAULT_SNAPLEN. */
  snaplen?: number;
  /** Size of the kernel ring buffer in bytes; default DEFAULT_BUFFER_BYTES. */
  bufferBytes?: number;
}

export interface CaptureStats {
  /** Frames the filter accepted (on Linux this includes the dropped ones). */
  received: number;
  /** Frames dropped because the ring buffer was full (the event loop did not keep up). */
  dropped: number;
  /** Frames the interface or driver dropped, where the OS reports it. */
  ifDropped: number;
}

export class LiveCapture {
  readonly linkType: number;
  readonly iface: SourceInterface;
  private readonly frameListeners: Array<(frame: Frame) => void> = [];
  private readonly lostListeners: Array<(err: LlreachError) => void> = [];
  private lostError: LlreachError | undefined;
  private closed = false;
  private readonly watchdog: NodeJS.Timeout | undefined;
  /** Reused for every frame, as the Frame contract allows. */
  private readonly frame: Frame;

  /** Use LiveCapture.open; public only so that `InstanceType<typeof LiveCapture>` type-checks. */
  constructor(
    private readonly cap: Cap,
    /** The Buffer cap copies each packet into; held here for the capture's whole life. */
    private readonly buffer: Buffer,
    device: string,
    linkType: number,
  ) {
    this.linkType = linkType;
    this.iface = {id: 0, name: device, linkType, ifindex: interfaceIndex(device)};
    this.frame = {tsSec: 0, tsNsec: 0, linkType, interfaceId: 0, data: buffer.subarray(0, 0), origLen: 0};
    cap.on('packet', (nbytes, _truncated, tsSec, tsNsec, origLen) => {
      this.deliver(nbytes, tsSec, tsNsec, origLen);
    });
    cap.on('error', (err) => this.loseInterface(err));
    // The socket error of a deleted interface can be read by libpcap while the device still
    // exists, which it then takes for "down for a moment" and swallows: so check for ourselves.
    if (this.iface.ifindex !== undefined) this.watchdog = setInterval(() => this.checkInterface(device), INTERFACE_CHECK_MS).unref();
  }

  /** Opens `device` for capture; throws LlreachError with an exit code and what to do. */
  static open(device: string, options: LiveCaptureOptions = {}): LiveCapture {
    const snaplen = checkedInteger('snaplen', options.snaplen ?? DEFAULT_SNAPLEN, 1, MAX_SNAPLEN);
    const bufferBytes = options.bufferBytes ?? DEFAULT_BUFFER_BYTES;
    checkedInteger('bufferBytes', bufferBytes, 1, MAX_BUFFER_BYTES);
    const cap = loadCap();
    if (device !== 'any') checkInterfaceExists(device);
    const request = {device, bufferBytes, buffer: Buffer.alloc(snaplen), snaplen};
    const {handle, linkName} = openHandle(cap, request, options.filter);
    return new LiveCapture(handle, request.buffer, device, linkTypeFromCapName(linkName));
  }

  onFrame(cb: (frame: Frame) => void): void {
    this.frameListeners.push(cb);
  }

  /** cb runs once if the interface goes down or disappears; the capture is closed by then. */
  onLost(cb: (err: LlreachError) => void): void {
    this.lostListeners.push(cb);
    const lost = this.lostError;
    if (lost) queueMicrotask(() => cb(lost));
  }

  /** libpcap's counters; after close (or loss), the values at that moment. */
  stats(): CaptureStats {
    const {received, dropped, ifDropped} = this.cap.stats();
    return {received, dropped, ifDropped};
  }

  /** Sends one whole frame out of this interface (pcap_sendpacket); get-defrouter --probe uses it. */
  send(frame: Buffer): void {
    if (this.closed) throw new Error(`cannot send on ${this.iface.name}: the capture is closed`);
    this.cap.send(frame, frame.length);
  }

  /** Stops capturing and releases the handle so the process can exit. Safe to call again. */
  close(): void {
    clearInterval(this.watchdog);
    if (this.closed) return;
    this.closed = true;
    this.cap.close();
  }

  private deliver(nbytes: number, tsSec: number, tsNsec: number, origLen: number): void {
    const frame = this.frame;
    frame.tsSec = tsSec;
    frame.tsNsec = tsNsec;
    frame.origLen = origLen;
    frame.data = this.buffer.subarray(0, nbytes);
    for (const cb of this.frameListeners) cb(frame);
  }

  /** Gone, recreated under another index, or down: lost, as if libpcap had said so. */
  private checkInterface(device: string): void {
    if (this.closed) return;
    const index = interfaceIndex(device);
    if (index !== undefined && index === this.iface.ifindex && isUp(device)) return;
    this.cap.close();
    this.loseInterface(new Error(index === undefined ? 'the interface disappeared' : 'the interface went down'));
  }

  private loseInterface(err: Error): void {
    clearInterval(this.watchdog);
    if (this.lostError) return;
    this.closed = true; // the patched cap has already closed its handle (the watchdog closes it itself)
    const lost = interfaceLost(this.iface.name, err.message);
    this.lostError = lost;
    for (const cb of this.lostListeners) cb(lost);
  }
}

/** LINKTYPE_* for cap's link type name; cap writes others as 'Unknown linktype N' (N a DLT). */
export function linkTypeFromCapName(name: string): number {
  const known = LINKTYPE_BY_CAP_NAME.get(name);
  if (known !== undefined) return known;
  const unknown = /^Unknown linktype (\d+)$/.exec(name);
  return unknown ? Number(unknown[1]) : -1;
}

interface OpenRequest {
  device: string;
  bufferBytes: number;
  buffer: Buffer;
  snaplen: number;
}

/** Opens with the caller's filter, or the default one, retried untagged where libpcap has no `vlan`. */
function openHandle(cap: CapModule, request: OpenRequest, filter: string | undefined) {
  try {
    return openWithFilter(cap, request, filter ?? DEFAULT_FILTER);
  } catch (error) {
    const notTaggable = filter === undefined && /vlan/i.test((error as Error).message);
    if (!notTaggable) throw toOpenError(error as capModule.OpenError, request.device);
  }
  try {
    return openWithFilter(cap, request, UNTAGGED_FILTER);
  } catch (error) {
    throw toOpenError(error as capModule.OpenError, request.device);
  }
}

function openWithFilter(cap: CapModule, {device, bufferBytes, buffer, snaplen}: OpenRequest, filter: string) {
  const handle = new cap.Cap();
  const linkName = handle.open(device, filter, bufferBytes, buffer, snaplen);
  return {handle, linkName};
}

// LIMITATION: the patched cap is built and tested on Linux only; its Windows read loop still asserts instead of emitting 'error' — giving that branch the same fail() path would fix it.
let loadedCap: CapModule | undefined;

/** Loads cap on first use, so reading capture files never needs libpcap. */
function loadCap(): CapModule {
  if (loadedCap) return loadedCap;
  let cap: CapModule;
  try {
    cap = createRequire(import.meta.url)('cap') as CapModule;
  } catch (error) {
    throw capUnavailable(error as NodeJS.ErrnoException);
  }
  if (cap.llreachPatch !== PATCH_MARKER) throw capUnpatched();
  loadedCap = cap;
  return cap;
}

/** The llreach install directory (this file is src/capture/live.ts or dist/capture/live.js). */
function packageRoot(): string {
  return fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
}

function capUnavailable(error: NodeJS.ErrnoException): LlreachError {
  const missing = error.code === 'MODULE_NOT_FOUND' && /'cap'/.test(error.message);
  const what = missing
    ? 'live capture needs libpcap, but the optional `cap` module is not installed ' +
      '(libpcap-dev was missing when llreach was installed)'
    : `live capture needs libpcap, but the \`cap\` module cannot load: ${error.message.split('\n')[0]}`;
  const rebuild = missing
    ? 'then reinstall llreach (npm install -g llreach; in a source checkout: npm ci)'
    : `then rebuild it: cd ${packageRoot()} && npm rebuild cap && node scripts/patch-cap.mjs ` +
      '(or reinstall llreach)';
  return new LlreachError('NO_LIBPCAP', what, EXIT.NO_LIBPCAP, [
    'install libpcap and its headers: sudo apt-get install libpcap-dev ' +
      '(Fedora: sudo dnf install libpcap-devel)',
    rebuild,
    'reading capture files works without it: llreach show --read <file.pcapng>',
  ]);
}

function capUnpatched(): LlreachError {
  return new LlreachError(
    'NO_LIBPCAP',
    "the installed `cap` module lacks llreach's patch (without it frames have no timestamps " +
      'and losing the interface aborts the process)',
    EXIT.NO_LIBPCAP,
    [`apply it and rebuild: cd ${packageRoot()} && node scripts/patch-cap.mjs`, 'or reinstall llreach'],
  );
}

function toOpenError(error: capModule.OpenError, device: string): LlreachError {
  const text = error.message;
  if (error.pcapStatus === PCAP_ERROR_PERM_DENIED || /not permitted|permission|CAP_NET_RAW/i.test(text)) {
    return noPermission(device, text);
  }
  if (error.pcapStatus === PCAP_ERROR_NO_SUCH_DEVICE || /no such device/i.test(text)) {
    return noSuchInterface(device);
  }
  if (error.pcapStatus === PCAP_ERROR_IFACE_NOT_UP || /not up/i.test(text)) {
    const message = `cannot capture on ${device}: the interface is down`;
    return new LlreachError('CAPTURE_FAILED', message, EXIT.CAPTURE_FAILED, [
      `bring it up: sudo ip link set ${device} up`,
    ]);
  }
  const hint = /filter/i.test(text)
    ? 'check the filter expression (see pcap-filter(7))'
    : 'rerun with DEBUG=llreach:* and report it if the message does not say what to change';
  const message = `cannot capture on ${device}: ${text}`;
  return new LlreachError('CAPTURE_FAILED', message, EXIT.CAPTURE_FAILED, [hint]);
}

function noPermission(device: string, pcapText: string): LlreachError {
  return new LlreachError(
    'PERMISSION',
    `no permission to capture on ${device}: capturing needs the CAP_NET_RAW capability ` +
      `(libpcap: ${pcapText})`,
    EXIT.PERMISSION,
    [
      'run it as root: sudo llreach ...',
      'or give node the capability once: ' +
        'sudo setcap cap_net_raw=eip $(readlink -f $(which node))',
    ],
  );
}

function interfaceLost(device: string, reason: string): LlreachError {
  const state = describeInterfaceState(device);
  const what = state.toLowerCase() === reason.toLowerCase() ? state : `${state} (${reason})`;
  const message = `capture on ${device} stopped: ${what}`;
  return new LlreachError('INTERFACE_LOST', message, EXIT.INTERFACE_LOST, [
    `check it: ip link show ${device}`,
    `when it is back up, run llreach again`,
  ]);
}

function isUp(device: string): boolean {
  try {
    return (Number.parseInt(readFileSync(`/sys/class/net/${device}/flags`, 'utf8'), 16) & IFF_UP) !== 0;
  } catch {
    return false;
  }
}

function describeInterfaceState(device: string): string {
  if (interfaceIndex(device) === undefined) return 'the interface disappeared';
  return isUp(device) ? 'reading from the interface failed' : 'the interface went down';
}

function checkedInteger(name: string, value: number, min: number, max: number): number {
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  const message = `${name} must be an integer from ${min} to ${max}, not ${value}`;
  throw new LlreachError('BAD_OPTION', message, EXIT.USAGE);
}
