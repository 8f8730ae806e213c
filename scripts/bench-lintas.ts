/**
 * Lintas sektor figures that need no server (issue 6), for docs/PERFORMANCE.md:
 * - the size of a signature as the phone's pad really encodes it (web/src/components/strokes.ts),
 *   for a realistic pen trace of ~600 pointer samples in 3 strokes;
 * - the gzip bytes of pushing one commitment with 10 items, 8 parties and 8 such signatures;
 * - the time of the camat view's computation (tally per office and desa, reminders) for 30
 *   commitments and 400 items, unthrottled in node (the 4× CPU render figure needs the browser).
 * Run: npx tsx scripts/bench-lintas.ts
 */
import { gzipSync } from "node:zlib";
import { commitmentContent, contentHash } from "../domain/lintas/content.ts";
import { reminders, tally, type ItemLike } from "../domain/lintas/follow-up.ts";
import { uuidv7 } from "../domain/util/uuid.ts";
import { encodeStrokes, type Stroke } from "../domain/lintas/ui-strokes.ts";

let seed = 42;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);

/** A handwriting-like trace: 3 strokes, 200 samples each, smooth curves with jitter. */
function trace(): Stroke[] {
  return Array.from({ length: 3 }, (_, k) => {
    let x = 0.1 + k * 0.28;
    let y = 0.5;
    let a = rnd() * Math.PI * 2;
    return Array.from({ length: 200 }, () => {
      a += (rnd() - 0.5) * 0.6;
      x = Math.max(0, Math.min(1, x + Math.cos(a) * 0.004));
      y = Math.max(0, Math.min(1, y + Math.sin(a) * 0.01));
      return [x, y] as [number, number];
    });
  });
}

const sigs = Array.from({ length: 8 }, () => encodeStrokes(trace()));
const sizes = sigs.map((s) => s.length);

const commitmentId = uuidv7();
const offices = Array.from({ length: 8 }, () => uuidv7());
const commitment = { kecCode: "18.04.10", meetingId: uuidv7(), title: "Komitmen Bersama Lintas Sektor Integrasi Layanan Primer Kecamatan Batu Brak", period: "2026–2027", docVersion: 1 };
const parties = offices.map((officeId) => ({ commitmentId, officeId }));
const items = Array.from({ length: 10 }, (_, i) => ({
  commitmentId, number: i + 1, officeId: offices[i % 8]!, action: `Aksi lintas sektor nomor ${i + 1}: menggerakkan sasaran ke posyandu harian dan mendukung ketahanan pangan keluarga`,
  indicator: "Cakupan sasaran yang dilayani", targetKind: "number", targetValue: 80 + i, targetUnit: "%", desaCodes: null, dueDate: "2027-03-31", status: "belum_mulai",
}));
const hash = await contentHash(commitmentContent(commitment, parties, items));
const mut = (entity: string, payload: Record<string, unknown>, id = uuidv7()) => ({ id: uuidv7(), entity, entityId: id, op: "create", baseVersion: 0, payload });
const push = [
  mut("commitment", commitment, commitmentId),
  ...parties.map((p) => mut("commitment_party", p)),
  ...items.map((it) => mut("commitment_item", it)),
  ...offices.map((officeId, i) => mut("signature", { commitmentId, docVersion: 1, contentHash: hash, officeId, name: "Penandatangan", position: "Kepala", strokes: sigs[i]!, signedAt: "2026-11-20T10:00:00+07:00" })),
];
const body = JSON.stringify({ mutations: push });

// Camat view: 30 commitments, 400 items.
const desa = Array.from({ length: 12 }, (_, i) => `18.04.10.20${String(i).padStart(2, "0")}`);
const all: ItemLike[] = Array.from({ length: 400 }, (_, i) => ({
  id: uuidv7(), commitmentId: `c${i % 30}`, number: (i % 14) + 1, officeId: offices[i % 8]!, action: "x",
  dueDate: `2026-${String((i % 12) + 1).padStart(2, "0")}-15`, status: (["belum_mulai", "berjalan", "selesai", "dibatalkan"] as const)[i % 4]!,
  desaCodes: i % 3 ? null : [desa[i % 12]!],
}));
const runs = 200;
const t0 = performance.now();
for (let r = 0; r < runs; r++) {
  tally(all, "2026-11-23");
  reminders(all, "2026-11-23");
}
const perView = (performance.now() - t0) / runs;

console.log(JSON.stringify({
  signatureChars: { min: Math.min(...sizes), max: Math.max(...sizes), mean: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length) },
  commitmentPush: { mutations: push.length, rawBytes: Buffer.byteLength(body), gzipBytes: gzipSync(body).length },
  camatCompute400ItemsMs: Number(perView.toFixed(3)),
}, null, 2));
