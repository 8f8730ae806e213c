/**
 * Strings of the SATUSEHAT send panel (issue 13, part 3; screens/interop/send.tsx). Kept out of the
 * main catalogue (id.ts/en.ts), which is in the first load: only the interop console's lazy chunk
 * imports this file. The server's error codes (satusehat_not_configured) are in the main catalogue.
 */
import { getLang } from "./index.ts";

export const sendId = {
  sendTitle: "Kirim ke SATUSEHAT",
  sendIntro: "Kirim kunjungan satu desa untuk bulan {month}. Yang sudah terkirim dan tidak berubah tidak dikirim lagi; yang gagal dikirim ulang.",
  sendDesa: "Desa",
  sendStatus: "Status",
  sendSent: "Terkirim",
  sendFailed: "Gagal",
  sendLastCode: "Jawaban terakhir",
  sendAction: "Kirim",
  sendActionOf: "Kirim {desa} bulan {month} ke SATUSEHAT",
  sendResend: "Kirim ulang",
  sendQueuedNote: "Pengiriman {desa} sudah diantrekan. Ponsel tetap bisa sinkron seperti biasa.",
  sendAlreadyQueued: "{desa} sedang dikirim; permintaan yang sama tidak diulang.",
  sendNotConfigured: "SATUSEHAT belum diatur untuk kecamatan ini: alamat server dan kredensial diatur oleh admin Simpul.",
  sendLoading: "Memuat status pengiriman…",
  sendReload: "Muat ulang",
  sendNeedsSignal: "Pengiriman perlu sinyal: status datang langsung dari server.",
  sendCounts: "{sent} terkirim, {unchanged} sudah ada, {failed} gagal, {unexported} tidak dapat diekspor",
  sendTotals: "Seluruh bulan: {sent} sumber data terkirim, {failed} gagal",
  sendStatus_none: "Belum dikirim",
  sendStatus_queued: "Dalam antrean",
  sendStatus_running: "Sedang dikirim",
  sendStatus_done: "Terkirim",
  sendStatus_failed: "Gagal",
  sendError_not_configured: "Belum diatur",
  sendError_auth_failed: "Kredensial ditolak SATUSEHAT",
  sendError_rejected: "Data ditolak SATUSEHAT",
  sendError_unavailable: "SATUSEHAT tidak menjawab; coba lagi nanti",
  sendError_forbidden: "Pengirim tidak lagi berwenang",
  sendError_export_failed: "Ekspor gagal",
  sendError_other: "Kesalahan lain: {code}",
  sendHttp: "HTTP {status}",
  sendNoAnswer: "tanpa jawaban",
};

export type SendKey = keyof typeof sendId;

export const sendEn: Record<SendKey, string> = {
  sendTitle: "Send to SATUSEHAT",
  sendIntro: "Send one village's visits for {month}. What was sent and has not changed is not sent again; what failed is sent again.",
  sendDesa: "Village",
  sendStatus: "Status",
  sendSent: "Sent",
  sendFailed: "Failed",
  sendLastCode: "Last answer",
  sendAction: "Send",
  sendActionOf: "Send {desa} for {month} to SATUSEHAT",
  sendResend: "Send again",
  sendQueuedNote: "Sending {desa} is queued. Phones keep syncing as usual.",
  sendAlreadyQueued: "{desa} is being sent; the same request is not repeated.",
  sendNotConfigured: "SATUSEHAT is not set up for this subdistrict: the Simpul administrator sets the server addresses and credentials.",
  sendLoading: "Loading the send status…",
  sendReload: "Reload",
  sendNeedsSignal: "Sending needs a signal: the status comes straight from the server.",
  sendCounts: "{sent} sent, {unchanged} already there, {failed} failed, {unexported} not exportable",
  sendTotals: "All months: {sent} resources sent, {failed} failed",
  sendStatus_none: "Not sent",
  sendStatus_queued: "Queued",
  sendStatus_running: "Sending",
  sendStatus_done: "Sent",
  sendStatus_failed: "Failed",
  sendError_not_configured: "Not set up",
  sendError_auth_failed: "Credentials refused by SATUSEHAT",
  sendError_rejected: "Data refused by SATUSEHAT",
  sendError_unavailable: "SATUSEHAT did not answer; try again later",
  sendError_forbidden: "The sender is no longer allowed",
  sendError_export_failed: "Export failed",
  sendError_other: "Other error: {code}",
  sendHttp: "HTTP {status}",
  sendNoAnswer: "no answer",
};

/** A string of this panel in the current language (placeholders `{name}`, as `t`). */
export function ts(key: SendKey, params?: Record<string, string | number>): string {
  const s = (getLang() === "en" ? sendEn : sendId)[key] ?? sendId[key];
  return params ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : s;
}

/** A job status code in words. */
export function statusText(status: string | null): string {
  const key = `sendStatus_${status ?? "none"}` as SendKey;
  return key in sendId ? ts(key) : ts("sendError_other", { code: String(status) });
}

/** A job's error code in words; an unknown code is said as "other error", never raw alone. */
export function jobErrorText(code: string): string {
  const key = `sendError_${code}` as SendKey;
  return key in sendId ? ts(key) : ts("sendError_other", { code });
}

/** A job's last answer in a few words: its error, else its last HTTP status ("—" before any). */
export function lastAnswer(job: { errorCode: string | null; lastHttpStatus: number | null } | null): string {
  if (!job) return "—";
  const http = job.lastHttpStatus === null ? null : job.lastHttpStatus === 0 ? ts("sendNoAnswer") : ts("sendHttp", { status: job.lastHttpStatus });
  if (job.errorCode) return http ? `${jobErrorText(job.errorCode)} (${http})` : jobErrorText(job.errorCode);
  return http ?? "—";
}
