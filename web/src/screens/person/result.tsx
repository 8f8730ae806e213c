import type { Derived } from "../../../../domain/rules/derive.ts";
import type { Referral } from "../../clinical.ts";
import { getLang, t, type MessageKey } from "../../i18n/index.ts";
import { app, useData } from "../../state.ts";
import { Badge } from "../../components/ui.tsx";
import type { VisitRecord } from "../../util/people.ts";

const Z_LABEL: Record<string, string> = { wfa: "BB/U", lhfa: "PB/U", wflh: "BB/PB", bmifa: "IMT/U", hcfa: "LK/U", acfa: "LiLA/U" };

/** The z-scores as the worker will store them: one line, two decimals. */
export function GrowthSummary({ derived, plain }: { derived: Derived; plain?: boolean }) {
  const g = derived.growth!;
  const z = Object.entries(g.zscores).filter(([, v]) => v !== null);
  if (z.length === 0 && g.errors.length === 0) return null;
  const lang = getLang();
  return (
    <section class={plain ? undefined : "card"} data-testid="growth-z">
      {z.length > 0 && (
        <p>
          {z.map(([k, v], i) => (
            <span key={k}>
              {i > 0 ? " · " : ""}
              {Z_LABEL[k] ?? k} <strong data-z={k}>{(v as number).toFixed(2).replace(".", lang === "id" ? "," : ".")}</strong>
            </span>
          ))}
          {g.nt && <> · N/T <strong>{g.nt}</strong></>}
        </p>
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
export function ResultPanel({ record }: { record: { id: string; data: VisitRecord } }) {
  const lang = getLang();
  const { data: referrals } = useData(async () => (await app.store.list<Referral>("referral")).filter((r) => r.data.recordId === record.id), [record.id]);
  const derived = record.data.derived as Derived | null | undefined;
  if (!derived || !Array.isArray(derived.flags)) return null;
  return (
    <section class="card flags-box" data-testid="result" aria-live="polite">
      <h2>{t("resultTitle")}</h2>
      {derived.growth && <GrowthSummary derived={derived} plain />}
      {derived.flags.length === 0 && <p>{t("resultNone")}</p>}
      {derived.flags.map((f) => (
        <div key={f.id} class="result-flag" data-flag={f.id}>
          <p>
            <Badge kind={f.severity === "refer" ? "danger" : "warn"}>{f.severity === "refer" ? t("flagsRefer") : t("flagsRisk")}</Badge> <strong>{f.label[lang]}</strong>
          </p>
          <p>{t("resultNext")} {f.action[lang]}</p>
        </div>
      ))}
      {referrals?.map((r) => (
        <p key={r.id} data-referral={r.id} data-testid="result-referral">
          <Badge kind="danger">{t("flagsRefer")}</Badge> <strong>{t("resultReferral", { dest: t(`dest_${r.data.destination}` as MessageKey) })}</strong>
          <br />
          <small>{r.data.reasonText}</small>
        </p>
      ))}
    </section>
  );
}
