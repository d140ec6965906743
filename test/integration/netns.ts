// Network-namespace lab for integration tests: private namespaces joined by veth pairs or a bridge,
// documentation-range addresses only, command helpers, and a cleanup that removes all it made.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {BlockList, isIP} from 'node:net';
import {after, before} from 'node:test';

/** One host of a lab: a namespace with a single interface `eth0` on the lab link. */
export interface HostSpec {
  /** Fixed MAC for eth0 (unicast; use a locally administered 02:… address so facts stay stable). */
  mac?: string;
  /** CIDR addresses for eth0, only from 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32. */
  addresses?: string[];
  /** Keep duplicate address detection. Off by default so addresses are usable at once. */
  dad?: boolean;
}

/** 'pair': one veth between exactly two hosts; 'switch': a bridge in its own namespace. */
export interface LabSpec {
  topology: 'pair' | 'switch';
  /** Role name → host. Roles are the caller's handles; namespace names are generated. */
  hosts: Record<string, HostSpec>;
  /** Namespace name prefix (default 'llt', 1–6 lowercase letters), so a suite's namespaces are recognisably its own. */
  prefix?: string;
}

export interface Lab {
  /** Role → namespace name (`<prefix><pid><letter>`, prefix `llt` unless the spec names one). */
  readonly ns: Record<string, string>;
  /** The bridge's namespace for the 'switch' topology. */
  readonly switchNs?: string;
  /** Name of each host's lab interface inside its namespace. */
  readonly hostIface: string;
  /** Bridge name inside switchNs; capture here for a mirror-port view of the link. */
  readonly bridge: string;
  /** Role → bridge port name inside switchNs. */
  readonly ports: Record<string, string>;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ExecOptions {
  /** Return a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  timeoutMs?: number;
}

/** A process started inside a namespace; its output accumulates while it runs. */
export interface Spawned {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<ExecResult>;
  /** Sends `signal` by PID, then SIGKILL after graceMs; resolves when the process is gone. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ExecResult>;
}

/**
 * Anything with node:test's `after(fn)`, such as the TestContext of an `it`. node:test's own
 * `after` called from inside a `before` hook runs too early; use useLab for suite-wide labs.
 */
export interface AfterRegistrar {
  after(fn: () => Promise<void> | void): unknown;
}

const HOST_IFACE = 'eth0';
const BRIDGE = 'br0';
const DEFAULT_EXEC_TIMEOUT_MS = 20_000;
const LINK_READY_TIMEOUT_MS = 5000;

const liveNamespaces = new Set<string>();
const liveLabs = new Set<Lab>();
const spawned = new Map<ChildProcess, {ns: string; exited: Promise<ExecResult>}>();
let letterCounter = 0;

// Documentation ranges only (RFC 5737, RFC 3849): test traffic must never look routable.
const allowedRanges = new BlockList();
allowedRanges.addSubnet('198.51.100.0', 24, 'ipv4');
allowedRanges.addSubnet('203.0.113.0', 24, 'ipv4');
allowedRanges.addSubnet('2001:db8::', 32, 'ipv6');

/** a, b, …, z, ba, bb, …: a process-wide sequence so concurrent labs never share a name. */
export function toLetters(index: number): string {
  const letter = String.fromCodePoint(97 + (index % 26));
  return index < 26 ? letter : toLetters(Math.floor(index / 26)) + letter;
}

function allocateNamespaceName(prefix = 'llt'): string {
  return `${prefix}${process.pid}${toLetters(letterCounter++)}`;
}

/** Throws unless `cidr` is an address/prefix inside the documentation ranges. */
export function assertDocumentationCidr(cidr: string): void {
  const [address, prefix, extra] = cidr.split('/');
  const family = isIP(address ?? '');
  const maxPrefix = family === 6 ? 128 : 32;
  const prefixLength = Number(prefix);
  const isValid =
    family !== 0 && extra === undefined && Number.isInteger(prefixLength) &&
    prefixLength >= 0 && prefixLength <= maxPrefix;
  if (!isValid) throw new Error(`lab address ${cidr} is not an address/prefix`);
  if (!allowedRanges.check(address!, family === 6 ? 'ipv6' : 'ipv4')) {
    throw new Error(`lab address ${cidr} is outside 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32`);
  }
}

/** Throws unless `mac` is a colon-separated unicast MAC (group bit clear, not all zero). */
export function assertUnicastMac(mac: string): void {
  if (!/^([\da-f]{2}:){5}[\da-f]{2}$/i.test(mac)) throw new Error(`lab MAC ${mac} is malformed`);
  const firstOctet = Number.parseInt(mac.slice(0, 2), 16);
  if ((firstOctet & 1) === 1) throw new Error(`lab MAC ${mac} is a group (multicast) address`);
  if (/^(00:){5}00$/.test(mac)) throw new Error(`lab MAC ${mac} is all zero`);
}

function validateSpec(spec: LabSpec): void {
  const roles = Object.keys(spec.hosts);
  if (roles.length === 0) throw new Error('lab spec has no hosts');
  if (spec.prefix !== undefined && !/^[a-z]{1,6}$/.test(spec.prefix)) throw new Error(`lab prefix ${spec.prefix} is not 1–6 lowercase letters`);
  if (spec.topology === 'pair' && roles.length !== 2) {
    throw new Error(`a 'pair' lab joins exactly two hosts, got ${roles.length}`);
  }
  for (const host of Object.values(spec.hosts)) {
    if (host.mac) assertUnicastMac(host.mac);
    for (const cidr of host.addresses ?? []) assertDocumentationCidr(cidr);
  }
}

function collectOutput(child: ChildProcess): {stdout: () => string; stderr: () => string} {
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  return {stdout: () => out, stderr: () => err};
}

function waitForExit(child: ChildProcess, output: {stdout: () => string; stderr: () => string}) {
  return new Promise<ExecResult>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) =>
      resolve({stdout: output.stdout(), stderr: output.stderr(), code, signal});
    child.once('error', (error) => {
      resolve({stdout: output.stdout(), stderr: `${output.stderr()}${error.message}`, code: -1, signal: null});
    });
    child.once('close', finish);
  });
}

function describeFailure(argv: string[], result: ExecResult): string {
  const status = result.signal ? `signal ${result.signal}` : `exit ${result.code}`;
  return `\`${argv.join(' ')}\` failed (${status}): ${result.stderr.trim() || result.stdout.trim()}`;
}

/** Runs a command on this host's side (iproute2 itself); rejects on failure unless allowed. */
async function run(argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const [command, ...args] = argv;
  const child = spawn(command!, args, {stdio: ['ignore', 'pipe', 'pipe']});
  const output = collectOutput(child);
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), timeoutMs);
  const result = await waitForExit(child, output).finally(() => clearTimeout(timer));
  if (result.code !== 0 && !options.allowFailure) throw new Error(describeFailure(argv, result));
  return result;
}

/** Runs argv inside namespace `ns` and returns its output; rejects on non-zero exit. */
export function exec(ns: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
  return run(['ip', 'netns', 'exec', ns, ...argv], options);
}

/**
 * Starts argv inside namespace `ns` without waiting for it. `ip netns exec` execs the command,
 * so the returned PID is the command's own. destroyLab stops it if the test did not.
 */
export function spawnIn(ns: string, argv: string[]): Spawned {
  const child = spawn('ip', ['netns', 'exec', ns, ...argv], {stdio: ['ignore', 'pipe', 'pipe']});
  if (child.pid === undefined) throw new Error(`could not start \`${argv.join(' ')}\` in ${ns}`);
  const output = collectOutput(child);
  const exited = waitForExit(child, output).finally(() => spawned.delete(child));
  spawned.set(child, {ns, exited});
  return {child, pid: child.pid, ...output, exited, stop: (signal, graceMs) => stopChild(child, exited, signal, graceMs)};
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<ExecResult>,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 2000,
): Promise<ExecResult> {
  if (child.exitCode === null && child.signalCode === null) killQuietly(child.pid, signal);
  const timer = setTimeout(() => killQuietly(child.pid, 'SIGKILL'), graceMs);
  return exited.finally(() => clearTimeout(timer));
}

function killQuietly(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone: exactly what the caller wanted.
  }
}

/** Polls predicate every intervalMs until it returns truthy; throws after timeoutMs. */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  timeoutMs: number,
  what = 'condition',
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves once a packet socket is open in `ns`, i.e. a capture there has started to open. */
export async function captureOpened(ns: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => {
    const sockets = await exec(ns, ['cat', '/proc/net/packet']);
    return sockets.stdout.trim().split('\n').length > 1;
  }, timeoutMs, 'a packet socket in the namespace');
}

async function addNamespace(ns: string, options: {dad: boolean; ipv6: boolean}): Promise<void> {
  if (listNamespaces().includes(ns)) throw new Error(`namespace ${ns} already exists; refusing to reuse it`);
  await run(['ip', 'netns', 'add', ns]);
  liveNamespaces.add(ns);
  // Set defaults before any interface exists so every interface created here inherits them.
  const sysctls = options.ipv6
    ? options.dad ? [] : ['net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']
    : ['net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'];
  if (sysctls.length > 0) await exec(ns, ['sysctl', '-qw', ...sysctls]);
  await run(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
}

/** Namespaces named in /run/netns, as `ip netns list` shows them. */
export function listNamespaces(): string[] {
  const result = spawnSync('ip', ['netns', 'list'], {encoding: 'utf8'});
  return result.stdout.split('\n').map((line) => line.split(' ')[0]!).filter(Boolean);
}

async function addSwitch(prefix?: string): Promise<string> {
  const ns = allocateNamespaceName(prefix);
  // The switch has no addresses and IPv6 off, so it never sends a frame of its own.
  await addNamespace(ns, {dad: true, ipv6: false});
  await run(['ip', '-n', ns, 'link', 'add', BRIDGE, 'type', 'bridge', 'stp_state', '0', 'mcast_snooping', '0']);
  await run(['ip', '-n', ns, 'link', 'set', BRIDGE, 'up']);
  return ns;
}

async function configureHost(ns: string, host: HostSpec): Promise<void> {
  if (host.mac) await run(['ip', '-n', ns, 'link', 'set', HOST_IFACE, 'address', host.mac]);
  for (const cidr of host.addresses ?? []) {
    const isIpv6 = cidr.includes(':');
    const flags = isIpv6 && !host.dad ? ['nodad'] : [];
    await run(['ip', '-n', ns, 'addr', 'add', cidr, 'dev', HOST_IFACE, ...flags]);
  }
  await run(['ip', '-n', ns, 'link', 'set', HOST_IFACE, 'up']);
}

async function linkPair(lab: Lab): Promise<void> {
  const [first, second] = Object.values(lab.ns);
  await run(['ip', '-n', first!, 'link', 'add', HOST_IFACE, 'type', 'veth', 'peer', 'name', HOST_IFACE, 'netns', second!]);
}

async function linkToSwitch(lab: Lab, role: string, port: string): Promise<void> {
  const switchNs = lab.switchNs!;
  const hostNs = lab.ns[role]!;
  await run(['ip', '-n', hostNs, 'link', 'add', HOST_IFACE, 'type', 'veth', 'peer', 'name', port, 'netns', switchNs]);
  await run(['ip', '-n', switchNs, 'link', 'set', port, 'master', BRIDGE, 'up']);
}

async function isLinkUp(ns: string, iface: string): Promise<boolean> {
  const result = await run(['ip', '-n', ns, '-j', 'link', 'show', iface], {allowFailure: true});
  if (result.code !== 0) return false;
  const [link] = JSON.parse(result.stdout) as Array<{flags?: string[]}>;
  return link?.flags?.includes('LOWER_UP') ?? false;
}

async function buildLab(spec: LabSpec, lab: Lab): Promise<void> {
  for (const [role, host] of Object.entries(spec.hosts)) {
    lab.ns[role] = allocateNamespaceName(spec.prefix);
    await addNamespace(lab.ns[role], {dad: host.dad ?? false, ipv6: true});
  }
  if (spec.topology === 'pair') await linkPair(lab);
  else {
    Object.assign(lab, {switchNs: await addSwitch(spec.prefix)});
    let index = 0;
    for (const role of Object.keys(spec.hosts)) lab.ports[role] = `port${index++}`;
    for (const [role, port] of Object.entries(lab.ports)) await linkToSwitch(lab, role, port);
  }
  for (const [role, host] of Object.entries(spec.hosts)) await configureHost(lab.ns[role]!, host);
  for (const ns of Object.values(lab.ns)) {
    await waitFor(() => isLinkUp(ns, HOST_IFACE), LINK_READY_TIMEOUT_MS, `${HOST_IFACE} up in ${ns}`);
  }
}

/**
 * Creates the namespaces, links and addresses of `spec` and waits until every host link is up.
 * Throws (after removing whatever it made) when anything fails, so a test fails instead of
 * skipping. Pass node:test's `after` (or a TestContext) to have the lab destroyed even when the
 * test fails.
 */
export async function createLab(spec: LabSpec, registrar?: AfterRegistrar): Promise<Lab> {
  validateSpec(spec);
  if (process.getuid?.() !== 0) throw new Error('the namespace lab needs root (ip netns add)');
  const lab = emptyLab();
  liveLabs.add(lab);
  installExitCleanup();
  registrar?.after(() => destroyLab(lab));
  try {
    await buildLab(spec, lab);
  } catch (error) {
    await destroyLab(lab);
    throw error;
  }
  return lab;
}

/**
 * Call inside `describe`: builds the lab in `before`, destroys it in `after` (also when tests or
 * the setup fail), and returns an accessor for the tests.
 */
export function useLab(spec: LabSpec): () => Lab {
  let lab: Lab | undefined;
  before(async () => {
    lab = await createLab(spec);
  });
  after(() => destroyLab(lab ?? emptyLab()));
  return () => lab ?? assertNever('the lab is used before its before hook ran');
}

function emptyLab(): Lab {
  return {ns: {}, hostIface: HOST_IFACE, bridge: BRIDGE, ports: {}};
}

function assertNever(message: string): never {
  throw new Error(message);
}

function namespacesOf(lab: Lab): string[] {
  return [...Object.values(lab.ns), ...(lab.switchNs ? [lab.switchNs] : [])];
}

/** PIDs of processes still inside `ns` (ours: nobody else knows the name). */
function pidsIn(ns: string): number[] {
  const result = spawnSync('ip', ['netns', 'pids', ns], {encoding: 'utf8'});
  return result.stdout.split('\n').filter(Boolean).map(Number);
}

async function stopProcessesIn(ns: string): Promise<void> {
  const ours = [...spawned].filter(([, entry]) => entry.ns === ns);
  await Promise.all(ours.map(([child, entry]) => stopChild(child, entry.exited)));
  // Daemons a test started with exec (radvd, …) are still ours: the namespace name is private.
  for (const pid of pidsIn(ns)) killQuietly(pid, 'SIGKILL');
}

async function deleteNamespace(ns: string): Promise<void> {
  await stopProcessesIn(ns);
  await run(['ip', 'netns', 'del', ns], {allowFailure: true});
  liveNamespaces.delete(ns);
}

/**
 * Stops processes started in the lab and deletes its namespaces (which deletes their veths and
 * the bridge). Without an argument, destroys every lab this process created. Safe to repeat.
 */
export async function destroyLab(lab?: Lab): Promise<void> {
  const labs = lab ? [lab] : [...liveLabs];
  for (const each of labs) {
    for (const ns of namespacesOf(each)) if (liveNamespaces.has(ns)) await deleteNamespace(ns);
    liveLabs.delete(each);
  }
  const leftovers = labs.flatMap(namespacesOf).filter((ns) => listNamespaces().includes(ns));
  if (leftovers.length > 0) throw new Error(`lab namespaces survived cleanup: ${leftovers.join(', ')}`);
}

// LIMITATION: a test process killed with SIGKILL leaves its llt<pid>* namespaces behind, and a later process with the same PID then fails in createLab — remove them with `ip netns del` (or record owners in a lock file and reap stale ones at start).
let isExitCleanupInstalled = false;

/** Last resort when a test run dies before its after hooks: remove namespaces synchronously. */
function installExitCleanup(): void {
  if (isExitCleanupInstalled) return;
  isExitCleanupInstalled = true;
  process.once('exit', removeNamespacesSync);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      removeNamespacesSync();
      process.kill(process.pid, signal);
    });
  }
}

function removeNamespacesSync(): void {
  for (const child of spawned.keys()) killQuietly(child.pid, 'SIGKILL');
  for (const ns of liveNamespaces) {
    for (const pid of pidsIn(ns)) killQuietly(pid, 'SIGKILL');
    spawnSync('ip', ['netns', 'del', ns]);
  }
  liveNamespaces.clear();
}
