// `llreach get-defrouter`: is my default router reachable — XNU's ifnet_llreach_get_defrouter (spec §5).
import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {DEFAULT_USER} from '../capture/privileges.js';
import type {DefrouterFamily} from '../core/defrouter.js';
import {lookupInFile, lookupLive, type DefrouterOutput} from '../defrouter-lookup.js';
import {interfaceWithRead, LlreachError} from '../errors.js';
import {EXIT} from '../exit-codes.js';
import {createModel} from '../pipeline.js';
import {renderDefrouter} from '../render/defrouter-table.js';

export default class GetDefrouter extends BaseCommand {
  static override summary = 'Show the reachability record of the default router of one address family.';

  static override description = `Finds the default router of --af inet or inet6 (the routing table's default route on INTERFACE, or for inet6 the best router of the Router Advertisements seen; --gateway names it yourself), captures until its record exists or --timeout, and prints ifnet_llreach_info: refcnt, probes, snd_expire, rcv_expire, curtime, netproto, addr, rssi, lqm and npm, with the verdict and the time left. No default route exits 9 (the kernel's ESRCH); a router whose record did not appear prints the "none" values and exits 10.`;

  static override examples = [
    {command: '<%= config.bin %> get-defrouter --af inet', description: 'The IPv4 default router (needs root or CAP_NET_RAW).'},
    {command: '<%= config.bin %> get-defrouter --af inet6 eth0 --probe', description: 'Ask the router with one NS instead of waiting.'},
    {command: '<%= config.bin %> get-defrouter --af inet6 --read ra.pcap --json', description: 'The best RA router of a file.'},
    {command: '<%= config.bin %> get-defrouter --af inet --read lab.pcapng --gateway 198.51.100.1', description: 'A file has no routing table: name the router.'},
  ];

  static override args = {
    // ignoreStdin: oclif would otherwise take a missing argument from piped stdin (and consume it).
    interface: Args.string({description: 'Interface of the default route (default: the lowest-metric one).', ignoreStdin: true}),
  };

  static override flags = {
    af: Flags.string({required: true, options: ['inet', 'inet6'], description: 'Address family of the default route.'}),
    read: Flags.string({char: 'r', description: 'Read frames from a pcap or pcapng file instead of capturing.'}),
    gateway: Flags.string({char: 'g', description: 'The router address to look up, instead of the routing table or RAs.'}),
    timeout: Flags.integer({char: 't', default: 10, min: 1, description: 'Seconds to capture at most while waiting for the record.'}),
    probe: Flags.boolean({default: false, description: 'Send one ARP request (inet) or NS (inet6) for the router so it answers at once.'}),
    seed: Flags.integer({min: 0, max: 0xffffffff, description: 'Seed for the random reachable times (repeatable output).'}),
    'arp-base': Flags.integer({default: 30, min: 0, description: 'ARP base reachable time in seconds; 0 disables IPv4 records.'}),
    'nd6-base': Flags.integer({default: 30, min: 0, description: 'ND6 base reachable time in seconds; 0 disables IPv6 records.'}),
    user: Flags.string({default: DEFAULT_USER, description: 'When started as root, switch to this user once the capture or file is open ("root" keeps root).'}),
  };

  async run(): Promise<DefrouterOutput> {
    const {args, flags} = await this.parse(GetDefrouter);
    const chalk = this.colorFor(flags.color);
    const model = createModel(flags);
    const request = {
      family: flags.af as DefrouterFamily, device: args.interface, gateway: flags.gateway,
      timeoutSec: flags.timeout, probe: flags.probe, user: flags.user,
    };
    if (flags.read && flags.probe) {
      throw new LlreachError('PROBE_WITH_READ', '--probe sends on a live interface, so it cannot be used with --read', EXIT.USAGE, [
        'leave out --probe to look in the file, or give an interface instead of --read to probe a live router',
      ]);
    }
    if (flags.read && args.interface) throw interfaceWithRead(args.interface);

    const output = flags.read ? lookupInFile(model, flags.read, request) : await lookupLive(model, request);
    this.log(renderDefrouter(output, chalk).trimEnd());
    for (const warning of output.warnings) this.warn(warning);
    if (output.interfaceLost) process.exitCode = EXIT.INTERFACE_LOST; // what was seen is still printed
    else if (!output.hasRecord) process.exitCode = EXIT.NO_RECORD; // the "none" values are still printed
    return output;
  }
}
