#!/usr/bin/env node
'use strict';
// Thin launcher: the compiled CLI lives in dist-node/ (built by `npm run build`).
const path = require('path');
const fs = require('fs');
const compiled = path.join(__dirname, '..', 'dist-node', 'src', 'cli', 'main.js');
if (!fs.existsSync(compiled)) {
  process.stderr.write('wzpolicy 尚未构建：请先运行 npm run build\n');
  process.exit(2);
}

// hq-rating of a large workbook runs in a child process with a larger young generation
// (src/cli/young-generation.ts: V8 sets that size when a process starts). The child has this
// process's streams; its exit status and signal become this process's. Should it not start,
// the command runs here as it is.
const relaunch = (() => {
  try {
    const { youngGenerationRelaunch } = require(path.join(__dirname, '..', 'dist-node', 'src', 'cli', 'young-generation.js'));
    return youngGenerationRelaunch(process.argv.slice(2), {
      execArgv: process.execArgv,
      env: process.env,
      sizeOf: (file) => {
        try {
          const s = fs.statSync(path.resolve(file));
          return s.isFile() ? s.size : null;
        } catch {
          return null;
        }
      },
    });
  } catch {
    return null;
  }
})();
if (relaunch) {
  const { spawnSync } = require('child_process');
  const child = spawnSync(process.execPath, [...relaunch, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, WZPOLICY_RELAUNCHED: '1' },
  });
  if (!child.error) {
    if (child.signal) process.kill(process.pid, child.signal);
    process.exit(child.status === null ? 1 : child.status);
  }
}

require(compiled).main(process.argv).then((code) => { process.exitCode = code; });
