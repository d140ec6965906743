// Runs `llreach watch` from the TypeScript sources (node --import tsx), so tests exercise the
// code under test rather than whatever dist/ last built; used by the watch integration tests.
import {handle} from '@oclif/core';

import Watch from '../../src/commands/watch.js';

await Watch.run(process.argv.slice(2), import.meta.url).catch(handle);
