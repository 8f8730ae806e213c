import { useEffect, useState } from "preact/hooks";
import { id, type MessageKey, type Messages } from "./id.ts";

export type Lang = "id" | "en";
/**
 * Bahasa Indonesia is in the first load; English is a lazy chunk (≈ 5 KB gzip) fetched when a
 * phone set to English opens, or at the switch in Settings (issue 14: the first load carries one
 * language). Until it arrives `t` answers in Indonesian, which every key has.
 */
const CATALOGUES: Partial<Record<Lang, Messages>> = { id };
/** Read synchronously at boot (IndexedDB is async and the first paint should be in the right language). */
const LANG_KEY = "simpul.lang";

let lang: Lang = readLang();
const listeners = new Set<() => void>();

function readLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === "en" ? "en" : "id";
  } catch {
    return "id";
  }
}

export function getLang(): Lang {
  return lang;
}

/** Fetch a language's catalogue if this page has not yet (boot awaits it for the saved language). */
export async function loadLang(l: Lang): Promise<void> {
  if (!CATALOGUES[l]) CATALOGUES[l] = (await import("./en.ts")).en;
}

/** Switch language; synchronous once the catalogue is loaded (boot loads the saved one). */
export function setLang(next: Lang): Promise<void> {
  if (!CATALOGUES[next]) return loadLang(next).then(() => setLang(next));
  lang = next;
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // Private mode: the choice lasts for this session only.
  }
  document.documentElement.lang = next;
  for (const fn of listeners) fn();
  return Promise.resolve();
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const s = CATALOGUES[lang]?.[key] ?? id[key];
  return params ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : s;
}

/**
 * Codes the phone itself gives a failed call (web/src/sync/http.ts, engine.ts): no network, an
 * unreadable answer, a local failure. `http_<status>` (an answer without an error body, from a
 * proxy) is said as err_http with the status.
 */
export const CLIENT_ERROR_CODES = ["network", "bad_response", "local_error"] as const;

/**
 * A server error code in words: the catalogue's `err_<code>` in the current language (every code
 * of domain/http/error-codes.ts has one: test/web/error-catalogue.test.ts). A code this version
 * does not know yet (a newer server) gets the generic text with the server's message, the only
 * words there are. Codes are mapped, never shown raw.
 */
export function serverError(code: string | undefined, message?: string): string {
  const key = `err_${code ?? ""}` as MessageKey;
  if (code && key in id) return t(key);
  const status = /^http_(\d{3})$/.exec(code ?? "");
  if (status) return t("err_http", { status: status[1]! });
  return t("err_generic", { message: message ?? code ?? "?" });
}

/** Re-render the caller when the language changes. */
export function useLang(): Lang {
  const [, force] = useState(0);
  useEffect(() => {
    const fn = () => force((n) => n + 1);
    listeners.add(fn);
    return () => void listeners.delete(fn);
  }, []);
  return lang;
}

export const locale = () => (lang === "id" ? "id-ID" : "en-GB");

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return t("none");
  const d = new Date(iso.length === 10 ? iso + "T00:00:00Z" : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale(), { day: "numeric", month: "short", year: "numeric", timeZone: iso.length === 10 ? "UTC" : undefined });
}

export function formatRelative(ms: number, now = Date.now()): string {
  const diff = Math.round((ms - now) / 1000);
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
  if (abs < 60) return rtf.format(diff, "second");
  if (abs < 3600) return rtf.format(Math.round(diff / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), "hour");
  return rtf.format(Math.round(diff / 86400), "day");
}

export function formatNumber(n: number): string {
  return n.toLocaleString(locale());
}

export type { MessageKey };
