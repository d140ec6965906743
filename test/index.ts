// Imports every *.test.ts below test/ so node:test runs them in one process (see STACK.md §1, §6:
// oclif's runCommand replaces process.stdout.write, so per-file child processes would lose reports).
import {readdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

// Dates in expected text are written in UTC.
process.env.TZ = 'UTC';

const root = dirname(fileURLToPath(import.meta.url));
const only = process.env.LLREACH_TEST_ONLY;

function findTests(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

for (const file of findTests(root).sort()) {
  if (only && !file.includes(only)) continue;
  await import(pathToFileURL(file).href);
}
