// Prints the integration files that took longest, and writes every file's duration to
// tmp/integration-durations.json: the suite must stay well under CI's budget, and this shows where
// its minutes go without a second run.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

class SlowestFilesReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const durations = results.testResults
      .map((file) => ({ file: relative(this.rootDir, file.testFilePath), seconds: Math.round((file.perfStats.end - file.perfStats.start) / 100) / 10 }))
      .sort((a, b) => b.seconds - a.seconds);
    const total = durations.reduce((sum, entry) => sum + entry.seconds, 0);
    mkdirSync(join(this.rootDir, 'tmp'), { recursive: true });
    writeFileSync(join(this.rootDir, 'tmp', 'integration-durations.json'), `${JSON.stringify({ totalSeconds: Math.round(total), files: durations }, null, 2)}\n`);
    console.log(`\nSlowest integration files (of ${durations.length}, ${Math.round(total)} s in all; every file in tmp/integration-durations.json):`);
    for (const entry of durations.slice(0, 10)) console.log(`  ${String(entry.seconds).padStart(6)} s  ${entry.file}`);
  }
}

module.exports = SlowestFilesReporter;
