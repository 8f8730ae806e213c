import type { Derived } from "../../../../domain/rules/derive.ts";
import type { Referral } from "../../clinical.ts";
import { getLang, t, type MessageKey } from "../../i18n/index.ts";
import { app, useData } from "../../state.ts";
import { Badge } from "../../components/ui.tsx";
import { formatZ, growthLines, ntWords } from "../../util/growth-words.ts";
import { referralReason } from "../../util/referral-words.ts";
import { flagBadgeKind, flagBadgeWord } from "../../util/flag-badge.ts";
import type { VisitRecord } from "../../util/people.ts";

/** The measured indices as status words with their z-scores (two decimals, as the worker stores them), and N/T. */
export function GrowthSummary({ derived, plain }: { derived: Derived; plain?: boolean }) {
  const g = derived.growth!;
  const z = Object.entries(g.zscores).filter(([, v]) => v !== null);
  if (z.length === 0 && g.errors.length === 0) return null;
  const lang = getLang();
  return (
    <section class={plain ? undefined : "card"} data-testid="growth-z">
      {z.length > 0 && (
        <ul class="growth-lines" data-testid="growth-status">
          {/* Status words as the KMS names them (domain/growth/status.ts), the z-score beside. */}
          {growthLines(g).map((l) => (
            <li key={l.indicator} data-status={l.status ?? ""}>
              {l.index}: {l.word && <strong>{l.word}</strong>} (<span data-z={l.indicator}>{formatZ(l.z)}</span>)
            </li>
          ))}
          {g.nt && <li data-nt={g.nt}>{t("growthNt", { nt: ntWords(g.nt) })}</li>}
        </ul>
      )}
      {g.errors.map((e) => (
        <p key={e.code + (e.field ?? "")} class="error">{e.message[lang]}</p>
      ))}
    </section>
  );
}

/**
 * After saving a visit (#/person/<id>?hasil=<recordId>): each finding in plain words, what to do
 * next, and the referral made. Reads what was stored: the record's derivation and its referrals.
 */
export function ResultPanel({ record }: { record: { id: string; data: VisitRecord; status?: "synced" | "pending" | "rejected" } }) {
  const lang = getLang();
  const { data: referrals } = useData(async () => (await app.store.list<Referral>("referral")).filter((r) => r.data.recordId === record.id), [record.id]);
  const derived = record.data.derived as Derived | null | undefined;
  if (!derived || !Array.isArray(derived.flags)) return null;
  return (
    <section class="card flags-box" data-testid="result" aria-live="polite">
      <h2>{t("resultTitle")}</h2>
      {/* The confirmation lives in the panel: a floating "saved" toast covered this result (issue 12). */}
      {record.status !== "rejected" && <p class="ok-text" data-testid="result-saved">{t(record.status === "synced" ? "savedSent" : "savedOffline")}</p>}
      {derived.growth && <GrowthSummary derived={derived} plain />}
      {derived.flags.length === 0 && <p>{t("resultNone")}</p>}
      {derived.flags.map((f) => (
        <div key={f.id} class="result-flag" data-flag={f.id} data-colour={f.colour ?? ""}>
          <p>
            <Badge kind={flagBadgeKind(f)}>{flagBadgeWord(f)}</Badge> <strong>{f.label[lang]}</strong>
          </p>
          <p>{t("resultNext")} {f.action[lang]}</p>
        </div>
      ))}
      {referrals?.map((r) => (
        <p key={r.id} data-referral={r.id} data-testid="result-referral">
          <Badge kind="danger">{t("flagsRefer")}</Badge> <strong>{t("resultReferral", { dest: t(`dest_${r.data.destination}` as MessageKey) })}</strong>
          <br />
          <small>{referralReason(r.data, record)}</small>
        </p>
      ))}
    </section>
  );
}
