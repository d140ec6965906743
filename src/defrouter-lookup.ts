// get-defrouter end to end: find the gateway (flag, routing table, RAs), get its record from a file
// or a live capture, and build the ifnet_llreach_info answer (spec §5).
import {basename} from 'node:path';

import {captureUntilRecord} from './capture/defrouter-live.js';
import {
  gatewayFromFlag,
  noDefaultRoute,
  planLive,
  raSummary,
  routeCommand,
} from './capture/default-gateway.js';
import {
  buildDefrouterResult,
  chooseRouterIn,
  findGatewayEntry,
  routerAsOfLastRa,
  formatGateway,
  type DefrouterFamily,
  type DefrouterResult,
  type GatewayAddr,
  type GatewaySource,
} from './core/defrouter.js';
import type {InterfaceContext} from './core/interface-context.js';
import type {ReachabilityModel} from './core/model.js';
import {LlreachError} from './errors.js';
import {EXIT} from './exit-codes.js';
import {readCaptureFile} from './capture/file-reader.js';
import {isSupportedLinkType} from './decode/decode-frame.js';
import {DEFAULT_USER} from './capture/privileges.js';
import {dropRootAfterOpen, ingestFrame, unsupportedLinkError} from './pipeline.js';

// LIMITATION: get-defrouter always runs the segment view, so snd_expire is always lastused 0 + reachable and refcnt counts every address the router announced, not only the entries this host resolved — running the host view with "us" read from the interface would give the kernel's own gateway entry.
export interface LookupRequest {
  family: DefrouterFamily;
  device?: string;
  gateway?: string;
  timeoutSec: number;
  probe: boolean;
  user?: string;
}

/** The answer plus where it came from; `capture` only for live look-ups. */
export type DefrouterOutput = DefrouterResult & {
  source: {kind: 'file'; path: string} | {kind: 'live'; interface: string};
  capture?: {frames: number; waitedMs: number; probeSent: boolean};
  warnings: string[];
  /** The live interface went away before the answer: exit 8, as show and watch. */
  interfaceLost?: boolean;
};

/**
 * Reads a whole capture file and answers as of its end. The router is --gateway, or the best RA
 * default router (RFC 4191 preference, then the most recent) as of the file's last RA: a later RA
 * that withdraws a router or prefers another one counts, while lifetimes that run out after the
 * last RA do not, because a file ending long after its RAs would otherwise never have a router.
 * When the router's record is gone by the end (entries age out), the answer is "no record" (exit
 * 10, as the kernel would answer then), with the record as it was last beside it and a warning.
 */
export function lookupInFile(model: ReachabilityModel, path: string, request: LookupRequest): DefrouterOutput {
  const flagged = request.gateway === undefined ? undefined : gatewayFromFlag(request.family, request.gateway);
  if (request.family === 'inet' && flagged === undefined) throw noIpv4RoutesInFile(path);
  const {summary, lastWithRecord} = replayFile(model, path, request, flagged);
  const contexts = contextsOf(model, request.device);
  if (contexts.length === 0 && request.device) throw noSuchFileInterface(model, path, request.device);
  const gateway = flagged ?? routerAsOfLastRa(contexts)?.router.addr;
  if (gateway === undefined) {
    throw noDefaultRoute(request.family, request.device, [raSummary(contexts, basename(path), discardedNd(model))], [
      'name the router: llreach get-defrouter --af inet6 --gateway ADDR --read FILE',
    ]);
  }
  const chosen = {gateway, source: (flagged === undefined ? 'ra' : 'flag') as GatewaySource};
  const atEnd = answer(model, contexts, request, chosen);
  const output = {source: {kind: 'file' as const, path}, warnings: [...summary.warnings, ...moveWarning(atEnd)]};
  const last = lastWithRecord.get(formatGateway(gateway));
  if (atEnd.hasRecord || !last) return {...atEnd, ...output};
  output.warnings.push(`the record of ${atEnd.gateway} was gone by the end of ${basename(path)} ` +
    `(uptime ${model.clock.uptimeSec}), so the answer is "no record"; lastRecord shows it at uptime ${last.info.curtime}`);
  const {info, verdict, verdictReason, timeLeftSec} = last;
  return {...atEnd, ...output, lastRecord: {info, verdict, verdictReason, timeLeftSec}};
}

/**
 * Feeds every frame, remembering for each router that was the gateway at some point its last
 * answer with a record (the router chosen at the end may have lost its record by then).
 */
function replayFile(model: ReachabilityModel, path: string, request: LookupRequest, flagged: GatewayAddr | undefined) {
  const lastWithRecord = new Map<string, DefrouterResult>();
  const summary = readCaptureFile(
    path,
    (frame) => {
      ingestFrame(model, frame);
      const contexts = contextsOf(model, request.device);
      const gateway = flagged ?? chooseRouterIn(contexts, model.clock.uptimeSec)?.router.addr;
      if (gateway === undefined || findGatewayEntry(contexts, gateway)?.entry.record === undefined) return;
      const source: GatewaySource = flagged === undefined ? 'ra' : 'flag';
      lastWithRecord.set(formatGateway(gateway), answer(model, contexts, request, {gateway, source}));
    },
    (iface) => model.addInterface(iface),
    {afterOpen: dropRootAfterOpen(request.user ?? DEFAULT_USER)},
  );
  const unsupported = summary.interfaces.filter((iface) => !isSupportedLinkType(iface.linkType));
  if (unsupported.length > 0 && unsupported.length === summary.interfaces.length) {
    throw unsupportedLinkError(basename(path), unsupported[0]!.linkType);
  }
  return {summary, lastWithRecord};
}

/** A gateway address that changed MAC may be a replaced router, or someone claiming its address. */
function moveWarning(result: DefrouterResult): string[] {
  if (!result.moved || !result.hasRecord) return [];
  return [`the router's address ${result.gateway} moved from ${result.moved.from} to ${result.info.addr} at uptime ` +
    `${result.moved.atUptimeSec}: if ${result.moved.from} is the real router, ${result.info.addr} may be claiming its address`];
}

/** The ND messages the model discarded, by reason (ND and ICMPv6 skip and malformed codes). */
function discardedNd(model: ReachabilityModel): Record<string, number> {
  const {skipReasons, malformedReasons} = model.counters;
  const reasons = [...skipReasons, ...malformedReasons].filter(([reason]) => /^(ND|ICMPV6)_/.test(reason));
  return Object.fromEntries(reasons);
}

function noIpv4RoutesInFile(path: string): LlreachError {
  const why = `${basename(path)} is a capture file, which carries no IPv4 routing table`;
  return noDefaultRoute('inet', undefined, [why], [
    'name the router: llreach get-defrouter --af inet --gateway ADDR --read FILE',
  ]);
}

/** Captures live until the gateway's record exists or --timeout, then answers. */
export async function lookupLive(model: ReachabilityModel, request: LookupRequest): Promise<DefrouterOutput> {
  const plan = planLive(request.family, request.device, request.gateway);
  const live = await captureUntilRecord(model, plan, request);
  const contexts = contextsOf(model, plan.device);
  if (live.gateway === undefined) {
    const looked = [
      `${routeCommand(plan.family)} lists none on ${plan.device}`,
      raSummary(contexts, `${live.waitedMs / 1000}s of capture`, discardedNd(model)),
    ];
    throw noDefaultRoute(plan.family, plan.device, looked);
  }
  const chosen = {gateway: live.gateway, source: live.source};
  const result = answer(model, contexts, {...request, device: plan.device}, chosen);
  const capture = {frames: live.frames, waitedMs: live.waitedMs, probeSent: live.probeSent};
  const warnings = live.lost ? [live.lost.message] : [];
  warnings.push(...moveWarning(result));
  if (!result.hasRecord && !live.lost) {
    warnings.push(`no frame from the router named its MAC within ${request.timeoutSec}s: --probe asks it at once, or give a longer --timeout`);
  }
  if (request.probe && !live.probeSent) {
    warnings.push('--probe sent nothing: no default route named a router to ask, and the RA router was not probed');
  }
  return {...result, source: {kind: 'live', interface: plan.device}, capture, warnings, interfaceLost: live.lost !== undefined};
}

function answer(
  model: ReachabilityModel,
  contexts: InterfaceContext[],
  request: LookupRequest,
  chosen: {gateway: GatewayAddr; source: GatewaySource},
): DefrouterResult {
  const found = findGatewayEntry(contexts, chosen.gateway);
  const interfaceName = found?.ctx.label ?? request.device ?? contexts[0]?.label ?? '-';
  const query = {
    family: request.family, interfaceName, gateway: chosen.gateway, gatewaySource: chosen.source,
    arpBaseSec: model.settings.arpBaseSec,
  };
  return buildDefrouterResult(query, found?.entry, model.clock);
}

/** Contexts of the named interface (every VLAN context of it), or all of them. */
function contextsOf(model: ReachabilityModel, device: string | undefined): InterfaceContext[] {
  const all = model.contextsInOrder();
  return device === undefined ? all : all.filter((ctx) => ctx.iface.name === device);
}

function noSuchFileInterface(model: ReachabilityModel, path: string, device: string): LlreachError {
  const names = [...new Set(model.contextsInOrder().map((ctx) => ctx.iface.name))];
  const message = `${basename(path)} has no ARP or IPv6 frames on an interface named "${device}"`;
  return new LlreachError('NO_SUCH_INTERFACE', message, EXIT.NO_SUCH_INTERFACE, [
    names.length > 0 ? `interfaces in the file: ${names.join(', ')}` : 'the file has no frames llreach can use',
  ]);
}
