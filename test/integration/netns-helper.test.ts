// The namespace lab itself: links carry traffic, the bridge sees every host, cleanup is complete.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {createLab, destroyLab, exec, listNamespaces, spawnIn, useLab, waitFor} from './netns.js';

function ourNamespaces(): string[] {
  return listNamespaces().filter((ns) => ns.startsWith(`llt${process.pid}`));
}

describe('namespace lab, pair topology', () => {
  const lab = useLab({
      topology: 'pair',
      hosts: {
        a: {mac: '02:00:00:00:aa:01', addresses: ['198.51.100.1/24', '2001:db8:aa::1/64']},
        b: {mac: '02:00:00:00:aa:02', addresses: ['198.51.100.2/24', '2001:db8:aa::2/64']},
      },
  });

  it('carries IPv4 and IPv6 pings at once, without waiting for DAD', async () => {
    await exec(lab().ns.a!, ['ping', '-c1', '-W2', '198.51.100.2']);
    await exec(lab().ns.a!, ['ping', '-c1', '-W2', '2001:db8:aa::2']);
  });

  it('sets the requested MAC on each host', async () => {
    const result = await exec(lab().ns.b!, ['cat', `/sys/class/net/${lab().hostIface}/address`]);
    assert.equal(result.stdout.trim(), '02:00:00:00:aa:02');
  });

  it('reports a failing command with its stderr, or returns it when allowed', async () => {
    await assert.rejects(exec(lab().ns.a!, ['ip', 'link', 'show', 'nosuch0']), /nosuch0/);
    const result = await exec(lab().ns.a!, ['false'], {allowFailure: true});
    assert.equal(result.code, 1);
  });
});

describe('namespace lab, switch topology', () => {
  const lab = useLab({
      topology: 'switch',
      hosts: {
        a: {mac: '02:00:00:00:bb:01', addresses: ['203.0.113.1/24']},
        b: {mac: '02:00:00:00:bb:02', addresses: ['203.0.113.2/24']},
        c: {mac: '02:00:00:00:bb:03', addresses: ['203.0.113.3/24']},
      },
  });

  it('lets a capture on the bridge see traffic between two other hosts', async () => {
    const capture = spawnIn(lab().switchNs!, ['tcpdump', '-l', '-n', '-e', '-i', lab().bridge, 'arp']);
    await waitFor(() => capture.stderr().includes('listening on'), 5000, 'tcpdump to start');
    await exec(lab().ns.a!, ['ping', '-c1', '-W2', '203.0.113.3']);
    await waitFor(() => capture.stdout().includes('02:00:00:00:bb:03'), 5000, 'the ARP reply on the bridge');
    await capture.stop('SIGINT');
    assert.match(capture.stdout(), /02:00:00:00:bb:01 .*Request who-has 203\.0\.113\.3/);
  });
});

describe('namespace lab cleanup', () => {
  let fromContext: string[] = [];
  it('registers its own cleanup on a TestContext', async (t) => {
    const lab = await createLab({topology: 'pair', hosts: {a: {}, b: {}}}, t);
    fromContext = Object.values(lab.ns);
    assert.equal(ourNamespaces().filter((ns) => fromContext.includes(ns)).length, 2);
  });

  it('has removed the TestContext lab once that test ended', () => {
    assert.equal(fromContext.length, 2);
    assert.deepEqual(ourNamespaces().filter((ns) => fromContext.includes(ns)), []);
  });

  it('removes everything, including processes still running inside', async () => {
    const lab = await createLab({topology: 'pair', hosts: {a: {}, b: {}}});
    const sleeper = spawnIn(lab.ns.a!, ['sleep', '60']);
    await destroyLab(lab);
    const result = await sleeper.exited;
    assert.equal(result.signal, 'SIGTERM');
    assert.deepEqual(ourNamespaces().filter((ns) => Object.values(lab.ns).includes(ns)), []);
  });

  it('throws on a setup failure and leaves nothing behind', async () => {
    const before = ourNamespaces();
    const spec = {topology: 'switch' as const, hosts: {a: {addresses: ['198.51.100.1/24', '198.51.100.1/24']}}};
    await assert.rejects(createLab(spec), /addr add 198\.51\.100\.1\/24/);
    assert.deepEqual(ourNamespaces(), before);
  });

  it('refuses addresses outside the documentation ranges before touching anything', async () => {
    await assert.rejects(createLab({topology: 'pair', hosts: {a: {addresses: ['10.0.0.1/8']}, b: {}}}), /outside/);
  });
});
