#!/usr/bin/env node
/**
 * Serves the built dist/ (npm run build:web) over plain http on localhost, for the standalone page:
 *   npm run serve                 → http://localhost:8080/  (PORT=… to change, PORT=0 for any free port)
 * Static files only, no network beyond localhost. Also used by the end-to-end tests.
 */
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.png': 'image/png', '.xml': 'application/xml; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.map': 'application/json; charset=utf-8', '.ico': 'image/x-icon',
};

/** Start serving `root`; resolves to { url, port, close() }. */
function serveDist({ root = path.join(__dirname, '..', 'dist'), port = 8080, host = '127.0.0.1' } = {}) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url || '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(base, '.' + rel);
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('未找到');
        return;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        port: actual,
        url: `http://localhost:${actual}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

module.exports = { serveDist };

if (require.main === module) {
  const root = path.join(__dirname, '..', 'dist');
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error('dist/ 尚未构建：请先运行 npm run build:web');
    process.exit(2);
  }
  const port = process.env.PORT !== undefined ? Number(process.env.PORT) : 8080;
  serveDist({ root, port }).then(({ url }) => {
    console.log(`独立网页：${url}  （Ctrl+C 停止）`);
    console.log(`任务窗格页：${url}taskpane.html`);
  }, (e) => {
    console.error(`无法启动：${e.message}`);
    process.exit(1);
  });
}
