// Hand-made snapshots for the watch tests: records as the model would export them, at fixed times.
import type {RecordRow, Snapshot} from '../../src/core/snapshot.js';

/** 2026-12-04 13:00:00 UTC. */
export const T0 = 1_796_389_200;
/** Calendar − uptime in every fixture snapshot. */
export const OFFSET = T0 - 100;

export function row(fields: Partial<RecordRow> & {addr: string}): RecordRow {
  const lastrcvd = fields.lastrcvd ?? 100;
  const reachable = fields.reachable ?? 30;
  const expire = lastrcvd + reachable + OFFSET;
  return {
    refcnt: fields.addresses?.length ?? 1,
    ifindex: 2,
    expire,
    probes: 0,
    proto: 0x0800,
    rssi: -2147483648,
    lqm: -1,
    npm: -1,
    reachable,
    lastrcvd,
    expiresIn: 0,
    addresses: ['198.51.100.1'],
    moved: [],
    interface: 'eth0',
    vlan: null,
    ...fields,
  };
}

/** A snapshot at uptime `uptime` holding `records`; expiresIn is recomputed for that time. */
export function snapshotAt(uptime: number, records: RecordRow[], extra: Partial<Snapshot> = {}): Snapshot {
  const calendar = uptime + OFFSET;
  const rows = records.map((r) => ({...r, expiresIn: r.expire === 0 ? 0 : r.expire - calendar}));
  return {
    schemaVersion: 1,
    view: 'segment',
    uptime,
    calendar,
    frames: 10,
    skipped: 1,
    malformed: 0,
    skipReasons: {},
    malformedReasons: {},
    interfaces: rows.length ? [{interface: 'eth0', ifindex: 2, vlan: null, frames: 9, records: rows}] : [],
    ...extra,
  };
}
