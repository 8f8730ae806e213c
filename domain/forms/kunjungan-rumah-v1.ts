import { opt, refer, t, YES_NO_NA } from "./common.ts";
import type { Condition, Field, FormDefinition, Text } from "./types.ts";

/**
 * Kunjungan rumah: a kader's (or bidan's) home visit, recorded on the person visited. With
 * "pendataan keluarga" it also holds the 12 PIS-PK family indicators (Permenkes 39/2016
 * Pedoman Penyelenggaraan Program Indonesia Sehat dengan Pendekatan Keluarga), answered ya /
 * tidak / tidak berlaku; domain/rules/iks.ts turns them into the IKS.
 */

/** The 12 indicators in the order of Permenkes 39/2016; the same keys as `household.pisPk` (domain/entities/schemas.ts). */
export const PIS_PK_LABELS: readonly { id: string; label: Text }[] = [
  { id: "kb", label: t("Keluarga mengikuti program KB", "The family uses family planning") },
  { id: "persalinan_faskes", label: t("Ibu bersalin di fasilitas kesehatan", "The mother gave birth at a health facility") },
  { id: "imunisasi_dasar", label: t("Bayi mendapat imunisasi dasar lengkap", "The baby has complete basic immunisation") },
  { id: "asi_eksklusif", label: t("Bayi mendapat ASI eksklusif", "The baby was exclusively breastfed") },
  { id: "pemantauan_balita", label: t("Balita mendapat pemantauan pertumbuhan", "The under-five's growth is monitored") },
  { id: "tb_berobat", label: t("Penderita TB paru berobat sesuai standar", "A TB patient is treated to standard") },
  { id: "hipertensi_berobat", label: t("Penderita hipertensi berobat teratur", "A person with hypertension is treated regularly") },
  { id: "gangguan_jiwa_berobat", label: t("Penderita gangguan jiwa berat diobati dan tidak ditelantarkan", "A person with severe mental illness is treated and not neglected") },
  { id: "tidak_merokok", label: t("Tidak ada anggota keluarga yang merokok", "No family member smokes") },
  { id: "jkn", label: t("Keluarga menjadi anggota JKN", "The family is a JKN member") },
  { id: "air_bersih", label: t("Keluarga punya akses air bersih", "The family has access to clean water") },
  { id: "jamban_sehat", label: t("Keluarga punya akses atau memakai jamban sehat", "The family has or uses a healthy latrine") },
];

/** The answer key of an indicator: "pispk_kb". */
export const pisPkField = (indicator: string) => `pispk_${indicator}`;

const dataKeluarga: Condition = { field: "alasan", op: "includes", value: "pendataan_keluarga" };
const referTo = (where: string): Condition => ({ field: "rujukan", op: "eq", value: where });

export const KUNJUNGAN_RUMAH_V1: FormDefinition = {
  id: "kunjungan-rumah",
  version: 1,
  title: t("Kunjungan rumah", "Home visit"),
  // Home visits serve every cluster; the family data (PIS-PK, IKS) is Klaster 1's (data and PWS).
  cluster: 1,
  sections: [
    {
      id: "kunjungan",
      title: t("Kunjungan", "Visit"),
      fields: [
        {
          id: "alasan", type: "multi", required: true, label: t("Alasan kunjungan", "Reason for the visit"),
          options: [
            opt("tidak_datang_posyandu", "Tidak datang ke posyandu", "Missed the posyandu"),
            opt("risiko_tinggi", "Sasaran risiko tinggi", "High-risk person"),
            opt("tindak_lanjut", "Tindak lanjut (rujukan, hasil pemeriksaan)", "Follow-up (referral, results)"),
            opt("pendataan_keluarga", "Pendataan kesehatan keluarga (PIS-PK)", "Family health data (PIS-PK)"),
          ],
        },
        { id: "bertemu", type: "yesno", required: true, label: t("Bertemu dengan orang yang dikunjungi?", "Met the person visited?") },
        { id: "temuan", type: "text", maxLength: 1000, multiline: true, label: t("Temuan", "Findings") },
        {
          id: "edukasi", type: "multi", label: t("Edukasi yang diberikan", "Education given"),
          options: [
            opt("gizi", "Gizi dan makanan anak (PMBA)", "Nutrition and child feeding"),
            opt("asi", "ASI eksklusif", "Exclusive breastfeeding"),
            opt("imunisasi", "Imunisasi", "Immunisation"),
            opt("kia", "Tanda bahaya kehamilan, nifas, bayi", "Danger signs in pregnancy, postpartum, newborn"),
            opt("kb", "KB", "Family planning"),
            opt("phbs", "Cuci tangan dan PHBS", "Hand washing and hygiene"),
            opt("stbm", "Jamban dan air bersih (STBM)", "Latrine and clean water (STBM)"),
            opt("tb", "TBC dan minum obat", "TB and treatment"),
            opt("ptm", "Tekanan darah, gula, rokok (PTM)", "Blood pressure, sugar, smoking (NCD)"),
            opt("jiwa", "Kesehatan jiwa", "Mental health"),
            opt("posyandu", "Jadwal posyandu / layanan pustu", "Posyandu / pustu schedule"),
          ],
        },
        {
          id: "rujukan", type: "single", required: true, label: t("Rujukan", "Referral"),
          options: [opt("tidak", "Tidak dirujuk", "Not referred"), opt("pustu", "Ke pustu", "To the pustu"), opt("puskesmas", "Ke puskesmas", "To the puskesmas"), opt("rumah_sakit", "Ke rumah sakit", "To hospital")],
        },
        {
          id: "alasan_rujukan", type: "text", maxLength: 300, required: true, showIf: { field: "rujukan", op: "in", value: ["pustu", "puskesmas", "rumah_sakit"] },
          label: t("Alasan rujukan", "Reason for referral"),
        },
      ],
    },
    {
      id: "pispk",
      title: t("12 indikator keluarga sehat (PIS-PK)", "The 12 healthy-family indicators (PIS-PK)"),
      fields: PIS_PK_LABELS.map((x, i): Field => ({
        id: pisPkField(x.id), type: "single", required: true, showIf: dataKeluarga,
        label: t(`${i + 1}. ${x.label.id}`, `${i + 1}. ${x.label.en}`), options: YES_NO_NA,
      })),
    },
  ],
  flags: [
    refer("rujuk_pustu", referTo("pustu"), t("Kader merujuk ke pustu", "The kader referred to the pustu"),
      t("Pastikan sasaran datang ke pustu dalam 3 hari.", "Make sure the person reaches the pustu within 3 days."), "pustu"),
    refer("rujuk_puskesmas", referTo("puskesmas"), t("Kader merujuk ke puskesmas", "The kader referred to the puskesmas"),
      t("Pastikan sasaran datang ke puskesmas dalam 3 hari.", "Make sure the person reaches the puskesmas within 3 days.")),
    refer("rujuk_rumah_sakit", referTo("rumah_sakit"), t("Kader merujuk ke rumah sakit", "The kader referred to hospital"),
      t("Bantu transportasi dan kabari bidan desa hari ini.", "Help with transport and tell the village midwife today."), "rumah_sakit"),
  ],
};
