// Resolver entries (one per IP address, like ARP's llinfo_arp and ND6's llinfo_nd6) and the
// record step that ties them to reachability records (spec §2.2 step 12, §2.4–§2.6).
import type {Mac} from '../decode/link-event.js';
import type {LlreachRecord, Now, ReachabilityTree} from './reachability-tree.js';

/** ARP entry lifetime after each update (net.link.ether.inet.max_age). */
export const ENTRY_LIFETIME_SEC = 1200;

export interface ResolverEntry<A> {
  readonly addr: A;
  mac: Mac;
  /** The one record reference this entry holds, or undefined (base 0). */
  record: LlreachRecord | undefined;
  /** Uptime seconds the address was last "spoken to"; 0 = never or reset (§3.3). */
  lastused: number;
  /** Uptime seconds at which the entry ages out. */
  expireUptimeSec: number;
  /** When the address last moved to this MAC from another one (uptime), and from where. */
  movedAtUptimeSec: number;
  previousMac: Mac | undefined;
}

/** The MAC of an entry that has none yet or had it cleared (the kernel's "incomplete" entry). */
export const INCOMPLETE_MAC: Mac = -1;

/** What a binding did to its entry. */
export type BindOutcome = 'created' | 'confirmed' | 'moved';

/** The settings every record step needs: protocol, base and the random source. */
export interface RecordPolicy {
  proto: number;
  baseSeconds: number;
  random32: () => number;
  /** How long an entry lives after its last announcement (ENTRY_LIFETIME_SEC unless a test says). */
  entryLifetimeSec: number;
}

/** The resolver entries of one address family on one interface context. */
export class ResolverTable<A> {
  readonly entries = new Map<A, ResolverEntry<A>>();
  moves = 0;

  constructor(
    private readonly tree: ReachabilityTree,
    private readonly policy: RecordPolicy,
    /** Called before a new entry is created, so the owner can enforce its bounds. */
    private readonly beforeCreate: (table: ResolverTable<A>) => void = () => {},
    /** Told of every move as it happens (watch reports each one, not only what snapshots show). */
    private readonly onMove: (addr: A, from: Mac, to: Mac) => void = () => {},
  ) {}

  get(addr: A): ResolverEntry<A> | undefined {
    return this.entries.get(addr);
  }

  /**
   * Records that `addr` is announced at `mac`: creates the entry, confirms it (same MAC: probes
   * reset, §4.1) or moves it (new MAC: old record released, new one attached, §2.6).
   */
  bind(addr: A, mac: Mac, now: Now): BindOutcome {
    const entry = this.entries.get(addr);
    if (!entry) {
      this.beforeCreate(this);
      this.entries.set(addr, this.createEntry(addr, mac, now));
      return 'created';
    }
    entry.expireUptimeSec = now.uptimeSec + this.policy.entryLifetimeSec;
    if (entry.mac === mac) {
      this.confirm(entry, now);
      return 'confirmed';
    }
    this.move(entry, mac, now);
    return 'moved';
  }

  /**
   * Creates an entry without an announcement, for views with their own creation rules (the host
   * view's incomplete and static entries). Attaches a record only when `attach` is true.
   */
  insert(addr: A, mac: Mac, now: Now, expireUptimeSec: number, attach: boolean): ResolverEntry<A> {
    this.beforeCreate(this);
    const entry: ResolverEntry<A> = {
      addr, mac, record: undefined, lastused: 0, expireUptimeSec, movedAtUptimeSec: 0, previousMac: undefined,
    };
    this.entries.set(addr, entry);
    if (attach) this.attachRecord(entry, now);
    return entry;
  }

  /** Attaches the entry to the record of its current MAC (§2.1 attach, probes := 0). */
  attachTo(entry: ResolverEntry<A>, now: Now): void {
    this.attachRecord(entry, now);
  }

  /** Releases the entry's record, if any, and resets its lastused (§2.4 purge hook). */
  detach(entry: ResolverEntry<A>): void {
    this.detachRecord(entry);
  }

  /** Gives the entry a new MAC, noting a move when it had another one (§2.6). */
  setMac(entry: ResolverEntry<A>, mac: Mac, now: Now): void {
    if (entry.mac === mac) return;
    if (entry.mac !== INCOMPLETE_MAC) this.noteMove(entry, mac, now);
    entry.mac = mac;
  }

  /** Deletes an entry, releasing its record (the purge hook, §2.4). */
  remove(entry: ResolverEntry<A>): void {
    this.detachRecord(entry);
    this.entries.delete(entry.addr);
  }

  /** Deletes every entry whose lifetime has passed (the periodic sweep, §2.4). */
  sweepExpired(nowUptimeSec: number): number {
    let removed = 0;
    for (const entry of this.entries.values()) {
      if (entry.expireUptimeSec > nowUptimeSec) continue;
      this.remove(entry);
      removed += 1;
    }
    return removed;
  }

  private createEntry(addr: A, mac: Mac, now: Now): ResolverEntry<A> {
    const entry: ResolverEntry<A> = {
      addr,
      mac,
      record: undefined,
      lastused: 0,
      expireUptimeSec: now.uptimeSec + this.policy.entryLifetimeSec,
      movedAtUptimeSec: 0,
      previousMac: undefined,
    };
    this.attachRecord(entry, now);
    return entry;
  }

  private confirm(entry: ResolverEntry<A>, now: Now): void {
    if (entry.record) {
      entry.record.probes = 0;
    } else {
      this.attachRecord(entry, now); // base was 0 when the entry was made, and is not now
    }
  }

  private move(entry: ResolverEntry<A>, mac: Mac, now: Now): void {
    this.detachRecord(entry);
    this.noteMove(entry, mac, now);
    entry.mac = mac;
    this.attachRecord(entry, now);
  }

  /** Remembers where the entry moves from (§2.6), counts the move and tells onMove; `to` is set by the caller. */
  private noteMove(entry: ResolverEntry<A>, to: Mac, now: Now): void {
    entry.previousMac = entry.mac;
    entry.movedAtUptimeSec = now.uptimeSec;
    this.moves += 1;
    this.onMove(entry.addr, entry.mac, to);
  }

  private attachRecord(entry: ResolverEntry<A>, now: Now): void {
    const {proto, baseSeconds, random32} = this.policy;
    entry.record = this.tree.attach(proto, entry.mac, baseSeconds, now, random32);
    if (entry.record) entry.record.probes = 0; // every attach resets the shared counter (E19)
  }

  private detachRecord(entry: ResolverEntry<A>): void {
    if (!entry.record) return;
    this.tree.release(entry.record); // the entry's own reference
    entry.record = undefined;
    entry.lastused = 0;
  }
}
