// get-defrouter's live capture: feed the model until the gateway's record exists (or an RA names a
// default router) or the timeout passes; with --probe, send one ARP request or NS for the gateway.
import {isLookupAnswered, type GatewayAddr, type GatewaySource} from '../core/defrouter.js';
import type {ReachabilityModel} from '../core/model.js';
import {selfFromInterface} from './self-from-interface.js';
import {decodeFrame, isSupportedLinkType} from '../decode/decode-frame.js';
import {formatIp6} from '../decode/address.js';
import {EXIT, LlreachError} from '../errors.js';
import {STOP_SIGNALS, unsupportedLinkError} from '../pipeline.js';
import {LINKTYPE} from './frame.js';
import type {GatewayPlan} from './default-gateway.js';
import {DEFAULT_USER, dropPrivileges} from './privileges.js';
import {buildArpRequest, buildNeighborSolicit, chooseSender4, chooseSource6} from './probe-frames.js';

export interface LiveLookupOptions {
  timeoutSec: number;
  probe: boolean;
  user?: string;
}

/** How the capture ended: the gateway it settled on (none if no RA came) and what it cost. */
export interface LiveLookup {
  gateway?: GatewayAddr;
  source: GatewaySource;
  frames: number;
  /** Milliseconds from the capture opening to the record appearing (or the timeout). */
  waitedMs: number;
  probeSent: boolean;
  lost?: LlreachError;
}

type OpenCapture = InstanceType<typeof import('./live.js').LiveCapture>;

// LIMITATION: for inet6 with an interface but no default route, the capture waits the whole --timeout for an RA before reporting ESRCH, where the kernel answers at once — sending one Router Solicitation under --probe would shorten it.
/** Captures on plan.device into `model` until the gateway's record exists or the timeout. */
export async function captureUntilRecord(model: ReachabilityModel, plan: GatewayPlan, options: LiveLookupOptions) {
  const {LiveCapture} = await import('./live.js');
  const probeFrame = options.probe && plan.gateway !== undefined ? buildProbe(plan.device, plan.gateway) : undefined;
  const capture = LiveCapture.open(plan.device);
  try {
    checkLinkType(capture, plan.device, options.probe);
    dropPrivileges(options.user ?? DEFAULT_USER, {keepNetRaw: false}); // the open handle still sends
  } catch (error) {
    capture.close();
    throw error;
  }
  model.addInterface(capture.iface);
  const lookup = await runLookup(capture, model, plan, options, probeFrame);
  model.advanceTo(Math.floor(Date.now() / 1000)); // curtime is the end of the capture
  return lookup;
}

function checkLinkType(capture: OpenCapture, device: string, probe: boolean): void {
  if (!isSupportedLinkType(capture.linkType)) {
    throw unsupportedLinkError(`interface ${device}`, capture.linkType);
  }
  if (probe && capture.linkType !== LINKTYPE.ETHERNET) {
    const message = `--probe builds Ethernet frames, and ${device} is not an Ethernet interface`;
    throw new LlreachError('PROBE_UNSUPPORTED', message, EXIT.UNSUPPORTED_LINK, [
      'run without --probe and wait for the router to announce itself',
    ]);
  }
}

/** The probe frame for the gateway, built before the capture opens (reading "us" runs `ip`). */
function buildProbe(device: string, gateway: GatewayAddr): Buffer {
  const self = selfFromInterface(device);
  if (typeof gateway === 'number') return buildArpRequest(self.mac, chooseSender4(self.ip4, gateway), gateway);
  const source = chooseSource6(self.ip6, gateway);
  if (source !== undefined) return buildNeighborSolicit(self.mac, source, gateway);
  const message = `cannot probe ${formatIp6(gateway)}: ${device} has no IPv6 address to send a Neighbor Solicitation from`;
  throw new LlreachError('PROBE_NO_SOURCE', message, EXIT.USAGE, [
    'run without --probe, or give the interface an IPv6 address',
  ]);
}

function runLookup(
  capture: OpenCapture,
  model: ReachabilityModel,
  plan: GatewayPlan,
  options: LiveLookupOptions,
  probeFrame: Buffer | undefined,
): Promise<LiveLookup> {
  return new Promise((resolve, reject) => {
    const startedMs = Date.now();
    const state: LiveLookup = {gateway: plan.gateway, source: plan.source, frames: 0, waitedMs: 0, probeSent: false};
    let done = false;
    const stop = () => {
      if (done) return false;
      done = true;
      clearTimeout(timer);
      for (const signal of STOP_SIGNALS) process.off(signal, onInterrupt);
      capture.close();
      return true;
    };
    const finish = (lost?: LlreachError) => {
      if (stop()) resolve({...state, waitedMs: Date.now() - startedMs, lost});
    };
    const onInterrupt = () => finish();
    const timer = setTimeout(finish, options.timeoutSec * 1000);
    for (const signal of STOP_SIGNALS) process.once(signal, onInterrupt);
    capture.onLost((error) => finish(error));
    capture.onFrame((frame) => {
      if (done) return;
      state.frames += 1;
      model.ingest(frame, decodeFrame(frame.data, frame.linkType, frame.origLen));
      if (isLookupAnswered(state, model.contextsInOrder(), model.clock.uptimeSec)) finish();
    });
    if (probeFrame) sendProbe(capture, probeFrame, state, (error) => stop() && reject(error));
  });
}

function sendProbe(capture: OpenCapture, frame: Buffer, state: LiveLookup, fail: (e: LlreachError) => void) {
  try {
    capture.send(frame);
    state.probeSent = true;
  } catch (error) {
    const message = `--probe could not send on ${capture.iface.name}: ${(error as Error).message}`;
    fail(new LlreachError('PROBE_FAILED', message, EXIT.CAPTURE_FAILED));
  }
}
