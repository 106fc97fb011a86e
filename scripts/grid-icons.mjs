// Draws the grid app's home-screen icons (a white pin on the product's blue) as PNG files, with
// no image tool: `node scripts/grid-icons.mjs` writes public/grid/icon-192.png and icon-512.png.
import fs from 'node:fs';
import zlib from 'node:zlib';

const BLUE = [0x1d, 0x4f, 0x91];
const WHITE = [0xff, 0xff, 0xff];

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A map pin: a disc with a point below it, and a blue hole, centred on a full-bleed blue square (maskable). */
function pixel(x, y, n) {
  const cx = n / 2;
  const cy = n * 0.42;
  const r = n * 0.2;
  const d = Math.hypot(x - cx, y - cy);
  const inDisc = d <= r;
  const tipY = n * 0.78;
  const inPoint = y >= cy && y <= tipY && Math.abs(x - cx) <= r * ((tipY - y) / (tipY - cy));
  if (d <= r * 0.42) return BLUE;
  return inDisc || inPoint ? WHITE : BLUE;
}

function png(n) {
  const raw = Buffer.alloc((n * 3 + 1) * n);
  for (let y = 0; y < n; y++) {
    raw[y * (n * 3 + 1)] = 0;
    for (let x = 0; x < n; x++) pixel(x, y, n).forEach((v, i) => (raw[y * (n * 3 + 1) + 1 + x * 3 + i] = v));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(n, 0);
  ihdr.writeUInt32BE(n, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

for (const n of [192, 512]) fs.writeFileSync(new URL(`../public/grid/icon-${n}.png`, import.meta.url), png(n));
