// `llreach watch` end to end on a real terminal: tmux runs it inside a lab namespace while the
// two lab hosts start talking; capture-pane checks the table, keys, resize and a clean exit.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {projectRoot} from '../helpers/paths.js';
import {createLab, exec, waitFor} from './netns.js';

const CLI = join(projectRoot, 'test', 'integration', 'watch-cli.ts');
const MAC_A = '02:00:00:77:00:0a';
const MAC_B = '02:00:00:77:00:0b';
const SOCKET = `llwa${process.pid}`;
const SESSION = 'watch';

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], {encoding: 'utf8'});
}

function screen(): string {
  return tmux('capture-pane', '-p', '-t', SESSION);
}

function press(...keys: string[]): void {
  tmux('send-keys', '-t', SESSION, ...keys);
}

function waitForScreen(predicate: (text: string) => boolean, what: string, timeoutMs = 15_000) {
  return waitFor(() => predicate(screen()), timeoutMs, `${what}; screen was:\n${screen()}`, 100);
}

/** Stops our tmux server (a private socket: no one else's sessions); it may have gone already. */
function killServer(): void {
  try {
    execFileSync('tmux', ['-L', SOCKET, 'kill-server'], {stdio: 'ignore'});
  } catch {
    // no server left: its last session ended with the lab's namespace
  }
}

/** Lines of the current screen that show a record of `mac`. */
function rowsOf(text: string, mac: string): string[] {
  return text.split('\n').filter((line) => line.includes(mac));
}

describe('watch in tmux (live capture in a namespace)', {timeout: 120_000}, () => {
  it('draws the table, shows a peer when it starts talking, scrolls, filters, resizes and quits cleanly', async (t) => {
    const lab = await createLab({
      topology: 'pair',
      hosts: {
        a: {mac: MAC_A, addresses: ['198.51.100.1/24', '2001:db8:77::1/64']},
        b: {mac: MAC_B, addresses: ['198.51.100.2/24', '2001:db8:77::2/64']},
      },
    }, t);
    t.after(killServer);
    const command = `cd ${projectRoot} && ${process.execPath} --import tsx ${CLI} ${lab.hostIface} --interval 0.5 --seed 1`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '110', '-y', '8', 'ip', 'netns', 'exec', lab.ns.a!, 'bash', '--norc', '--noprofile');
    tmux('set-option', '-t', SESSION, 'window-size', 'manual');
    press(`PS1='llwa-prompt$ '; ${command}`, 'Enter');

    await waitForScreen((s) => /eth0 \| segment view \| .* records/.test(s), 'the status line');
    assert.match(screen(), /reachable {2}! expiring/, 'the legend');
    assert.equal(rowsOf(screen(), `ipv4   ${MAC_B}`).length, 0, 'b has not spoken IPv4 yet');
    assert.equal(tmux('display', '-p', '-t', SESSION, '#{alternate_on} #{cursor_flag}').trim(), '1 0');

    await exec(lab.ns.b!, ['ping', '-c', '2', '-i', '0.2', '198.51.100.1']);
    await exec(lab.ns.b!, ['ping', '-6', '-c', '2', '-i', '0.2', '2001:db8:77::1']);
    await waitForScreen((s) => rowsOf(s, `ipv4   ${MAC_B}`).some((l) => l.includes('198.51.100.2')), "b's new IPv4 record");
    await waitForScreen((s) => /4 records/.test(s) && /\d+ more/.test(s), 'four records, more than fit');

    // Scrolling: 8 lines leave 3 rows; End shows the last record, Home the first again.
    press('End');
    await waitForScreen((s) => /\d+ above/.test(s) && !/\d+ more/.test(s), 'scrolled to the end');
    press('Home');
    await waitForScreen((s) => !/\d+ above/.test(s), 'back at the top');

    // Filtering by address, then clearing the filter.
    press('/', '198.51.100.2', 'Enter');
    await waitForScreen((s) => /\(1 shown\)/.test(s) && rowsOf(s, MAC_B).length === 1 && rowsOf(s, MAC_A).length === 0, 'filtered');
    press('Escape');
    await waitForScreen((s) => !/shown\)/.test(s), 'filter cleared');
    press('p');
    await waitForScreen((s) => /proto ipv4/.test(s) && !/ipv6 {3}02/.test(s), 'ipv4 only');

    // Resize: narrower and taller, redrawn to fit with one status line and no leftovers.
    tmux('resize-window', '-t', SESSION, '-x', '70', '-y', '12');
    await waitForScreen((s) => s.split('\n').filter((l) => /segment view/.test(l)).length === 1 && !/\d+ more/.test(s), 'redrawn after resize');
    for (const line of screen().split('\n')) assert.ok(line.length <= 70, `"${line}" is wider than the window`);

    press('q');
    await waitForScreen((s) => /watch: \d+ frames, \d+ records seen, 0 moves, 0 dropped by libpcap/.test(s), 'the summary');
    await waitForScreen((s) => /^llwa-prompt\$ ?$/m.test(s), 'the prompt');
    assert.equal(tmux('display', '-p', '-t', SESSION, '#{alternate_on} #{cursor_flag}').trim(), '0 1', 'normal screen, cursor shown');
    press('stty -a | grep -o -- "-icanon\\|icanon" | head -1; echo llwa-ok-$((6*7))', 'Enter');
    await waitForScreen((s) => /^llwa-ok-42$/m.test(s), 'the shell still reads commands');
    assert.match(screen(), /^icanon$/m, 'the terminal is back in canonical (cooked) mode');
  });

  it('colours the screen on a terminal, and honours NO_COLOR, FORCE_COLOR and --no-color', async (t) => {
    t.after(killServer);
    const replay = `${process.execPath} --import tsx ${CLI} --read samples/lab.pcapng --speed max`;
    const cases: Array<[string, boolean]> = [
      [`${replay}`, true],
      [`NO_COLOR=1 ${replay}`, false],
      [`${replay} --no-color`, false],
      [`NO_COLOR=1 FORCE_COLOR=1 ${replay}`, true],
    ];
    for (const [index, [command, coloured]] of cases.entries()) {
      const name = `colour${index}`;
      // chalk turns colour off whenever CI is set (CI runs this suite with CI=true), so the pane's shell unsets it.
      tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '12', 'bash', '--norc', '--noprofile');
      tmux('send-keys', '-t', name, `cd ${projectRoot} && env -u NO_COLOR -u FORCE_COLOR -u CI TERM=xterm-256color bash -c '${command}'`, 'Enter');
      const styled = () => tmux('capture-pane', '-e', '-p', '-t', name);
      await waitFor(() => /END OF CAPTURE/.test(styled()), 20_000, `${command} to finish playing`, 100);
      const sgr = styled().match(/\u001B\[[\d;]*m/g)?.filter((code) => code !== '\u001B[0m' && code !== '\u001B[39m') ?? [];
      assert.equal(sgr.length > 0, coloured, `${command}: ${sgr.slice(0, 5).map((c) => JSON.stringify(c)).join(' ')}`);
      tmux('send-keys', '-t', name, 'q');
    }
  });
});

