import type { Text } from "../forms/types.ts";
import { addDays, formatDateEn, formatDateId } from "./dates.ts";
import { stableUuid } from "./hash.ts";
import { MTBS_FOLLOW_UP_DAYS } from "./mtbs.ts";
import type { PersonView, TaskRule } from "./tasks.ts";

/**
 * MTBS kunjungan ulang (issue 15): a yellow (kuning) classification is treated at the pustu and
 * the child comes back after the days the chart booklet gives per classification
 * (MTBS_FOLLOW_UP_DAYS, domain/rules/mtbs.ts). One task per MTBS visit with a yellow
 * classification, due at the earliest of its follow-up days (one visit re-checks them all), and
 * done by any later MTBS record of the child (the follow-up visit is entered with the same form).
 * A visit with a red (merah) classification makes no follow-up task: the child is referred
 * urgently and the referral task (rujukan, closed by the rujuk balik) follows it instead.
 */
export const mtbsFollowUpRule: TaskRule = {
  id: "mtbs.kunjungan_ulang",
  name: { id: "MTBS klasifikasi kuning → kunjungan ulang sesuai bagan", en: "IMCI yellow classification → follow-up visit as the chart says" },
  run(v: PersonView, emit) {
    let lastMtbs = "";
    for (const r of v.records) if (r.data.formId === "mtbs") lastMtbs = r.data.visitDate;
    if (!lastMtbs) return;
    v.records.forEach((r, i) => {
      const d = v.derived[i];
      if (r.data.formId !== "mtbs" || !d || r.data.visitDate < v.lookbackFrom) return;
      if (d.flags.some((f) => f.colour === "merah")) return;
      const yellow = d.flags.filter((f) => f.colour === "kuning" && f.id.startsWith("mtbs."));
      const days = yellow.map((f) => MTBS_FOLLOW_UP_DAYS[f.id.slice(5)]).filter((x): x is number => typeof x === "number");
      if (!days.length) return;
      const findings: Text = { id: yellow.map((f) => f.label.id).join("; "), en: yellow.map((f) => f.label.en).join("; ") };
      const p = v.person;
      emit({
        id: stableUuid(this.id, r.id), personId: p.id, ...(p.data.householdId ? { householdId: p.data.householdId } : {}),
        ruleId: this.id, kind: "kunjungan_ulang", assignee: "pustu",
        title: { id: `Kunjungan ulang MTBS: ${findings.id}`, en: `IMCI follow-up visit: ${findings.en}` },
        text: { code: "mtbs_follow_up", params: { findings, date: r.data.visitDate } },
        why: {
          id: `Aturan: ${this.name.id}. ${findings.id} pada MTBS tanggal ${formatDateId(r.data.visitDate)}.`,
          en: `Rule: ${this.name.en}. ${findings.en} at the IMCI visit of ${formatDateEn(r.data.visitDate)}.`,
        },
        sourceRecordId: r.id, dueDate: addDays(r.data.visitDate, Math.min(...days)), done: lastMtbs > r.data.visitDate,
      });
    });
  },
};
