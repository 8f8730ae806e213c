/**
 * The administration screens' rules that need no DOM: the server's refusals placed next to the
 * fields they concern, in the catalogue's words; a code's countdown; the WhatsApp share link.
 * test/web/admin.test.ts tests them.
 */
import { ROLE_AREA_LEVEL, type Role } from "../../../../domain/access/policy.ts";
import { ENROLLMENT_CODE_TTL_MS } from "../../../../domain/util/codes.ts";
import { ta, type AdminKey } from "../../i18n/admin-console.ts";
import { serverError, t } from "../../i18n/index.ts";
import { TransportError } from "../../sync/transport.ts";

export interface FormErrors {
  /** Field name (as the API names it: name, role, areaCode, dusunId, officeId, active) → message. */
  fields: Record<string, string>;
  /** A message that belongs to no one field. */
  general: string | null;
}

interface Issue {
  path?: unknown;
  code?: unknown;
}

/** One zod issue in words: the catalogue's `admIssue_<code>`, else the generic validation text. */
function issueText(code: unknown): string {
  const key = `admIssue_${String(code)}` as AdminKey;
  return typeof code === "string" && key in ISSUE_KEYS ? ta(key) : t("err_validation_failed");
}
const ISSUE_KEYS: Record<string, true> = {
  admIssue_too_big: true, admIssue_too_small: true, admIssue_invalid_format: true, admIssue_invalid_value: true, admIssue_invalid_type: true, admIssue_unrecognized_keys: true,
};

/**
 * Where the server's answer goes on the form. The API says which field a refusal concerns in
 * `details.field` (a rule: unknown area, dusun of another desa, a role bound to another level) or
 * in `details.issues[].path` (the request's shape); every code is put in words by the catalogue,
 * never shown raw. Anything else is a general message above the buttons.
 */
export function formErrors(e: unknown): FormErrors {
  if (!(e instanceof TransportError)) return { fields: {}, general: serverError("local_error", e instanceof Error ? e.message : String(e)) };
  if (e.isNetwork) return { fields: {}, general: ta("admOffline") };
  const details = (e.details ?? {}) as { field?: unknown; issues?: unknown };
  const fields: Record<string, string> = {};
  let unplaced: string | null = null;
  if (Array.isArray(details.issues)) {
    for (const issue of details.issues as Issue[]) {
      const path = typeof issue.path === "string" ? issue.path.split(".")[0]! : "";
      if (!path) unplaced ??= issueText(issue.code);
      else if (!(path in fields)) fields[path] = issueText(issue.code);
    }
  }
  if (typeof details.field === "string") fields[details.field] = serverError(e.code, e.message);
  return { fields, general: unplaced ?? (Object.keys(fields).length ? null : serverError(e.code, e.message)) };
}

/** The longest name the API takes for a user (worker/routes/admin.ts shortText(120)). */
export const MAX_USER_NAME = 120;
/** For dusun (domain/entities/schemas.ts dusun.name shortText(80)). */
export const MAX_DUSUN_NAME = 80;
/** For facilities and offices (shortText(120)). */
export const MAX_PLACE_NAME = 120;

export function nameProblem(name: string, max: number): string | null {
  const n = name.trim();
  if (!n) return ta("admNameRequired");
  if (n.length > max) return ta("admTooLong", { max });
  return null;
}

export interface NewUserDraft {
  name: string;
  role: Role | "";
  areaCode: string;
  dusunId: string;
  officeId: string;
}

/** What the form can tell before asking the server (the server checks it all again). */
export function newUserProblems(d: NewUserDraft): Record<string, string> {
  const out: Record<string, string> = {};
  const name = nameProblem(d.name, MAX_USER_NAME);
  if (name) out.name = name;
  if (!d.role) out.role = ta("admRequired");
  if (!d.areaCode) out.areaCode = ta("admRequired");
  if (d.role === "mitra" && !d.officeId) out.officeId = ta("admRequired");
  return out;
}

/** The request body of POST /api/admin/users for a draft: only the fields its role uses. */
export function newUserBody(d: NewUserDraft) {
  return {
    name: d.name.trim(),
    role: d.role,
    areaCode: d.areaCode,
    ...(d.role === "kader" && d.dusunId ? { dusunId: d.dusunId } : {}),
    ...(d.role === "mitra" ? { officeId: d.officeId } : {}),
  };
}

/** The area level a role is bound to: the form offers only areas of that level. */
export const levelOf = (role: Role) => ROLE_AREA_LEVEL[role];

// --- enrollment codes ---

export interface Countdown {
  expired: boolean;
  /** Milliseconds left, 0 once expired. */
  leftMs: number;
  /** "71 jam 59 menit", under an hour "12 menit 5 detik". */
  text: string;
}

export function countdown(expiresAt: string | number, now: number): Countdown {
  const end = typeof expiresAt === "number" ? expiresAt : Date.parse(expiresAt);
  const leftMs = Math.max(0, end - now);
  if (!Number.isFinite(end) || leftMs === 0) return { expired: true, leftMs: 0, text: ta("admCodeExpired") };
  const s = Math.floor(leftMs / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const text = h > 0 ? ta("admHours", { h, m }) : ta("admMinutes", { m, s: s % 60 });
  return { expired: false, leftMs, text };
}

/** How long a fresh code lives: the bar under the countdown is drawn against it. */
export const CODE_TTL_MS = ENROLLMENT_CODE_TTL_MS;

/** The deadline as a bidan reads it: "Kamis, 5 Desember 2026 15.49 WIB"-like, in Bahasa Indonesia. */
export function untilText(expiresAt: string, timeZone?: string): string {
  return new Date(expiresAt).toLocaleString("id-ID", { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short", ...(timeZone ? { timeZone } : {}) });
}

/**
 * The WhatsApp message with a code, always in Bahasa Indonesia (it goes to the new user, whatever
 * language the administrator's screen is in). It carries the code, the app's address and the
 * deadline: no name, no area, nothing about anyone's health.
 */
export function shareText(code: string, appUrl: string, until: string): string {
  return (
    `Kode pendaftaran Simpul Anda: ${code}\n` +
    `Buka ${appUrl} di ponsel, masukkan kode ini, lalu buat PIN.\n` +
    `Berlaku sampai ${until}. Kode hanya bisa dipakai sekali; jangan teruskan kepada orang lain.`
  );
}

/** A wa.me link that opens WhatsApp with the message ready and lets the sender pick the contact. */
export function waLink(text: string): string {
  return `https://wa.me/?text=${encodeURIComponent(text)}`;
}

/** The app's address to enroll at: this page's origin and path, without the hash route. */
export function appUrl(loc: { origin: string; pathname: string }): string {
  return loc.origin + loc.pathname.replace(/index\.html$/, "");
}
