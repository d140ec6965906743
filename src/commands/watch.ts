// `llreach watch`: the reachability records as a live table (or a stream of changes when piped).

import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {DEFAULT_USER, dropPrivileges} from '../capture/privileges.js';
import {DEFAULT_MAX_RECORDS} from '../core/capacity.js';
import type {ProtoFilter} from '../core/snapshot.js';
import {errorJson, EXIT, interfaceWithRead, LlreachError} from '../errors.js';
import {createModel, evictionWarnings} from '../pipeline.js';
import {renderWatchSummary} from '../render/live-lines.js';
import {canDrawScreen, chooseOutputMode, createOutput} from '../watch/outputs.js';
import {WatchSession} from '../watch/session.js';
import type {WatchSource} from '../watch/sources.js';
import {defaultDevice, openWatchSource, parseSpeed} from '../watch/open-source.js';

export default class Watch extends BaseCommand {
  // --json streams one NDJSON snapshot per interval; oclif's own --json would print one document at the end.
  static override enableJsonFlag = false;

  static override summary = 'Watch the link-layer reachability records change, live or replayed from a file.';

  static override description = `Redraws the records of INTERFACE (default: the default route's) every --interval seconds in place, like top: countdowns tick, new records are highlighted, moved addresses marked. Keys: arrows, PgUp/PgDn, Home/End scroll; / filters by MAC or address; p cycles ipv4/ipv6/all; s cycles the sort; q quits. When stdout is not a terminal it prints one line per record that appears, changes or goes; --json prints one NDJSON snapshot per interval and --events one NDJSON line per change. --read replays a capture file on its own clock at --speed.`;

  static override examples = [
    {command: '<%= config.bin %> watch eth0', description: 'Live table on eth0 (needs root or CAP_NET_RAW).'},
    {command: '<%= config.bin %> watch --read samples/lab.pcapng --speed 10', description: 'Replay a file ten times faster.'},
    {command: '<%= config.bin %> watch eth0 --events | jq .type', description: 'Stream changes as NDJSON.'},
  ];

  static override args = {
    // ignoreStdin: oclif would otherwise take a missing argument from piped stdin (and consume it).
    interface: Args.string({description: "Interface to capture on (default: the default route's).", ignoreStdin: true}),
  };

  static override flags = {
    read: Flags.string({char: 'r', description: 'Replay a pcap or pcapng file instead of capturing.'}),
    speed: Flags.string({default: '1', description: 'Replay speed: file seconds per wall second, or "max".'}),
    interval: Flags.string({char: 'i', default: '1', description: 'Seconds between redraws (or snapshots).'}),
    duration: Flags.integer({char: 'd', min: 1, description: 'Stop after this many seconds (default: until q or Ctrl-C).'}),
    proto: Flags.string({options: ['ipv4', 'ipv6', 'all'], default: 'all', description: 'Which records to show.'}),
    view: Flags.string({options: ['segment'], default: 'segment', description: 'Whose records: the whole segment.'}),
    seed: Flags.integer({min: 0, max: 0xffffffff, description: 'Seed for the random reachable times (repeatable output).'}),
    'arp-base': Flags.integer({default: 30, min: 0, description: 'ARP base reachable time in seconds; 0 disables IPv4 records.'}),
    'nd6-base': Flags.integer({default: 30, min: 0, description: 'ND6 base reachable time in seconds; 0 disables IPv6 records.'}),
    'max-records': Flags.integer({
      default: DEFAULT_MAX_RECORDS,
      min: 1,
      description: 'Records (and addresses per family) kept per interface and VLAN; past it the least recently heard tenth is evicted.',
    }),
    json: Flags.boolean({exclusive: ['events'], description: 'Print one NDJSON snapshot per interval.'}),
    events: Flags.boolean({description: 'Print one NDJSON line per change (record created/removed/expired/heard again, address attached/detached/moved).'}),
    user: Flags.string({
      default: DEFAULT_USER,
      description: 'When started as root, switch to this user once the capture or file is open, like tcpdump -Z; CAP_NET_RAW alone is kept to reopen a lost interface ("root" keeps root).',
    }),
  };

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Watch);
    if (args.interface && flags.read) throw interfaceWithRead(args.interface);
    const intervalSec = parseInterval(flags.interval);
    const speed = parseSpeed(flags.speed);
    const mode = chooseOutputMode(flags, canDrawScreen(process.stdout, process.env));
    const model = createModel(flags);
    const device = flags.read ? undefined : (args.interface ?? defaultDevice());
    const onMessage = (text: string) => mode !== 'terminal' && process.stderr.write(`watch: ${text}\n`);
    const source = await openWatchSource(model, {path: flags.read, device, speed, onMessage, user: flags.user});
    if (device) dropPrivilegesOrClose(source, flags.user);

    const session = new WatchSession({
      model, source, intervalMs: intervalSec * 1000, durationSec: flags.duration,
      proto: mode === 'terminal' ? 'all' : (flags.proto as ProtoFilter),
      holdAtEnd: mode === 'terminal',
    });
    const sourceInfo = flags.read ? {kind: 'file', path: flags.read} : {kind: 'live', interface: device};
    const chalk = this.colorFor(flags.color);
    const output = createOutput({
      mode, chalk, proto: flags.proto as ProtoFilter, source: sourceInfo, warnings: source.warnings(), onQuit: () => session.stop(),
    });
    const summary = await session.run(output);

    process.stderr.write(`${renderWatchSummary(summary)}\n`);
    // After the summary, so that a terminal's screen has been given back when they print.
    for (const warning of [...source.warnings(), ...summary.warnings, ...evictionWarnings(model)]) this.warn(warning);
    if (summary.lost) {
      process.exitCode = EXIT.INTERFACE_LOST;
      // A script reading --json/--events learns why the stream ended, as for any other error.
      if (mode === 'json' || mode === 'events') process.stdout.write(`${JSON.stringify(errorJson(summary.lost))}\n`);
    }
  }

  /**
   * Under --json or --events a script reads stdout, so a fatal error also ends that stream as one
   * NDJSON line, shaped like show --json's error.
   */
  protected override async catch(error: Error & {code?: string; oclif?: {exit?: number}; suggestions?: string[]}) {
    if (this.argv.includes('--json') || this.argv.includes('--events')) {
      process.stdout.write(`${JSON.stringify(errorJson(error))}\n`);
    }
    return super.catch(error);
  }
}

/** Right after the capture is open; CAP_NET_RAW stays so the source can reopen a lost interface. */
function dropPrivilegesOrClose(source: WatchSource, user: string): void {
  try {
    dropPrivileges(user, {keepNetRaw: true});
  } catch (error) {
    source.close();
    throw error;
  }
}

function parseInterval(text: string): number {
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0.1 && seconds <= 3600) return seconds;
  throw new LlreachError('BAD_OPTION', `--interval must be a number of seconds from 0.1 to 3600, not "${text}"`, EXIT.USAGE);
}
