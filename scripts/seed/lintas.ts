import type { EntityPayload } from "../../domain/entities/registry.ts";
import { commitmentContent, contentHash } from "../../domain/lintas/content.ts";
import { addMonths, COMMITMENT_TEMPLATES, type ItemTemplate } from "../../domain/lintas/templates.ts";
import { encodeStrokes, type Stroke } from "../../domain/lintas/ui-strokes.ts";
import type { RowScope } from "../../domain/sync/index-columns.ts";
import type { Ledger } from "./ledger.ts";
import { personName } from "./names.ts";
import type { DesaPlace } from "./population.ts";
import type { Rng } from "./prng.ts";
import { DEFAULT_SEED_REGION, type SeedRegion } from "./regions.ts";

/**
 * The minilokakarya lintas sektor of January 2025 at the kecamatan's puskesmas (Puskesmas Batubrak
 * in Lampung Barat: the ILP seed reports name this meeting; the place, the chair and the local
 * words come from the region, scripts/seed/regions.ts): attendance with signatures, a commitment of eleven items across the offices
 * (items from the domain's commitment templates, which come from those reports), signed by every
 * party over the content hash the app computes (domain/lintas/content.ts), the frozen version the
 * server writes on the first signature, and progress on some items during 2025.
 */

/** The meeting: Tuesday 21 January 2025 (the month is from the seed reports; the day is ours). */
export const MINILOK_DATE = "2025-01-21";
/** The time of day rows of the meeting are written: 09:00 WIB. */
const MEETING_AT = Date.parse(`${MINILOK_DATE}T02:00:00Z`);
const MINUTE = 60_000;

export interface LintasOffice {
  id: string;
  payload: EntityPayload<"office">;
}

type OfficeKind = EntityPayload<"office">["kind"];

const tmpl = (templateId: string, officeKind: OfficeKind, nth = 0): ItemTemplate => {
  const found = COMMITMENT_TEMPLATES.find((t) => t.id === templateId)!.items.filter((i) => i.officeKind === officeKind)[nth];
  if (!found) throw new Error(`seed: template ${templateId} has no item ${nth} for ${officeKind}`);
  return found;
};

/** Items the templates do not hold: the school and the camat's own follow-up. */
const EXTRA: ItemTemplate[] = [
  {
    officeKind: "sekolah",
    action: { id: "Penjaringan kesehatan siswa baru dan skrining anemia remaja putri di SMP", en: "Health screening of new pupils and anaemia screening of adolescent girls at the junior high school" },
    indicator: { id: "Siswa baru yang dijaring", en: "New pupils screened" },
    targetKind: "number", targetValue: 100, targetUnit: "%", dueInMonths: 8,
  },
  {
    officeKind: "kecamatan",
    action: { id: "Rapat monitoring komitmen lintas sektor tiap triwulan", en: "Quarterly monitoring meeting of the cross-sector commitment" },
    indicator: { id: "Rapat monitoring dilaksanakan", en: "Monitoring meetings held" },
    targetKind: "number", targetValue: 4, targetUnit: "kali", dueInMonths: 11,
  },
];

/** A handwriting-like trace: a few strokes of smooth wiggles (synthetic, not anyone's signature). */
function signature(rng: Rng): string {
  const strokes: Stroke[] = [];
  const n = rng.int(2, 3);
  for (let s = 0; s < n; s++) {
    const x0 = 0.1 + s * 0.28 + rng.next() * 0.05;
    const amp = 0.15 + rng.next() * 0.2;
    const freq = 2 + rng.next() * 3;
    strokes.push(Array.from({ length: 60 }, (_, i) => {
      const t = i / 59;
      return [x0 + t * 0.3, 0.5 + amp * Math.sin(t * Math.PI * freq) * (1 - t * 0.4)] as [number, number];
    }));
  }
  return encodeStrokes(strokes);
}

export async function lintasHistory(ledger: Ledger, rng: Rng, o: { kecCode: string; offices: readonly LintasOffice[]; desa: readonly DesaPlace[]; today: string; region?: SeedRegion }): Promise<void> {
  if (MINILOK_DATE > o.today) return;
  const region = o.region ?? DEFAULT_SEED_REGION;
  // "pekon" / "Pekon" in Lampung Barat, "desa" / "Desa" elsewhere.
  const term = region.desaTerm;
  const Term = term.charAt(0).toUpperCase() + term.slice(1);
  // The commitment templates (domain/lintas/templates.ts) say "pekon", Lampung Barat's word; the item as the puskesmas would type it elsewhere.
  const local = (text: string) => text.replace(/\bpekon\b/g, term).replace(/\bPekon\b/g, Term);
  const kecScope: RowScope = { area: o.kecCode, dusun: null, grp: null };
  const ofKind = (kind: OfficeKind, desaCode?: string) => o.offices.find((x) => x.payload.kind === kind && (desaCode === undefined || x.payload.desaCode === desaCode));
  const newId = () => ledger.newRowId();
  let minute = 0;
  const at = () => MEETING_AT + minute++ * MINUTE;
  const name = (sex: "L" | "P") => personName(rng, sex, 1975, 50, region.names);

  // --- the meeting and who came ---
  const meetingId = newId();
  const camat = ofKind("kecamatan")!;
  ledger.create("meeting", meetingId, {
    kecCode: o.kecCode, kind: "lintas_sektor", date: MINILOK_DATE,
    place: region.lintas.place, chair: region.lintas.chair,
    agenda: `1. Capaian program ILP dan PWS tahun 2024\n2. Masalah stunting, imunisasi dan kesehatan ibu per ${term}\n3. Penyusunan komitmen bersama lintas sektor tahun 2025`,
    minutes: `Puskesmas memaparkan capaian D/S, imunisasi dasar lengkap, K1–K6 dan skrining PTM per ${term}. ${Term} dengan capaian rendah diminta menggerakkan sasaran ke posyandu. Disepakati komitmen bersama lintas sektor tahun 2025 dan ditandatangani seluruh pihak.`,
  }, kecScope, at());
  const attendees: { office: LintasOffice; position: string }[] = [];
  const positions: Partial<Record<OfficeKind, string>> = {
    puskesmas: "Kepala Puskesmas", kecamatan: "Camat", kua: "Kepala KUA", plkb: "Penyuluh KB", pendidikan: "Koordinator Pendidikan",
    sekolah: "Kepala Sekolah", pkk: "Ketua TP PKK Kecamatan", polsek: "Kapolsek", koramil: "Danramil", pemdes: region.villageHead, pertanian: "Koordinator Penyuluh Pertanian",
  };
  for (const office of o.offices) attendees.push({ office, position: positions[office.payload.kind] ?? "Perwakilan" });
  const meetingScope: RowScope = { ...kecScope };
  const signerOf = new Map<string, { name: string; position: string }>();
  for (const a of attendees) {
    // Most invited desa heads come; a few send no one (approximation).
    if (a.office.payload.kind === "pemdes" && !rng.chance(0.8)) continue;
    const who = name(rng.chance(a.office.payload.kind === "pkk" ? 1 : 0.2) ? "P" : "L");
    signerOf.set(a.office.id, { name: who, position: a.position });
    ledger.create("attendance", newId(), { meetingId, name: who, officeId: a.office.id, position: a.position, signature: signature(rng) }, meetingScope, at());
  }

  // --- the commitment: items from the templates, mapped to the kecamatan's offices ---
  const commitmentId = newId();
  const grp: RowScope = { area: o.kecCode, dusun: null, grp: commitmentId };
  const title = COMMITMENT_TEMPLATES[0]!.title.id;
  const commitment = { kecCode: o.kecCode, meetingId, title, period: "2025", docVersion: 1 };
  ledger.create("commitment", commitmentId, commitment, grp, at());
  const pekon = [...o.desa];
  const lowest = pekon.slice(0, 3);
  const picks: { t: ItemTemplate; office: LintasOffice | undefined; desa: string[] | null }[] = [
    { t: tmpl("komitmen-ilp", "pemdes", 0), office: ofKind("pemdes", pekon[0]?.code), desa: pekon[0] ? [pekon[0].code] : null },
    { t: tmpl("komitmen-ilp", "pemdes", 1), office: ofKind("pemdes", pekon[1]?.code), desa: pekon[1] ? [pekon[1].code] : null },
    { t: tmpl("komitmen-ilp", "kua"), office: ofKind("kua"), desa: null },
    { t: tmpl("komitmen-ilp", "pendidikan"), office: ofKind("pendidikan"), desa: null },
    { t: EXTRA[0]!, office: ofKind("sekolah"), desa: null },
    { t: tmpl("komitmen-ilp", "pkk"), office: ofKind("pkk"), desa: lowest.map((d) => d.code) },
    { t: tmpl("komitmen-ilp", "plkb"), office: ofKind("plkb"), desa: null },
    { t: tmpl("stunting-pangan", "pertanian"), office: ofKind("pertanian"), desa: lowest.map((d) => d.code) },
    { t: tmpl("stunting-pangan", "pemdes"), office: ofKind("pemdes", pekon[2]?.code), desa: pekon[2] ? [pekon[2].code] : null },
    { t: tmpl("stunting-pangan", "pkk"), office: ofKind("pkk"), desa: null },
    { t: EXTRA[1]!, office: camat, desa: null },
  ];
  const items: { id: string; payload: EntityPayload<"commitment_item"> }[] = [];
  for (const p of picks) {
    if (!p.office) continue;
    items.push({
      id: newId(),
      payload: {
        commitmentId, number: items.length + 1, officeId: p.office.id, action: local(p.t.action.id), indicator: local(p.t.indicator.id),
        targetKind: p.t.targetKind, targetValue: p.t.targetValue, targetUnit: p.t.targetUnit, desaCodes: p.desa,
        dueDate: addMonths(MINILOK_DATE, p.t.dueInMonths), status: "belum_mulai",
      },
    });
  }
  const partyIds = [...new Set([ofKind("puskesmas")!.id, camat.id, ...items.map((i) => i.payload.officeId)])];
  const parties = partyIds.map((officeId) => ({ id: newId(), payload: { commitmentId, officeId } }));
  for (const p of parties) ledger.create("commitment_party", p.id, p.payload, grp, at());
  for (const i of items) ledger.create("commitment_item", i.id, i.payload, grp, at());

  // --- every party signs version 1 over the content hash; the first signature freezes the version ---
  const content = commitmentContent(commitment, parties.map((p) => p.payload), items.map((i) => i.payload));
  const hash = await contentHash(content);
  let frozen = false;
  for (const p of parties) {
    const signer = signerOf.get(p.payload.officeId) ?? { name: name("L"), position: positions[o.offices.find((x) => x.id === p.payload.officeId)!.payload.kind] ?? "Perwakilan" };
    const when = at();
    ledger.create("signature", newId(), {
      commitmentId, docVersion: 1, contentHash: hash, officeId: p.payload.officeId, name: signer.name, position: signer.position,
      strokes: signature(rng), signedAt: wib(when),
    }, grp, when);
    if (!frozen) {
      ledger.create("commitment_version", `${commitmentId}@1`, { commitmentId, docVersion: 1, content: content as unknown as Record<string, unknown>, contentHash: hash }, grp, when, true);
      frozen = true;
    }
  }

  // --- progress during 2025: most items started, some done, one not yet begun ---
  const reports: { item: number; months: number; status: EntityPayload<"progress">["status"]; value: number | null; note: string }[] = [
    { item: 1, months: 2, status: "selesai", value: null, note: "APBDes 2025 memuat insentif kader posyandu dan PMT lokal." },
    { item: 2, months: 3, status: "berjalan", value: 72, note: `${region.villageHead} mengumumkan jadwal posyandu di masjid; D/S naik dari 61% ke 72%.` },
    { item: 3, months: 2, status: "berjalan", value: 64, note: "Catin diarahkan ke pustu untuk cek Hb dan LiLA sebelum akad." },
    { item: 3, months: 5, status: "selesai", value: 100, note: "Semua catin Januari–Juni sudah diskrining sebelum akad nikah." },
    { item: 4, months: 4, status: "berjalan", value: 60, note: "TTD bersama setiap Jumat di 3 dari 5 sekolah." },
    { item: 6, months: 3, status: "berjalan", value: 45, note: `Kader PKK mendampingi keluarga balita stunting di ${term} sasaran.` },
    { item: 7, months: 6, status: "berjalan", value: 58, note: "Konseling KB pasca persalinan dilakukan bersama bidan desa." },
    { item: 10, months: 4, status: "berjalan", value: 3, note: "Kelas ibu balita dan demo masak MP-ASI ikan lokal." },
    { item: 11, months: 3, status: "berjalan", value: 1, note: "Rapat monitoring triwulan I di kantor camat." },
  ];
  for (const r of reports) {
    const item = items[r.item - 1];
    if (!item) continue;
    const date = addMonths(MINILOK_DATE, r.months);
    if (date > o.today) continue;
    const when = Date.parse(`${date}T03:00:00Z`) + r.item * MINUTE;
    ledger.create("progress", ledger.newRowId(), { itemId: item.id, note: r.note, value: r.value, status: r.status, photoKeys: [] }, grp, when);
    if (r.status) ledger.update("commitment_item", item.id, { status: r.status }, grp, when + 1);
  }
}

/** An ISO date-time in WIB (UTC+7), as the phone writes signedAt. */
function wib(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "+07:00");
}
