/**
 * Strings of the SATUSEHAT export panel (issue 13, web/src/screens/interop/fhir.tsx). Kept out of
 * the main catalogue (id.ts/en.ts, the first load): only the interop console's lazy chunk imports
 * this file, as i18n/pws.ts for the PWS. Server error codes stay in the main catalogue.
 */
import { getLang } from "./index.ts";

export const fhirId = {
  fhirTitle: "Kirim ke SATUSEHAT (FHIR R4)",
  fhirIntro: "Data kunjungan yang sudah dicatat di Simpul, sebagai Bundle transaksi FHIR R4 per desa: tidak perlu diketik ulang. Hanya warga yang mendapat layanan pada periode ini.",
  fhirPeriod: "Periode",
  fhirPeriodMonth: "Satu bulan",
  fhirPeriodYear: "Satu tahun",
  fhirMonth: "Bulan",
  fhirYear: "Tahun",
  fhirKecamatan: "Kecamatan",
  fhirPickKecamatan: "Pilih kecamatan",
  fhirDesa: "Desa",
  fhirPatients: "Pasien",
  fhirEncounters: "Kunjungan",
  fhirObservations: "Pemeriksaan",
  fhirOthers: "Lainnya",
  fhirUnexported: "Tidak terekspor",
  fhirTotal: "Total",
  fhirDownload: "Unduh",
  fhirDownloadOf: "Unduh Bundle {desa}",
  fhirDownloading: "Mengunduh halaman {page}… ({entries} entri)",
  fhirDownloaded: "{desa}: {entries} entri dalam {pages} halaman, berkas {file}.",
  fhirNoneInPeriod: "Tidak ada layanan tercatat di desa ini pada periode ini.",
  fhirNotConfigured: "SATUSEHAT belum dikonfigurasi untuk kecamatan ini: Bundle memakai kode fasilitas Simpul sebagai Organization dan belum bisa dikirim. Minta admin mengisi SATUSEHAT_CREDENTIALS.",
  fhirUnexportedOf: "Tidak terekspor dari {desa} ({count})",
  fhirUnexportedHelp: "Lengkapi NIK warga ini (atau NIK ibu untuk bayi) di Simpul, lalu unduh lagi. Data yang sudah terkirim tidak akan tercatat dua kali.",
  fhirUnexportedNone: "Semua data periode ini bisa diekspor.",
  fhirNoName: "(nama tidak ditampilkan)",
  fhirReason_no_nik: "Belum ada NIK (dan tidak ada NIK ibu untuk bayi)",
  fhirReason_patient_not_exported: "Pasien tidak terekspor (tanpa NIK)",
  fhirReason_no_mapping: "Formulir ini belum punya pemetaan FHIR",
  fhirReason_other: "Alasan lain: {code}",
  fhirEntity_person: "Warga",
  fhirEntity_record: "Kunjungan",
  fhirEntity_referral: "Rujukan",
  fhirLoading: "Menghitung isi ekspor…",
  fhirReload: "Muat ulang",
  fhirNeedsSignal: "Ekspor membutuhkan sinyal: data diambil langsung dari server.",
  fhirRestart: "Unduhan terputus di tengah jalan. Mulai unduh lagi dari awal.",
};

export type FhirKey = keyof typeof fhirId;

export const fhirEn: Record<FhirKey, string> = {
  fhirTitle: "Send to SATUSEHAT (FHIR R4)",
  fhirIntro: "Visits already recorded in Simpul, as a FHIR R4 transaction Bundle per village: nothing to type again. Only residents who received a service in the period.",
  fhirPeriod: "Period",
  fhirPeriodMonth: "One month",
  fhirPeriodYear: "One year",
  fhirMonth: "Month",
  fhirYear: "Year",
  fhirKecamatan: "Subdistrict",
  fhirPickKecamatan: "Choose a subdistrict",
  fhirDesa: "Village",
  fhirPatients: "Patients",
  fhirEncounters: "Visits",
  fhirObservations: "Observations",
  fhirOthers: "Other",
  fhirUnexported: "Not exported",
  fhirTotal: "Total",
  fhirDownload: "Download",
  fhirDownloadOf: "Download the Bundle of {desa}",
  fhirDownloading: "Downloading page {page}… ({entries} entries)",
  fhirDownloaded: "{desa}: {entries} entries in {pages} pages, file {file}.",
  fhirNoneInPeriod: "No service recorded in this village in this period.",
  fhirNotConfigured: "SATUSEHAT is not configured for this subdistrict: the Bundle uses Simpul's facility code as its Organization and cannot be sent yet. Ask the administrator to set SATUSEHAT_CREDENTIALS.",
  fhirUnexportedOf: "Not exported from {desa} ({count})",
  fhirUnexportedHelp: "Add this resident's NIK (or the mother's NIK for an infant) in Simpul, then download again. Data already sent is not recorded twice.",
  fhirUnexportedNone: "Everything in this period can be exported.",
  fhirNoName: "(name not shown)",
  fhirReason_no_nik: "No NIK yet (and no mother's NIK for an infant)",
  fhirReason_patient_not_exported: "Patient not exported (no NIK)",
  fhirReason_no_mapping: "This form has no FHIR mapping yet",
  fhirReason_other: "Other reason: {code}",
  fhirEntity_person: "Resident",
  fhirEntity_record: "Visit",
  fhirEntity_referral: "Referral",
  fhirLoading: "Counting what the export holds…",
  fhirReload: "Reload",
  fhirNeedsSignal: "The export needs a signal: data comes straight from the server.",
  fhirRestart: "The download broke off part-way. Start it again from the beginning.",
};

/** A string of this panel in the current language (placeholders `{name}`, as `t`). */
export function tf(key: FhirKey, params?: Record<string, string | number>): string {
  const s = (getLang() === "en" ? fhirEn : fhirId)[key] ?? fhirId[key];
  return params ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : s;
}

/** The words of an unexported reason code; an unknown code is said as "other reason", never raw alone. */
export function reasonText(code: string): string {
  const key = `fhirReason_${code}` as FhirKey;
  return key in fhirId ? tf(key) : tf("fhirReason_other", { code });
}
