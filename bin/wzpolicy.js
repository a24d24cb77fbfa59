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
require(compiled).main(process.argv).then((code) => { process.exitCode = code; });
