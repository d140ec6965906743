// Radio signal from radiotap headers onto records: RSSI as received, LQM derived from it (issue 6).
import type {LinkEvent} from '../decode/link-event.js';
import type {InterfaceContext} from './interface-context.js';
import {ETHERTYPE_IP, ETHERTYPE_IPV6} from './reachability-tree.js';
import {isStationMac} from './segment-view.js';

/**
 * LQM from RSSI, onto the kernel's LQM thresholds (IFNET_LQM_THRESH_*, spec §1.7). The kernel
 * gets LQM from the Wi-Fi driver; a capture only has the signal, so llreach uses the usual
 * rule-of-thumb bands for 802.11 reception:
 *   ≥ −70 dBm → 100 (good), −71…−80 → 50 (poor), −81…−90 → 20 (minimally viable), below → 10 (abort).
 */
export function lqmFromRssi(rssiDbm: number): number {
  if (rssiDbm >= -70) return 100;
  if (rssiDbm >= -80) return 50;
  if (rssiDbm >= -90) return 20;
  return 10;
}

/**
 * Puts a frame's signal on the record of the station that transmitted it, never on the original
 * sender of a relayed frame: the access point's signal says nothing of the host behind it.
 */
export function applySignal(ctx: InterfaceContext, event: LinkEvent): void {
  if (event.rssi === null || !isStationMac(event.transmitter)) return;
  const proto = event.kind === 'ipv6' ? ETHERTYPE_IPV6 : ETHERTYPE_IP;
  const record = ctx.tree.find(proto, event.transmitter);
  if (!record) return;
  record.rssi = event.rssi;
  record.lqm = lqmFromRssi(event.rssi);
}
