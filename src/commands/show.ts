// `llreach show`: capture (live or from a file), then print the reachability records as tables.
import {basename} from 'node:path';

import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {DEFAULT_USER} from '../capture/privileges.js';
import {DEFAULT_MAX_RECORDS} from '../core/capacity.js';
import {takeSnapshot, type ProtoFilter, type Snapshot} from '../core/snapshot.js';
import {interfaceWithRead, LlreachError} from '../errors.js';
import {EXIT} from '../exit-codes.js';
import {createModel, dropRootAfterOpen, evictionWarnings, feedFile, feedLive, type LiveResult} from '../pipeline.js';
import {renderShow} from '../render/table.js';
import type {HostSnapshot} from '../core/host-snapshot.js';
import {
  HOST_FLAGS, basesFor, checkFormat, checkHostFlags, createHostViewModel, deviceForIfindex, hostSnapshotOf, keepIfindex,
  renderFormat, renderHostSection, resolveSelf,
} from '../host-show.js';

export type ShowResult = Snapshot & {
  source: {kind: 'file'; path: string; format: string} | {kind: 'live'; interface: string};
  capture?: LiveResult['stats'];
  warnings: string[];
  /** --view host: resolver entries, verdicts and exports of the host's own kernel. */
  host?: HostSnapshot;
};

export default class Show extends BaseCommand {
  static override summary = 'Show the link-layer reachability records of an interface or capture file.';

  static override description = `Captures ARP, IPv4 and IPv6 frames live on INTERFACE (default: the interface of the default route) for --duration seconds, or reads a pcap/pcapng file with --read, and prints one table per interface and VLAN: each record is one (protocol, MAC) with its Refs (how many addresses refer to it), Probes, receive expiry, RSSI/LQM/NPM and the addresses bound to it, as Apple's if_llreach keeps them.`;

  static override examples = [
    {command: '<%= config.bin %> show eth0', description: 'Capture 5 seconds on eth0 (needs root or CAP_NET_RAW).'},
    {command: '<%= config.bin %> show --read samples/lab.pcapng', description: 'Read a capture file.'},
    {command: '<%= config.bin %> show eth0 --duration 30 --proto ipv6', description: 'IPv6 records only.'},
    {command: '<%= config.bin %> show --read lab.pcapng --json --seed 1', description: 'Repeatable JSON.'},
  ];

  static override args = {
    // ignoreStdin: oclif would otherwise take a missing argument from piped stdin (and consume it).
    interface: Args.string({description: 'Interface to capture on (default: the default route\'s).', ignoreStdin: true}),
  };

  static override flags = {
    read: Flags.string({char: 'r', description: 'Read frames from a pcap or pcapng file instead of capturing.'}),
    duration: Flags.integer({char: 'd', default: 5, min: 1, description: 'Seconds to capture live.'}),
    count: Flags.integer({char: 'c', min: 1, description: 'Stop after this many frames.'}),
    proto: Flags.string({options: ['ipv4', 'ipv6', 'all'], default: 'all', description: 'Which records to show.'}),
    view: Flags.string({
      options: ['segment', 'host'],
      default: 'segment',
      description: 'Whose records: the whole segment, or the capturing host\'s own kernel under XNU rules (--self-* for files).',
    }),
    seed: Flags.integer({min: 0, max: 0xffffffff, description: 'Seed for the random reachable times (repeatable output).'}),
    'arp-base': Flags.integer({min: 0, description: 'ARP base reachable time in seconds (default: the profile\'s, 30); 0 disables IPv4 records.'}),
    'nd6-base': Flags.integer({min: 0, description: 'ND6 base reachable time in seconds (default: the profile\'s, 30); 0 disables IPv6 records.'}),
    'max-records': Flags.integer({
      default: DEFAULT_MAX_RECORDS,
      min: 1,
      description: 'Records (and addresses per family) kept per interface and VLAN; past it the least recently heard tenth is evicted.',
    }),
    user: Flags.string({
      default: DEFAULT_USER,
      description: 'When started as root, switch to this user once the capture or file is open, like tcpdump -Z ("root" keeps root).',
    }),
    ...HOST_FLAGS,
  };

  async run(): Promise<ShowResult> {
    const {args, flags} = await this.parse(Show);
    if (args.interface && flags.read) throw interfaceWithRead(args.interface);
    const chalk = this.colorFor(flags.color);
    checkFormat(flags);
    checkHostFlags(flags);
    const {arpBaseSec, nd6BaseSec} = basesFor(flags);
    const live = flags.read === undefined;
    const device = live && flags.ifindex !== undefined ? await deviceForIfindex(flags.ifindex) : args.interface;
    const host = flags.view === 'host'
      ? createHostViewModel(flags, await resolveSelf(flags, live ? device ?? (await defaultInterface()) : undefined))
      : undefined;
    const model = host?.model ?? createModel({...flags, 'arp-base': arpBaseSec, 'nd6-base': nd6BaseSec});

    const result = flags.read
      ? this.fromFile(model, flags.read, flags.count, flags.user)
      : await this.fromLive(model, device, flags);

    let output: ShowResult = {...takeSnapshot(model, flags.proto as ProtoFilter), ...result};
    if (host) output.host = hostSnapshotOf(model, host.view);
    if (!live && flags.ifindex !== undefined) output = keepIfindex(output, flags.ifindex);
    output.warnings.push(...evictionWarnings(model));
    // Under --json oclif prints the returned value; laying out tables nobody sees would only cost time.
    if (!this.jsonEnabled()) this.printOutput(output, model, flags, chalk);
    for (const warning of output.warnings) this.warn(warning);
    return output;
  }

  /** Our tables (with the host section in host view), or one of Apple's layouts with --format. */
  private printOutput(
    output: ShowResult,
    model: ReturnType<typeof createModel>,
    flags: {format: string; proto: string},
    chalk: ReturnType<BaseCommand['colorFor']>,
  ) {
    const shown = new Set(output.interfaces.map((ctx) => ctx.ifindex));
    const apple = renderFormat(flags.format, model, output.host, (ifindex) => shown.has(ifindex), flags.proto as ProtoFilter);
    if (apple !== undefined) {
      this.log(apple.trimEnd());
      return;
    }
    const sourceLabel = output.source.kind === 'file' ? basename(output.source.path) : output.source.interface;
    this.log(renderShow(output, {sourceLabel, chalk, capture: output.capture}).trimEnd());
    if (output.host) this.log(`\n${renderHostSection(output.host, model.clock.calendarSec, chalk)}`);
  }

  private fromFile(model: ReturnType<typeof createModel>, path: string, count: number | undefined, user: string) {
    const summary = feedFile(model, path, count, {afterOpen: dropRootAfterOpen(user)});
    return {source: {kind: 'file' as const, path, format: summary.format}, warnings: summary.warnings};
  }

  private async fromLive(model: ReturnType<typeof createModel>, name: string | undefined, flags: {duration: number; count?: number; user: string}) {
    const device = name ?? (await defaultInterface());
    const live = await feedLive(model, device, {
      durationSec: flags.duration,
      maxFrames: flags.count,
      onProgress: progressLine(flags.duration),
      user: flags.user,
    });
    if (process.stderr.isTTY) process.stderr.write('\r\u001B[K');
    const warnings = live.stats.dropped > 0 ? [`libpcap dropped ${live.stats.dropped} frames`] : [];
    if (live.lost) warnings.unshift(this.reportLost(live.lost));
    return {source: {kind: 'live' as const, interface: live.interfaceName}, capture: live.stats, warnings};
  }

  /**
   * A lost interface still prints what was seen, then exits with its own code. Its message goes
   * with the warnings, so --json (which silences this.warn) carries it in `warnings` too.
   */
  private reportLost(error: LlreachError): string {
    process.exitCode = EXIT.INTERFACE_LOST;
    return error.message;
  }
}

async function defaultInterface(): Promise<string> {
  const {defaultRouteInterface, listInterfaces} = await import('../capture/interfaces.js');
  const device = defaultRouteInterface(4) ?? defaultRouteInterface(6);
  if (device) return device;
  throw new LlreachError(
    'NO_DEFAULT_INTERFACE',
    'no interface given and no default route to take one from',
    EXIT.NO_SUCH_INTERFACE,
    [`name one: llreach show <interface> (interfaces here: ${listInterfaces().join(', ')})`],
  );
}

function progressLine(durationSec: number) {
  if (!process.stderr.isTTY) return undefined;
  return (frames: number, elapsedSec: number) => {
    const left = Math.max(0, Math.ceil(durationSec - elapsedSec));
    process.stderr.write(`\r\u001B[Kcapturing: ${frames} frames, ${left}s left (Ctrl-C to stop early)`);
  };
}
