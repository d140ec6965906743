// Turning watch's flags into a source: which interface, which file, how fast.
import {basename} from 'node:path';

import {defaultRouteInterface, listInterfaces} from '../capture/interfaces.js';
import type {ReachabilityModel} from '../core/model.js';
import {EXIT, LlreachError} from '../errors.js';
import {openLiveSource, openReplaySource, type WatchSource} from './sources.js';

/** --speed: a positive number of file seconds per wall second, or 'max'. */
/** Slower than this, a step of the longest --interval would wait past what a timer can (24.8 days). */
const MIN_SPEED = 0.002;

export function parseSpeed(text: string): number | 'max' {
  if (text === 'max') return 'max';
  const speed = Number(text);
  if (Number.isFinite(speed) && speed >= MIN_SPEED) return speed;
  throw new LlreachError('BAD_OPTION', `--speed must be a number from ${MIN_SPEED} up, or "max", not "${text}"`, EXIT.USAGE, [
    'for example: --speed 1 (real time), --speed 10, --speed max',
  ]);
}

export interface SourceChoice {
  path?: string;
  device?: string;
  speed: number | 'max';
  onMessage: (text: string) => void;
  /** For a file started as root: the user to become once it is open. */
  user?: string;
}

export async function openWatchSource(model: ReachabilityModel, choice: SourceChoice): Promise<WatchSource> {
  if (choice.path) return openReplaySource(model, choice.path, basename(choice.path), choice.speed, choice.user);
  return openLiveSource(model, choice.device!, {onMessage: choice.onMessage});
}

/** The interface of the default route (IPv4, then IPv6), as `show` picks it. */
export function defaultDevice(): string {
  const device = defaultRouteInterface(4) ?? defaultRouteInterface(6);
  if (device) return device;
  const what = 'no interface given and no default route to take one from';
  const names = listInterfaces().join(', ');
  throw new LlreachError('NO_DEFAULT_INTERFACE', what, EXIT.NO_SUCH_INTERFACE, [
    `name one: llreach watch <interface> (interfaces here: ${names})`,
  ]);
}
