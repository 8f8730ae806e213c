// Writes the PWA icons as PNGs with no image library: a flat teal tile with a white "S"-like
// knot drawn from circles. Run once with `node web/tools/make-icons.mjs`; the PNGs are committed.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const TEAL = [0x0f, 0x76, 0x6e];
const WHITE = [0xff, 0xff, 0xff];

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** `safe` is the fraction of the tile the glyph may use: maskable icons keep to the inner 80 %. */
function icon(size, safe) {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  const r = (size * safe) / 2;
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const dx = (x - c) / r, dy = (y - c) / r;
      // Two rings joined like a knot (simpul): upper ring centred at -0.35, lower at +0.35.
      const d1 = Math.hypot(dx, dy + 0.35), d2 = Math.hypot(dx, dy - 0.35);
      const ring = (d) => d > 0.26 && d < 0.5;
      const on = (ring(d1) && !(dy > -0.35 && dx > 0 && d1 < 0.5 && dy < 0)) || (ring(d2) && !(dy < 0.35 && dx < 0 && dy > 0));
      const px = on ? WHITE : TEAL;
      px.forEach((v, i) => { raw[y * (size * 3 + 1) + 1 + x * 3 + i] = v; });
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0)),
  ]);
}

const out = new URL("../public/icons/", import.meta.url);
writeFileSync(new URL("icon-192.png", out), icon(192, 0.9));
writeFileSync(new URL("icon-512.png", out), icon(512, 0.9));
writeFileSync(new URL("maskable-512.png", out), icon(512, 0.62));
writeFileSync(new URL("apple-touch-icon.png", out), icon(180, 0.8));
