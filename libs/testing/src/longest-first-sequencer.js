// Orders the integration files longest first, so neither Jest worker is left with a long file at
// the end while the other idles. Jest does this by itself from its cache of the last run's times,
// but a fresh clone (CI) has none and falls back to file size: there a one-minute file came last
// and the run took ~2 min more than its files' time split over two workers. The times committed in
// integration-durations.json (copied from tmp/integration-durations.json after a full run, which
// the slowest-files reporter writes) stand in when Jest's cache has none for a file.
const TestSequencer = require('@jest/test-sequencer').default;
const { relative } = require('node:path');
const committed = require('./integration-durations.json');

const committedMs = new Map(committed.files.map(({ file, seconds }) => [file, seconds * 1000]));

class LongestFirstSequencer extends TestSequencer {
  time(test) {
    return super.time(test) ?? committedMs.get(relative(test.context.config.rootDir, test.path));
  }
}

module.exports = LongestFirstSequencer;
