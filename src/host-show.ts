// What `show` adds for the host view and the Apple layouts: the flags, "us" from flags or the
// live interface, profile bases, --ifindex (E30) and the --format renderers (spec §7).
import {randomBytes} from 'node:crypto';

import {Flags} from '@oclif/core';
import type {ChalkInstance} from 'chalk';

import {takeHostSnapshot, type HostSnapshot} from './core/host-snapshot.js';
import {createHostModel, type HostView} from './core/host-view.js';
import {checkIfindex, ifLlreachInfo} from './core/llreach-info.js';
import type {ReachabilityModel} from './core/model.js';
import {PROFILE_NAMES, PROFILES, type HostProfile} from './core/profiles.js';
import {freshSeed, seededRandom32} from './core/random.js';
import {makeSelf, parseStatic, type SelfConfig} from './core/self.js';
import {matchesProto, type ProtoFilter, type Snapshot} from './core/snapshot.js';
import {parseMac} from './decode/address.js';
import {LlreachError} from './errors.js';
import {EXIT} from './exit-codes.js';
import {renderArp, renderNdp, renderNetstat} from './render/apple-formats.js';
import {renderHostTables} from './render/host-table.js';

export const HOST_FLAGS = {
  profile: Flags.string({
    options: PROFILE_NAMES,
    default: 'xnu-2050',
    description: 'XNU release whose rules and defaults to follow: xnu-2050 (bases 30 s) or xnu-3789 (ARP base 120 s, unicast probing).',
  }),
  'self-mac': Flags.string({description: 'Host view of a file: our MAC address.'}),
  'self-addr': Flags.string({multiple: true, description: 'Host view of a file: one of our addresses with its prefix (198.51.100.1/24, 2001:db8::1/64); repeatable.'}),
  router: Flags.boolean({default: false, description: 'Host view of a file: we forward IPv6 (RS are processed, RA and Redirects are not).'}),
  static: Flags.string({multiple: true, description: 'Host view: a static ARP entry ADDR=MAC, like arp -s (never gets a record); repeatable.'}),
  format: Flags.string({
    options: ['table', 'netstat', 'arp', 'ndp'],
    default: 'table',
    description: 'Output layout: our table, or Apple\'s netstat -i -R -x, arp -a -l -x, ndp -a -l -x (arp and ndp need --view host).',
  }),
  ifindex: Flags.integer({min: 0, description: 'Name the interface by its index (live), or keep only that interface of a file.'}),
};

export interface HostFlags {
  view: string;
  profile: string;
  'self-mac'?: string;
  'self-addr'?: string[];
  router: boolean;
  static?: string[];
  format: string;
  ifindex?: number;
  'arp-base'?: number;
  'nd6-base'?: number;
  'max-records'?: number;
  seed?: number;
}

/** The profile and the bases in force (--arp-base/--nd6-base override the profile's). */
export function basesFor(flags: HostFlags): {profile: HostProfile; arpBaseSec: number; nd6BaseSec: number} {
  const profile = PROFILES[flags.profile as HostProfile['name']];
  return {profile, arpBaseSec: flags['arp-base'] ?? profile.arpBaseSec, nd6BaseSec: flags['nd6-base'] ?? profile.nd6BaseSec};
}

/** The live device named by --ifindex (E30: 0 or an unknown index is an error with its own code). */
export async function deviceForIfindex(ifindex: number): Promise<string> {
  const {interfaceByIndex} = await import('./capture/interfaces.js');
  checkIfindex(ifindex, (index) => interfaceByIndex(index) !== undefined);
  return interfaceByIndex(ifindex)!;
}

/** The flags that describe "us" only mean something in the host view: refused before capturing. */
export function checkHostFlags(flags: HostFlags): void {
  const given = [
    flags['self-mac'] === undefined ? undefined : '--self-mac',
    flags['self-addr'] === undefined ? undefined : '--self-addr',
    flags.router ? '--router' : undefined,
    flags.static === undefined ? undefined : '--static',
  ].filter((name) => name !== undefined);
  if (given.length > 0 && flags.view !== 'host') {
    const verb = given.length === 1 ? 'describes' : 'describe';
    throw new LlreachError('NEEDS_HOST_VIEW', `${given.join(', ')} ${verb} the capturing host, which only the host view uses`, EXIT.USAGE, [
      'add --view host, or leave these flags out for the segment view',
    ]);
  }
  const bad = (flags.static ?? []).find((text) => parseStatic(text) === null);
  if (bad !== undefined) {
    throw new LlreachError('BAD_STATIC', `--static ${bad} is not ADDR=MAC`, EXIT.USAGE, [
      'give an IPv4 address and a MAC, as arp -s takes them: --static 198.51.100.9=02:00:00:00:00:09',
    ]);
  }
}

/** "Us" from the flags; undefined when neither --self-mac nor --self-addr was given. */
export function selfFromFlags(flags: HostFlags): SelfConfig | undefined {
  if (flags['self-mac'] === undefined && flags['self-addr'] === undefined) return undefined;
  // Without a prefix every sender would look off-link and bind nothing, so guessing /32 misleads.
  const bare = (flags['self-addr'] ?? []).find((text) => !text.includes('/'));
  if (bare !== undefined) throw usage(`--self-addr ${bare} has no prefix length, so llreach cannot tell which senders are on-link`);
  const mac = flags['self-mac'] === undefined ? null : parseMac(flags['self-mac']);
  if (mac === null) throw usage(`--self-mac needs a MAC address (got ${flags['self-mac'] ?? 'nothing'})`);
  const self = makeSelf(mac, flags['self-addr'] ?? [], flags.router, flags.static ?? []);
  if (typeof self === 'string') throw usage(self);
  return self;
}

/** "Us" for the host view: the flags, else the live interface; a file without them is a usage error. */
export async function resolveSelf(flags: HostFlags, device: string | undefined): Promise<SelfConfig> {
  const given = selfFromFlags(flags);
  if (given) return given;
  if (device === undefined) {
    throw usage('the host view of a capture file needs to know who "us" is');
  }
  const {selfFromInterface} = await import('./capture/self-from-interface.js');
  return selfFromInterface(device, flags.static ?? []);
}

function usage(message: string): LlreachError {
  return new LlreachError('NO_SELF', message, EXIT.USAGE, [
    'give --self-mac MAC and --self-addr ADDR/PREFIX (repeatable, IPv4 and IPv6), plus --router if the host forwards IPv6',
    'for example: --self-mac 02:00:00:00:00:01 --self-addr 198.51.100.1/24 --self-addr 2001:db8::1/64',
  ]);
}

/** A host-view model for `self`, seeded like the segment view's. */
export function createHostViewModel(flags: HostFlags, self: SelfConfig) {
  const {profile, arpBaseSec, nd6BaseSec} = basesFor(flags);
  const seed = flags.seed ?? freshSeed(randomBytes);
  const settings = {arpBaseSec, nd6BaseSec, maxRecords: flags['max-records'], random32: seededRandom32(seed)};
  return createHostModel(settings, self, profile);
}

/** Keeps only the interface with --ifindex in a file's output; none with it is E30's error. */
export function keepIfindex<T extends Snapshot & {host?: HostSnapshot}>(output: T, ifindex: number): T {
  const inFile = [...new Set(output.interfaces.map((ctx) => ctx.ifindex))].sort((a, b) => a - b);
  const where = inFile.length > 0 ? `this file's interfaces have indexes ${inFile.join(', ')}` : 'this file has no interface with records';
  checkIfindex(ifindex, (index) => inFile.includes(index), where);
  output.interfaces = output.interfaces.filter((ctx) => ctx.ifindex === ifindex);
  if (output.host) output.host.contexts = output.host.contexts.filter((ctx) => ctx.ifindex === ifindex);
  return output;
}

export function hostSnapshotOf(model: ReachabilityModel, view: HostView): HostSnapshot {
  return takeHostSnapshot(model, view);
}

/** The text for --format (and the host tables under the default table); undefined: only the segment table. */
export function renderFormat(
  format: string,
  model: ReachabilityModel,
  host: HostSnapshot | undefined,
  keep: (ifindex: number) => boolean,
  proto: ProtoFilter = 'all',
): string | undefined {
  const now = model.clock.calendarSec;
  if (format === 'netstat') {
    const interfaces = model.contextsInOrder()
      .filter((ctx) => keep(ctx.ifindex))
      .map((ctx) => ({
        // A VLAN context is named like its Linux sub-interface, as in our own tables.
        name: ctx.vlan ? `${ctx.iface.name}.${ctx.vlan}` : ctx.iface.name,
        infos: [...ctx.tree.inOrder()]
          .filter((record) => matchesProto(record.proto, proto))
          .map((record) => ifLlreachInfo(record, ctx.ifindex, model.clock)),
      }));
    return renderNetstat(interfaces, now);
  }
  if (format === 'arp' || format === 'ndp') {
    if (!host) throw needsHostView(format);
    return format === 'arp' ? renderArp(host.contexts, now) : renderNdp(host.contexts, now);
  }
  return undefined;
}

/** --format arp and ndp list resolver entries, which only the host view keeps: checked before capturing. */
export function checkFormat(flags: HostFlags): void {
  if ((flags.format === 'arp' || flags.format === 'ndp') && flags.view !== 'host') throw needsHostView(flags.format);
}

function needsHostView(format: string): LlreachError {
  return new LlreachError('NEEDS_HOST_VIEW', `--format ${format} shows resolver entries, which only the host view has`, EXIT.USAGE, [
    'add --view host (with --self-mac and --self-addr for a file)',
  ]);
}

/** The host tables that follow the record tables in the default layout. */
export function renderHostSection(host: HostSnapshot, now: number, chalk: ChalkInstance): string {
  return renderHostTables(host, now, chalk);
}
