// postinstall: applies patches/cap+0.2.1.patch to the installed `cap` and rebuilds it (idempotent).
// cap's own install script has already built it unpatched; without the patch a live capture has
// no timestamps or drop counters and can abort the process (STACK.md §2). Plain JS with no
// dependencies, because it runs before anything else is installed and without tsx.
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, statSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const PATCHED_VERSION = '0.2.1';
const PATCH_MARKER = 'llreach-cap-patch-1';
const patchFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'patches', `cap+${PATCHED_VERSION}.patch`);

function say(message) {
  console.error(`llreach postinstall: ${message}`);
}

/** The directory of the installed cap, or undefined when npm dropped it (no libpcap-dev). */
function findCapDir() {
  try {
    return dirname(createRequire(import.meta.url).resolve('cap/package.json'));
  } catch {
    return undefined;
  }
}

/** Runs a command in dir; returns true when it exited 0, false when it failed or is missing. */
function run(command, args, dir, quiet = true) {
  // The ceiling keeps git from finding an enclosing repository (our own checkout), so `git apply`
  // patches plain files relative to dir like patch(1) would.
  const env = {...process.env, GIT_CEILING_DIRECTORIES: dirname(dir)};
  const result = spawnSync(command, args, {cwd: dir, env, stdio: quiet ? 'ignore' : 'inherit'});
  return result.status === 0;
}

function isSourcePatched(capDir) {
  return run('git', ['apply', '--check', '--reverse', patchFile], capDir)
    || run('patch', ['-p1', '--dry-run', '--reverse', '--force', '-i', patchFile], capDir);
}

function applyPatch(capDir) {
  if (run('git', ['apply', patchFile], capDir, false)) return true;
  return run('patch', ['-p1', '--forward', '-i', patchFile], capDir, false);
}

/** True when cap.node carries the patch marker and was built after the source was last patched. */
function isBinaryPatched(capDir) {
  const binary = join(capDir, 'build', 'Release', 'cap.node');
  if (!existsSync(binary) || !readFileSync(binary).includes(PATCH_MARKER)) return false;
  return statSync(binary).mtimeMs >= statSync(join(capDir, 'src', 'binding.cc')).mtimeMs;
}

/** Rebuilds cap with npm's node-gyp (npm tells scripts where it is), else through `npm rebuild`. */
function rebuild(capDir) {
  const nodeGyp = process.env.npm_config_node_gyp;
  if (nodeGyp) return run(process.execPath, [nodeGyp, 'rebuild'], capDir, false);
  return run('npm', ['rebuild', 'cap', '--foreground-scripts'], dirname(dirname(capDir)), false);
}

function patchCap(capDir) {
  const version = JSON.parse(readFileSync(join(capDir, 'package.json'), 'utf8')).version;
  if (version !== PATCHED_VERSION) {
    return `cap ${version} is installed but the patch is for ${PATCHED_VERSION}; live capture will refuse it`;
  }
  if (!isSourcePatched(capDir) && !applyPatch(capDir)) {
    return `could not apply ${patchFile} to ${capDir} (is git or patch installed?)`;
  }
  if (isBinaryPatched(capDir)) return undefined;
  say('rebuilding cap with llreach\'s patch (timestamps, drop counters, no abort on interface loss)');
  if (!rebuild(capDir) || !isBinaryPatched(capDir)) return `rebuilding ${capDir} failed`;
  return undefined;
}

function main() {
  const capDir = findCapDir();
  if (!capDir) {
    say('cap is not installed (libpcap-dev missing?); reading capture files works, live capture does not');
    return;
  }
  const problem = patchCap(capDir);
  // Never fail the install: cap is optional, and llreach refuses an unpatched cap with a clear message.
  if (problem) say(`WARNING: ${problem}`);
}

main();
