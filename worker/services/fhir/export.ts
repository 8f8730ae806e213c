import type { Bundle } from "@medplum/fhirtypes";
import { can, type Principal } from "../../../domain/access/policy.ts";
import { areaAncestor, areaLevel, isAreaCode } from "../../../domain/area/codes.ts";
import { transactionBundle, type FhirContext, type Unexported } from "../../../domain/fhir/index.ts";
import { isCalendarDate } from "../../../domain/entities/formats.ts";
import { addMonths, monthBounds } from "../../../domain/rules/dates.ts";
import { UUID_RE } from "../../../domain/util/uuid.ts";
import type { Db } from "../../db/client.ts";
import type { Env } from "../../env.ts";
import { ApiError, badRequest, forbidden } from "../../http/errors.ts";
import { audit } from "../audit.ts";
import { satusehatConfigFor } from "./config.ts";
import { facilitiesOf, loadPage, PAGE_PERSONS_DEFAULT, PAGE_PERSONS_MAX, type LoadedPage, type Period } from "./load.ts";

/**
 * The SATUSEHAT export (issue 13, part 2): a FHIR R4 transaction Bundle of one desa and period,
 * page by page (services/fhir/load.ts bounds a page), built by the pure mapping of domain/fhir.
 * Behind `interop:export` (docs/ACCESS.md): the puskesmas for its kecamatan, the dinkes for its
 * kabupaten. The bundle is personal data leaving Simpul: every page read is audited (desa,
 * period, counts; never a name). The list of what could not be exported names persons only for a
 * caller who may read the desa's health data (health:read), which both roles hold today.
 */

/** The longest period one export covers: a year (issue 13, "a kecamatan-year"). */
export const PERIOD_MAX_MONTHS = 12;

export interface ExportPageArgs {
  desaCode: string;
  from: string;
  to: string;
  cursor?: string | null;
  limit?: number;
}

/** What could not be exported, with the person it belongs to (and the name, for a caller with health:read). */
export interface ExportUnexported extends Unexported {
  personId: string;
  name?: string;
  formId?: string;
  date?: string;
}

export interface ExportPage {
  desa: { code: string; name: string };
  period: Period;
  /** The Organization of the bundle: the SATUSEHAT id configured for the kecamatan, or Simpul's own puskesmas facility id. */
  organizationId: string;
  /** False: no SATUSEHAT_CREDENTIALS entry for this kecamatan; the bundle carries Simpul's facility id and cannot be sent as is. */
  organizationConfigured: boolean;
  bundle: Bundle;
  unexported: ExportUnexported[];
  counts: Record<string, number>;
  /** Persons on this page (exported or not). */
  persons: number;
  nextCursor: string | null;
}

/** The period of `month` (YYYY-MM), or of from/to (YYYY-MM-DD); 400 invalid_period when neither or both, malformed, reversed, or longer than a year. */
export function periodOf(q: { month?: string; from?: string; to?: string }): Period {
  if (q.month !== undefined) {
    if (q.from !== undefined || q.to !== undefined) throw badRequest("invalid_period", "Give month, or from and to, not both", { period: "month or from/to" });
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(q.month)) throw badRequest("invalid_period", "month is YYYY-MM", { month: q.month });
    const b = monthBounds(q.month);
    return { from: b.first, to: b.last };
  }
  if (q.from === undefined || q.to === undefined) throw badRequest("invalid_period", "Give month=YYYY-MM, or from and to (YYYY-MM-DD)", { period: "missing" });
  return checkPeriod({ from: q.from, to: q.to });
}

export function checkPeriod(p: Period): Period {
  for (const [k, v] of Object.entries(p)) if (!isCalendarDate(v)) throw badRequest("invalid_period", `${k} is a date YYYY-MM-DD`, { [k]: v });
  if (p.from > p.to) throw badRequest("invalid_period", "from is after to", { from: p.from, to: p.to });
  if (p.to >= addMonths(p.from, PERIOD_MAX_MONTHS)) throw badRequest("invalid_period", `A period is at most ${PERIOD_MAX_MONTHS} months`, { from: p.from, to: p.to, maxMonths: PERIOD_MAX_MONTHS });
  return p;
}

/** The desa, within the caller's interop:export reach (403 before 404: no probing of codes outside it). */
export async function exportDesa(db: Db, p: Principal, code: string): Promise<{ code: string; name: string }> {
  if (!isAreaCode(code) || areaLevel(code) !== "desa") throw new ApiError(422, "validation_failed", "desa is a desa code (18.04.10.2001)", { fields: { desa: "a desa code" } });
  if (!can(p, "interop:export", { areaCode: code })) throw forbidden("Outside your role or area", { permission: "interop:export" });
  const row = await db.$client.prepare("SELECT name FROM areas WHERE id = ? AND level = 'desa' AND deleted = 0").bind(code).first<{ name: string }>();
  if (!row) throw new ApiError(404, "unknown_area", `Desa ${code} is not a known wilayah code`, { area: code });
  return { code, name: row.name };
}

/** The bundle's context: the configured SATUSEHAT Organization of the desa's kecamatan, else Simpul's puskesmas. */
export async function exportContext(db: Db, env: Pick<Env, "SATUSEHAT_CREDENTIALS">, desa: string): Promise<{ context: FhirContext; configured: boolean }> {
  const kec = areaAncestor(desa, "kecamatan")!;
  const { puskesmas, pustu } = await facilitiesOf(db, desa);
  const config = satusehatConfigFor(env, kec);
  const organizationId = config?.organizationId ?? puskesmas?.id ?? kec;
  return {
    context: { organizationId, organizationName: puskesmas?.name ?? `Puskesmas ${kec}`, location: pustu ?? puskesmas },
    configured: config !== null,
  };
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return PAGE_PERSONS_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_PERSONS_MAX) throw new ApiError(422, "validation_failed", `limit is 1–${PAGE_PERSONS_MAX}`, { fields: { limit: `1–${PAGE_PERSONS_MAX}` } });
  return limit;
}

/** The mapping of one loaded page, and what it left out with the person it belongs to. */
export function mapPage(page: LoadedPage, context: FhirContext, names: boolean) {
  const { bundle, unexported, counts } = transactionBundle({ context, persons: page.persons, records: page.records, referrals: page.referrals });
  const personOf = new Map<string, string>();
  const nameOf = new Map(page.persons.map((x) => [x.id, x.name]));
  const recordOf = new Map(page.records.map((r) => [r.id, r.record]));
  const referralOf = new Map(page.referrals.map((r) => [r.id, r.referral]));
  for (const r of page.records) personOf.set(r.id, r.record.personId);
  for (const r of page.referrals) personOf.set(r.id, r.referral.personId);
  const out: ExportUnexported[] = unexported.map((u) => {
    const personId = u.entity === "person" ? u.id : (personOf.get(u.id) ?? u.id);
    const rec = u.entity === "record" ? recordOf.get(u.id) : undefined;
    const ref = u.entity === "referral" ? referralOf.get(u.id) : undefined;
    return {
      ...u, personId,
      ...(names && nameOf.has(personId) ? { name: nameOf.get(personId)! } : {}),
      ...(rec ? { formId: rec.formId, date: rec.visitDate } : ref ? { date: ref.referredAt } : {}),
    };
  });
  return { bundle, unexported: out, counts };
}

/** GET /api/fhir/bundle: one page of a desa-period's transaction Bundle. */
export async function exportPage(db: Db, env: Env, principal: Principal, args: ExportPageArgs, now = Date.now()): Promise<ExportPage> {
  const period = checkPeriod({ from: args.from, to: args.to });
  const limit = pageLimit(args.limit);
  if (args.cursor != null && !UUID_RE.test(args.cursor)) throw badRequest("invalid_cursor", "The cursor is not one this server issued; start again without it");
  const desa = await exportDesa(db, principal, args.desaCode);
  const { context, configured } = await exportContext(db, env, desa.code);
  const page = await loadPage(db, desa.code, period, args.cursor ?? null, limit);
  // Names of persons left out: only for who may read this desa's health data.
  const names = can(principal, "health:read", { areaCode: desa.code });
  const { bundle, unexported, counts } = mapPage(page, context, names);
  await audit(db, principal, {
    action: "fhir.export", entity: "area", entityId: desa.code,
    details: { from: period.from, to: period.to, cursor: args.cursor ?? null, persons: page.persons.length, entries: bundle.entry?.length ?? 0, unexported: unexported.length, configured },
  }, now);
  return {
    desa, period, organizationId: context.organizationId, organizationConfigured: configured,
    bundle, unexported, counts, persons: page.persons.length, nextCursor: page.nextCursor,
  };
}
