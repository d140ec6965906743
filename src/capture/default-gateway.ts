// Where get-defrouter's gateway comes from: --gateway, the OS routing table (interfaces.ts), or the
// RAs a capture will see; and the ESRCH error (spec §5 steps 2–5) saying what was looked at.
import {
  parseGateway,
  type DefrouterFamily,
  type GatewayAddr,
  type GatewaySource,
} from '../core/defrouter.js';
import type {InterfaceContext} from '../core/interface-context.js';
import {LlreachError} from '../errors.js';
import {EXIT} from '../exit-codes.js';
import {checkInterfaceExists, defaultRouteInterface, defaultRoutes, listInterfaces, type DefaultRoute} from './interfaces.js';

/** What to capture on and which gateway to wait for; no gateway = wait for an RA (inet6). */
export interface GatewayPlan {
  family: DefrouterFamily;
  device: string;
  gateway?: GatewayAddr;
  source: GatewaySource;
}

const FAMILY_NUMBER = {inet: 4, inet6: 6} as const;

/** The routing-table look-up as a user could repeat it. */
export function routeCommand(family: DefrouterFamily): string {
  const proc = family === 'inet' ? '/proc/net/route' : '/proc/net/ipv6_route';
  return `\`ip -j -${FAMILY_NUMBER[family]} route show default\` (main table; ${proc} without ip)`;
}

/** Parses --gateway for the family, or throws a usage error that says which form is expected. */
export function gatewayFromFlag(family: DefrouterFamily, text: string): GatewayAddr {
  const gateway = parseGateway(family, text);
  if (gateway !== null) return gateway;
  const form = family === 'inet' ? 'an IPv4 address such as 198.51.100.1' : 'an IPv6 address such as fe80::1';
  throw new LlreachError('BAD_GATEWAY', `--gateway ${text} is not ${form} (--af ${family})`, EXIT.USAGE);
}

/** The interface a scoped address names (fe80::1%eth0 → eth0), if any. */
function zoneOf(gatewayText: string | undefined): string | undefined {
  const zone = gatewayText?.split('%')[1];
  return zone === undefined || zone === '' ? undefined : zone;
}

/** An interface argument and a --gateway zone that name two interfaces are a usage error. */
function checkZone(device: string | undefined, gatewayText: string | undefined): void {
  const zone = zoneOf(gatewayText);
  if (device === undefined || zone === undefined || zone === device) return;
  const message = `--gateway ${gatewayText} is scoped to ${zone}, but the interface given is ${device}`;
  throw new LlreachError('ZONE_MISMATCH', message, EXIT.USAGE, [
    `give one interface: llreach get-defrouter ... ${zone} --gateway ${gatewayText}`,
  ]);
}

/** Plans a live look-up from --gateway, or else from the default route of the family. */
export function planLive(family: DefrouterFamily, deviceArg?: string, gatewayText?: string): GatewayPlan {
  const device = deviceArg ?? zoneOf(gatewayText);
  checkZone(deviceArg, gatewayText);
  // A mistyped interface is exit 3, as in show, not "no default route on it" (exit 9).
  if (device !== undefined) checkInterfaceExists(device);
  const routes = defaultRoutes(FAMILY_NUMBER[family]).filter((route) => !device || route.dev === device);
  if (gatewayText !== undefined) {
    const gateway = gatewayFromFlag(family, gatewayText);
    return {family, device: device ?? routes[0]?.dev ?? anyRouteInterface(), gateway, source: 'flag'};
  }
  const route = routes[0];
  if (route) return {family, device: route.dev, gateway: routeGateway(family, route), source: 'route'};
  if (family === 'inet6' && device) return {family, device, source: 'ra'};
  throw noDefaultRoute(family, device, [`${routeCommand(family)} lists none${device ? ` on ${device}` : ''}`]);
}

function routeGateway(family: DefrouterFamily, route: DefaultRoute): GatewayAddr {
  const gateway = route.gateway === undefined ? null : parseGateway(family, route.gateway);
  if (gateway !== null) return gateway;
  // The kernel wants a gateway route with a link-layer entry behind it (§5 step 5).
  const why = `the default route on ${route.dev} has no gateway (it points straight onto the link)`;
  throw noDefaultRoute(family, route.dev, [why]);
}

function anyRouteInterface(): string {
  const device = defaultRouteInterface(4) ?? defaultRouteInterface(6);
  if (device) return device;
  const message = 'no interface given and no default route to take one from';
  const here = listInterfaces().join(', ');
  throw new LlreachError('NO_DEFAULT_INTERFACE', message, EXIT.NO_SUCH_INTERFACE, [
    `name one: llreach get-defrouter --af inet --gateway ADDR <interface> (interfaces here: ${here})`,
  ]);
}

/** What the RAs of the contexts said, for the error when none named a default router. */
export function raSummary(contexts: InterfaceContext[], where: string, discardedNd: Record<string, number> = {}): string {
  const routers = contexts.flatMap((ctx) => [...ctx.routers.values()]);
  if (routers.length === 0) {
    // An RA that breaks RFC 4861 (hop limit, source, options) is discarded: say so, or "none seen" misleads.
    const reasons = Object.entries(discardedNd).map(([reason, count]) => `${count} ${reason}`);
    const discarded = reasons.length > 0 ? ` (ND messages discarded as invalid or malformed: ${reasons.join(', ')})` : '';
    return `no valid Router Advertisement was seen in ${where}${discarded}`;
  }
  const zero = routers.filter((router) => router.lifetimeSec === 0).length;
  const expired = routers.length - zero;
  return `${where} has RAs from ${routers.length} router(s), but none is a default router now ` +
    `(${zero} with router lifetime 0, ${expired} whose lifetime ran out)`;
}

/** The kernel's ESRCH: no default route for the family (on that interface). */
export function noDefaultRoute(
  family: DefrouterFamily,
  device: string | undefined,
  looked: string[],
  suggestions: string[] = [],
): LlreachError {
  const scope = device ? ` on ${device}` : '';
  const message = `no default route for ${family}${scope}: ${looked.join('; ')}`;
  const hints = suggestions.length > 0 ? suggestions : [
    `check the routes: ip -${FAMILY_NUMBER[family]} route show default`,
    'or name the router yourself: --gateway ADDR',
  ];
  return new LlreachError('NO_DEFAULT_ROUTE', message, EXIT.NO_DEFAULT_ROUTE, hints);
}
