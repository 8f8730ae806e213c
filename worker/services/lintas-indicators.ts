import { can, type Principal } from "../../domain/access/policy.ts";
import { getForm, type AnswerValue } from "../../domain/forms/index.ts";
import { catinIndicator, LIVE_INDICATOR_BY_OFFICE_KIND, type CatinIndicator, type CatinVisitRow } from "../../domain/lintas/indicators.ts";
import { deriveRecord } from "../../domain/rules/derive.ts";
import { storedDerived } from "../../domain/rules/referrals.ts";
import { catinFindings } from "../../domain/rules/tasks-catin.ts";
import type { Db } from "../db/client.ts";
import { forbidden, notFound } from "../http/errors.ts";
import { audit } from "./audit.ts";

/**
 * The live health figure of a commitment item (domain/lintas/indicators.ts): for a KUA item, the
 * catin screened, found anaemic or KEK, and followed up, over the item's desa (all desa of the
 * commitment's kecamatan when the item names none). Whoever reads the item may read it; the
 * answer holds counts only, computed here from the records, which never leave the server.
 */
export type ItemIndicatorAnswer = { itemId: string; indicator: null } | ({ itemId: string } & CatinIndicator);

interface ItemRow {
  id: string;
  scope_area: string;
  commitment_id: string;
  office_id: string;
  desa_codes: string | null;
  kec_code: string;
  kind: string | null;
}

/** Years in the WIB calendar (UTC+7), as the visit dates are written. */
const WIB_MS = 7 * 3_600_000;

export async function itemIndicator(db: Db, p: Principal, itemId: string, year: number | undefined, now: number): Promise<ItemIndicatorAnswer> {
  const c = db.$client;
  const item = await c
    .prepare(`SELECT i.id, i.scope_area, i.commitment_id, i.office_id, i.desa_codes, m.kec_code, o.kind
      FROM commitment_items i JOIN commitments m ON m.id = i.commitment_id LEFT JOIN offices o ON o.id = i.office_id AND o.deleted = 0
      WHERE i.id = ? AND i.deleted = 0 AND m.deleted = 0`)
    .bind(itemId)
    .first<ItemRow>();
  if (!item) throw notFound("No such commitment item");
  const parties = await c.prepare("SELECT office_id FROM commitment_parties WHERE commitment_id = ? AND deleted = 0").bind(item.commitment_id).all<{ office_id: string }>();
  // The same target as every other read of the item (photos, pull): area, parties, office.
  if (!can(p, "lintas:read", { areaCode: item.scope_area, partyOfficeIds: parties.results.map((x) => x.office_id), officeId: item.office_id })) {
    throw forbidden("Outside your role, office or area");
  }
  const indicator = item.kind ? LIVE_INDICATOR_BY_OFFICE_KIND[item.kind] : undefined;
  if (!indicator) return { itemId, indicator: null };

  const today = new Date(now + WIB_MS).toISOString().slice(0, 10);
  const y = year ?? Number(today.slice(0, 4));
  // The item's desa, kept within the commitment's kecamatan whatever the item says.
  const kecDesa = await c
    .prepare("SELECT id FROM areas WHERE id >= ? AND id < ? AND level = 'desa' AND deleted = 0 ORDER BY id")
    .bind(`${item.kec_code}.`, `${item.kec_code}/`)
    .all<{ id: string }>();
  const inKec = kecDesa.results.map((r) => r.id);
  const named = item.desa_codes ? (JSON.parse(item.desa_codes) as string[]) : null;
  const desaCodes = named ? inKec.filter((d) => named.includes(d)) : inKec;

  const rows: CatinVisitRow[] = [];
  if (desaCodes.length) {
    const recs = await c
      .prepare(`SELECT r.id, r.person_id, r.scope_area, r.form_version, r.visit_date, r.data, r.derived, p.sex, p.birth_date
        FROM records r JOIN persons p ON p.id = r.person_id
        WHERE r.scope_area IN (SELECT value FROM json_each(?1)) AND r.form_id = 'catin' AND r.deleted = 0 AND r.visit_date >= ?2 AND r.visit_date <= ?3`)
      .bind(JSON.stringify(desaCodes), `${y}-01-01`, today)
      .all<{ id: string; person_id: string; scope_area: string; form_version: number; visit_date: string; data: string; derived: string | null; sex: string; birth_date: string }>();
    for (const r of recs.results) {
      const data = JSON.parse(r.data) as Record<string, AnswerValue>;
      const entity = { id: r.id, data: { personId: r.person_id, formId: "catin", formVersion: r.form_version, visitDate: r.visit_date, data, derived: r.derived ? (JSON.parse(r.derived) as Record<string, unknown>) : null } };
      let derived = storedDerived(entity);
      if (!derived) {
        const def = getForm("catin", r.form_version);
        derived = def ? deriveRecord({ def, answers: data, visitDate: r.visit_date, person: { sex: r.sex, birthDate: r.birth_date } }) : null;
      }
      rows.push({ id: r.id, personId: r.person_id, desaCode: r.scope_area, visitDate: r.visit_date, findings: catinFindings(derived) });
    }
  }
  // Findings only for an item over the whole kecamatan (a fixed cell: no subtraction across items).
  const wholeKecamatan = inKec.every((d) => desaCodes.includes(d));
  const out = catinIndicator(rows, desaCodes, y, wholeKecamatan);
  // Audited: a mitra reads figures drawn from health data (who, which item; never the counts).
  await audit(db, p, { action: "lintas.indicator.read", entity: "commitment_item", entityId: itemId, details: { indicator, year: y } }, now);
  return { itemId, ...out };
}
