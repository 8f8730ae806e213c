import { useMemo, useState } from "preact/hooks";
import { REFERRAL_OUTCOMES } from "../../../../domain/entities/enums.ts";
import type { Referral } from "../../clinical.ts";
import { formatDate, t, type MessageKey } from "../../i18n/index.ts";
import { app, dataChanged, toast, useData } from "../../state.ts";
import { Badge, Button, Choice, FieldShell, TextInput } from "../../components/ui.tsx";
import type { View } from "../../store/local.ts";
import { todayIso, type VisitRecord } from "../../util/people.ts";
import { referralReason } from "../../util/referral-words.ts";
import { isRealDate } from "../../util/validate.ts";

/** Rujuk balik: the outcome, a note and the date it came back. Saving it closes the referral. */
function OutcomeForm({ r, onDone }: { r: View<Referral>; onDone: () => void }) {
  const [outcome, setOutcome] = useState("");
  const [note, setNote] = useState("");
  const [date, setDate] = useState(todayIso());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!outcome) errs.outcome = t("required");
    if (!date) errs.date = t("required");
    else if (!isRealDate(date)) errs.date = t("v_date");
    else if (date > todayIso()) errs.date = t("v_future");
    else if (date < r.data.referredAt) errs.date = t("v_date");
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    await app.store.save("referral", r.id, { ...r.data, outcome, outcomeNote: note.trim() || null, outcomeAt: date });
    setBusy(false);
    dataChanged();
    void app.engine.notifySaved();
    toast(t("referralSaved"));
    onDone();
  };
  return (
    <form onSubmit={save} noValidate data-testid="referral-outcome-form">
      <Choice
        label={t("referralOutcome")}
        name={`outcome-${r.id}`}
        value={outcome}
        onValue={setOutcome}
        options={REFERRAL_OUTCOMES.map((o) => ({ value: o, label: t(`refOut_${o}` as MessageKey) }))}
        error={errors.outcome}
        required
      />
      <FieldShell id={`note-${r.id}`} label={t("referralOutcomeNote")} hint={t("optional")}>
        <textarea id={`note-${r.id}`} name="outcomeNote" rows={2} maxLength={1000} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      </FieldShell>
      <TextInput label={t("referralOutcomeDate")} type="date" name="outcomeAt" max={todayIso()} value={date} onValue={setDate} error={errors.date} required />
      <div class="actions">
        <Button type="submit" disabled={busy}>{busy ? t("saving") : t("save")}</Button>
        <Button kind="secondary" onClick={onDone}>{t("cancel")}</Button>
      </div>
    </form>
  );
}

/** The person's referrals, open first, each with its rujuk balik when it came back. */
export function Referrals({ personId, canWrite, records: given }: { personId: string; canWrite: boolean; records: View<VisitRecord>[] }) {
  // Through the byRef index: the person's referrals only, never every referral on the phone.
  const { data } = useData(() => app.store.listByRef<Referral>("referral", `person:${personId}`), [personId]);
  // The records the referrals came from (the person page has read them): their stored flags say the reason in the current language.
  const records = useMemo(() => new Map(given.map((r) => [r.id, r])), [given]);
  const [editing, setEditing] = useState<string | null>(null);
  if (!data || data.length === 0) return null;
  const list = [...data].sort((a, b) => Number(!!a.data.outcomeAt) - Number(!!b.data.outcomeAt) || b.data.referredAt.localeCompare(a.data.referredAt));
  return (
    <section data-testid="referrals">
      <h2>{t("referrals")}</h2>
      <ul class="list">
        {list.map((r) => (
          <li key={r.id} data-referral={r.id} class="pad-row">
            <p>
              <strong>{referralReason(r.data, r.data.recordId ? records.get(r.data.recordId) : null)}</strong>
              <br />
              <small class="muted">{t("referralTo", { dest: t(`dest_${r.data.destination}` as MessageKey), date: formatDate(r.data.referredAt) })}</small>
              <br />
              {r.data.outcomeAt ? (
                <Badge kind="ok">
                  {t("referralClosed", { date: formatDate(r.data.outcomeAt) })}
                  {r.data.outcome ? ` · ${t(`refOut_${r.data.outcome}` as MessageKey)}` : ""}
                </Badge>
              ) : (
                <Badge kind="warn">{t("referralOpen")}</Badge>
              )}
              {r.status !== "synced" && <> <Badge kind={r.status === "rejected" ? "danger" : "info"}>{t(r.status === "rejected" ? "status_rejected" : "status_pending")}</Badge></>}
            </p>
            {r.data.outcomeNote && <p class="muted">{r.data.outcomeNote}</p>}
            {canWrite && !r.data.outcomeAt && editing !== r.id && (
              <Button kind="secondary" onClick={() => setEditing(r.id)} data-testid="referral-record">{t("referralRecord")}</Button>
            )}
            {editing === r.id && <OutcomeForm r={r} onDone={() => setEditing(null)} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
