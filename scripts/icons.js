#!/usr/bin/env node
/**
 * Writes the add-in icons assets/icon-{16,32,64,80,128}.png (the sizes manifest.xml declares;
 * 128 is the size AppSource and the Microsoft 365 admin center show): a blue square with a white
 * 温 drawn from a 12×11 bitmap (no fonts needed). A minimal PNG encoder (zlib + CRC-32) — no dependencies.
 *   node scripts/icons.js
 */
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const GLYPH = [
  'X...XXXXXXX.',
  '.X..X.....X.',
  '....XXXXXXX.',
  'X...X.....X.',
  '.X..XXXXXXX.',
  '............',
  '...XXXXXXXXX',
  '..X.X..X..X.',
  '.X..X..X..X.',
  'X...X..X..X.',
  '..XXXXXXXXXX',
];
/** Every icon size the manifest refers to (test/manifest.test.ts checks the files against it). */
const SIZES = [16, 32, 64, 80, 128];
const BLUE = [0x0f, 0x6c, 0xbd, 0xff];
const WHITE = [0xff, 0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA pixels (size × size) → PNG bytes. */
function encodePng(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const p = pixel(x, y);
      raw.set(p, y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function icon(size) {
  const scale = Math.max(1, Math.floor((size * 0.8) / GLYPH[0].length));
  const w = GLYPH[0].length * scale;
  const h = GLYPH.length * scale;
  const ox = Math.floor((size - w) / 2);
  const oy = Math.floor((size - h) / 2);
  return encodePng(size, (x, y) => {
    const gx = Math.floor((x - ox) / scale);
    const gy = Math.floor((y - oy) / scale);
    const on = x >= ox && y >= oy && gy < GLYPH.length && gx < GLYPH[0].length && GLYPH[gy][gx] === 'X';
    return on ? WHITE : BLUE;
  });
}

module.exports = { encodePng, icon, SIZES };

if (require.main === module) {
  const outDir = path.join(__dirname, '..', 'assets');
  fs.mkdirSync(outDir, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(outDir, `icon-${size}.png`);
    fs.writeFileSync(file, icon(size));
    console.log(`${path.relative(process.cwd(), file)} (${size}×${size})`);
  }
}
