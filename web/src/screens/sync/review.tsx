import { useState } from "preact/hooks";
import { can, type Principal } from "../../../../domain/access/policy.ts";
import { ENTITY_DOMAIN } from "../../../../domain/entities/enums.ts";
import type { OpenConflict } from "../../../../domain/sync/protocol.ts";
import { formatRelative, locale, t, type MessageKey } from "../../i18n/index.ts";
import { app, dataChanged, toast } from "../../state.ts";
import type { View } from "../../store/local.ts";
import { Button } from "../../components/ui.tsx";
import { useForms, type FormsApi as FormsModule } from "../../forms-loader.ts";
import { fieldLabel, valueWords, type AnswerField } from "../../util/conflict-words.ts";

/** A visit's answer field, from the row's form definition (null until the forms chunk loads). */
function answerField(forms: FormsModule | null, row: View, key: string): { field: AnswerField | null } {
  const def = forms && typeof row.data.formId === "string" ? forms.getForm(row.data.formId, Number(row.data.formVersion)) : undefined;
  return { field: (def && (forms!.fieldById(def, key) as AnswerField | undefined)) ?? null };
}


/** For a value that is a map (a visit's answers), only the keys on which the two differ. */
function differences(a: unknown, b: unknown): { key: string; a: unknown; b: unknown }[] | null {
  if (!a || !b || typeof a !== "object" || typeof b !== "object" || Array.isArray(a) || Array.isArray(b)) return null;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return [...new Set([...Object.keys(x), ...Object.keys(y)])]
    .filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]))
    .map((k) => ({ key: k, a: x[k], b: y[k] }));
}

/** "2 Des 2026 14.05": when a value was entered, beside how long ago. */
const formatDateTime = (ms: number) => new Date(ms).toLocaleString(locale(), { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });

function principal(): Principal | null {
  const u = app.session?.user;
  return u ? { userId: u.id, role: u.role, areaCode: u.areaCode, dusunId: u.dusunId, officeId: u.officeId } : null;
}

/** Whether this user may settle a conflict on this row: the same policy the server applies (domain/access). */
function mayEdit(v: View): boolean {
  const p = principal();
  const domain = ENTITY_DOMAIN[v.entity];
  return !!p && domain !== "reference" && can(p, domain === "lintas" ? "lintas:write" : "health:write");
}

function Side({ label, value, by, at, diff, words }: { label: string; value: unknown; by: OpenConflict["serverBy"]; at: number | null; diff: { key: string; value: unknown }[] | null; words: (v: unknown, key?: string) => { label?: string; value: string } }) {
  return (
    <div class="side">
      <p>
        <strong>{label}</strong>
        {by && at !== null ? <small class="muted"> · {t("reviewBy", { name: by.name ?? t("reviewUnknownUser"), when: `${formatDateTime(at)} (${formatRelative(at)})` })}</small> : null}
      </p>
      {diff ? (
        <ul class="kv">{diff.map((d) => { const w = words(d.value, d.key); return <li key={d.key} data-key={d.key}>{w.label}: <strong>{w.value}</strong></li>; })}</ul>
      ) : (
        <p class="value" data-testid="review-value"><strong>{words(value).value}</strong></p>
      )}
    </div>
  );
}

/** One open conflict: both values with who sent each and when; pick one, or type another. */
function ConflictChoice({ row, c, allowed }: { row: View; c: OpenConflict; allowed: boolean }) {
  const [typed, setTyped] = useState("");
  const forms = useForms(row.entity === "record" && typeof row.data.formId === "string" ? [{ formId: row.data.formId, formVersion: Number(row.data.formVersion) }] : []);
  const diff = differences(c.serverValue, c.clientValue);
  // Both values in words: a visit's answers by their form labels and option labels, other fields from the catalogue.
  const words = (v: unknown, key?: string) =>
    key !== undefined && row.entity === "record" && c.field === "data"
      ? { label: fieldLabel(row.entity, c.field, answerField(forms, row, key)), value: valueWords(row.entity, c.field, v, answerField(forms, row, key)) }
      : { value: valueWords(row.entity, c.field, v) };
  const settle = async (value: unknown) => {
    await app.store.resolve(row.entity, row.id, { [c.field]: value }, [c.id]);
    toast(t("reviewSaved"));
    dataChanged();
    void app.engine.notifySaved();
  };
  const scalar = diff === null && (typeof c.serverValue !== "object" || c.serverValue === null) && (typeof c.clientValue !== "object" || c.clientValue === null);
  return (
    <div class="conflict" data-testid="review-conflict">
      <p><strong data-field={c.field}>{fieldLabel(row.entity, c.field)}</strong></p>
      <Side label={t("reviewStored")} value={c.serverValue} by={c.serverBy} at={c.serverAt} diff={diff?.map((d) => ({ key: d.key, value: d.a })) ?? null} words={words} />
      <Side label={t("reviewOther")} value={c.clientValue} by={c.clientBy} at={c.clientAt} diff={diff?.map((d) => ({ key: d.key, value: d.b })) ?? null} words={words} />
      {allowed ? (
        <>
          <div class="actions">
            <Button kind="secondary" onClick={() => void settle(c.serverValue)} data-testid="review-keep">{t("reviewKeep")}</Button>
            <Button kind="primary" onClick={() => void settle(c.clientValue)} data-testid="review-take">{t("reviewTake")}</Button>
          </div>
          {scalar && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (typed.trim()) void settle(typeof c.serverValue === "number" && !Number.isNaN(Number(typed.replace(",", "."))) ? Number(typed.replace(",", ".")) : typed.trim());
              }}
            >
              <label class="field">
                <span>{t("reviewTypeLabel")}</span>
                <input name={`review-${c.id}`} value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
              </label>
              <Button type="submit" kind="secondary" disabled={!typed.trim()}>{t("reviewSaveTyped")}</Button>
            </form>
          )}
        </>
      ) : (
        <p class="muted">{t("reviewNoRight")}</p>
      )}
    </div>
  );
}

/** Rows flagged after a conflict, from anyone in this phone's scope, with a way to settle each. */
export function Review({ rows }: { rows: View[] }) {
  const open = rows.filter((r) => r.conflicts.length > 0);
  if (open.length === 0) return null;
  return (
    <section data-testid="review">
      <h2>{t("reviewTitle")}</h2>
      <p class="muted">{t("reviewIntro")}</p>
      <ul class="list issues">
        {open.map((r) => (
          <li key={`${r.entity}:${r.id}`} class="issue">
            <p><strong>{t(`entity_${r.entity}` as MessageKey)}</strong>{typeof r.data.name === "string" ? ` · ${r.data.name}` : ""}</p>
            {r.conflicts.map((c) => <ConflictChoice key={c.id} row={r} c={c} allowed={mayEdit(r)} />)}
          </li>
        ))}
      </ul>
    </section>
  );
}
