// Where the pcap and pcapng readers deliver frames, interfaces and warnings, and count what they delivered.
import type {Frame, SourceInterface} from './frame.js';

export type FrameCallback = (frame: Frame) => void;
export type InterfaceCallback = (iface: SourceInterface) => void;

/**
 * One Frame object is refilled for every frame (no per-frame object besides the `data` view):
 * consumers copy what they keep, as the Frame contract says.
 */
export class FrameSink {
  readonly frame: Frame = {tsSec: 0, tsNsec: 0, linkType: 0, interfaceId: 0, data: Buffer.alloc(0), origLen: 0};
  readonly interfaces: SourceInterface[] = [];
  readonly warnings: string[] = [];
  frames = 0;

  constructor(
    private readonly onFrame: FrameCallback,
    private readonly onInterface: InterfaceCallback | undefined,
  ) {}

  /** Hands the refilled `frame` to the consumer. */
  deliver(): void {
    this.frames += 1;
    this.onFrame(this.frame);
  }

  /** Records a newly described interface; its id is the next one in the file. */
  describeInterface(name: string | undefined, linkType: number): SourceInterface {
    const id = this.interfaces.length;
    const iface: SourceInterface = {id, name: name ?? `if${id}`, linkType};
    this.interfaces.push(iface);
    this.onInterface?.(iface);
    return iface;
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** The standard warning for input that ends in the middle of a record or block. */
  warnCutOff(what: string, atByte: number, neededBytes: number, remainingBytes: number): void {
    this.warn(
      `the file ends inside ${what} at byte ${atByte} (it needs ${neededBytes} bytes, ${remainingBytes} remain); ` +
        `it was probably cut off while being written, so only the ${this.frames} complete frames before it were read`,
    );
  }
}
