import { useEffect, useMemo, useState } from "preact/hooks";
import { activeFlags, FORM_ERROR_KEY, resolveAnswers, validateAnswers, isVisible } from "../../../../domain/forms/engine.ts";
import { currentFormMeta, formContext, formMeta } from "../../../../domain/forms/meta.ts";
import type { AnswerValue, Answers, Field, FormDefinition } from "../../../../domain/forms/types.ts";
import { useForm } from "../../forms-loader.ts";
import { mayEnterForm } from "../../../../domain/forms/roles.ts";
import { uuidv7 } from "../../../../domain/util/uuid.ts";
import { deriveRecord, referralsFromRecord, type Derived, type RecordEntity } from "../../../../domain/rules/index.ts";
import type { GrowthTables } from "../../../../domain/growth/load.ts";
import { GROWTH_FORMS, loadGrowth, saveRecordWithReferrals } from "../../clinical.ts";
import { personAfterVisit, visitPrefill } from "../../../../domain/rules/persalinan.ts";
import { GrowthSummary } from "../person/result.tsx";
import { formatDate, getLang, t, useLang } from "../../i18n/index.ts";
import { navigate } from "../../router.ts";
import { app, dataChanged, toast, useData } from "../../state.ts";
import { Badge, Button, Choice, FieldShell, Header, Loading, Screen, Select, TextInput } from "../../components/ui.tsx";
import { useDraft } from "../../util/draft.ts";
import { flagBadgeKind, flagBadgeWord } from "../../util/flag-badge.ts";
import { draftTitle } from "../../util/draft-title.ts";
import { todayIso, type Facility, type Person, type VisitRecord } from "../../util/people.ts";
import { isRealDate } from "../../util/validate.ts";
import { sectionStatus, type SectionStatus } from "../../util/sections.ts";

/**
 * The form renderer: draws any versioned form definition, keeps raw input in a draft as the
 * user types, and saves only answers that pass `validateAnswers` (the same check the server runs).
 */

/** Raw input: what the user typed, before parsing. Numbers stay strings so "23," is not lost mid-typing. */
type Raw = Record<string, string | string[] | boolean | undefined> & { visitDate?: string; facilityId?: string };

/** "23,5" and "23.5" both mean 23.5: Indonesian keyboards put a comma there. */
export function parseNumber(s: string): number | string {
  const norm = s.trim().replace(",", ".");
  if (norm === "") return "";
  return /^-?\d+(\.\d+)?$/.test(norm) ? Number(norm) : s;
}

function rawToAnswers(def: FormDefinition, raw: Raw): Answers {
  const out: Answers = {};
  for (const s of def.sections) {
    for (const f of s.fields) {
      const v = raw[f.id];
      if (v === undefined || v === "") continue;
      if (f.type === "number" && typeof v === "string") {
        const n = parseNumber(v);
        if (n !== "") out[f.id] = n as AnswerValue;
      } else out[f.id] = v as AnswerValue;
    }
  }
  return out;
}

function answersToRaw(answers: Record<string, AnswerValue>): Raw {
  const raw: Raw = {};
  for (const [k, v] of Object.entries(answers)) {
    if (typeof v === "number") raw[k] = String(v).replace(".", getLang() === "id" ? "," : ".");
    else if (v !== null) raw[k] = v;
  }
  return raw;
}

function FieldInput({ f, raw, set, error, computed }: { f: Field; raw: Raw; set: (patch: Raw) => void; error?: string; computed: Record<string, AnswerValue> }) {
  const lang = getLang();
  const label = f.label[lang];
  const hint = f.hint?.[lang];
  const value = raw[f.id];
  switch (f.type) {
    case "number":
      return (
        <TextInput
          label={`${label} (${f.unit})`}
          hint={hint}
          name={f.id}
          inputMode="decimal"
          value={typeof value === "string" ? value : ""}
          onValue={(x) => set({ [f.id]: x.replace(/[^\d.,-]/g, "") })}
          error={error}
          required={f.required}
          autoComplete="off"
        />
      );
    case "text":
      return (
        <FieldShell id={`f-${f.id}`} label={label} hint={hint} error={error} required={f.required}>
          <textarea id={`f-${f.id}`} name={f.id} rows={f.multiline ? 3 : 1} maxLength={f.maxLength} value={typeof value === "string" ? value : ""} onInput={(e) => set({ [f.id]: (e.target as HTMLTextAreaElement).value })} />
        </FieldShell>
      );
    case "date":
      return <TextInput label={label} hint={hint} name={f.id} type="date" value={typeof value === "string" ? value : ""} onValue={(x) => set({ [f.id]: x })} error={error} required={f.required} />;
    case "single":
      return <Choice label={label} hint={hint} name={f.id} value={typeof value === "string" ? value : ""} onValue={(x) => set({ [f.id]: x })} options={f.options.map((o) => ({ value: o.value, label: o.label[lang] }))} error={error} required={f.required} />;
    case "yesno":
      return (
        <Choice
          label={label}
          hint={hint}
          name={f.id}
          value={value === true ? "yes" : value === false ? "no" : ""}
          onValue={(x) => set({ [f.id]: x === "yes" })}
          options={[{ value: "yes", label: t("yes") }, { value: "no", label: t("no") }]}
          error={error}
          required={f.required}
        />
      );
    case "multi": {
      const list = Array.isArray(value) ? value : [];
      const toggle = (opt: string, on: boolean) => {
        let next = on ? [...list, opt] : list.filter((x) => x !== opt);
        // Picking "none" clears the others and the other way round: saves a validation round trip.
        if (on && f.exclusive) next = opt === f.exclusive ? [opt] : next.filter((x) => x !== f.exclusive);
        set({ [f.id]: next });
      };
      return (
        <fieldset class={"field choice" + (error ? " has-error" : "")} data-field={f.id}>
          <legend>
            {label}
            {f.required ? <span class="req" aria-hidden="true"> *</span> : null}
          </legend>
          {hint && <p class="hint">{hint}</p>}
          {f.options.map((o) => (
            <label key={o.value} class={"opt" + (list.includes(o.value) ? " on" : "")}>
              <input type="checkbox" name={f.id} value={o.value} checked={list.includes(o.value)} onChange={(e) => toggle(o.value, (e.target as HTMLInputElement).checked)} />
              <span>{o.label[lang]}</span>
            </label>
          ))}
          {error && <p class="error" role="alert">{error}</p>}
        </fieldset>
      );
    }
    case "computed": {
      const v = computed[f.id];
      const shown = v === undefined || v === null ? t("computedEmpty") : f.display.kind === "date" ? formatDate(String(v)) : `${String(v)} ${f.display.unit}`;
      return (
        <div class="field computed" data-field={f.id}>
          <span class="label">{label}</span>
          <output name={f.id}>{shown}</output>
        </div>
      );
    }
  }
}

export default function VisitForm({ personId, formId, recordId }: { personId: string | null; formId: string | null; recordId: string | null }) {
  useLang();
  const isNew = recordId === null;
  const newId = useMemo(() => recordId ?? uuidv7(), [recordId]);
  const { data } = useData(async () => {
    const rec = recordId ? await app.store.get<VisitRecord>("record", recordId) : undefined;
    const pid = rec?.data.personId ?? personId;
    const [person, facilities, history] = await Promise.all([
      pid ? app.store.get<Person>("person", pid) : undefined,
      app.store.list<Facility>("facility"),
      pid ? app.store.listByRef<VisitRecord>("record", `person:${pid}`) : [],
    ]);
    // The person's other records: N/T and 2T read earlier weighings; a lasting condition referred
    // in the last 90 days is not referred again (the same inputs the server uses).
    const others: RecordEntity[] = history.filter((x) => x.id !== recordId).map((x) => ({ id: x.id, data: x.data as unknown as RecordEntity["data"] }));
    return { rec, person, facilities, others };
  }, [recordId, personId]);
  // The definition's own chunk (issue 15): from the runtime cache offline, once the role's warm-up ran.
  const user = app.session!.user;
  // A form the role does not enter (a kader opening a pustu's MTBS record) is neither loaded nor
  // editable: the server would refuse the save (form_not_allowed) and what she typed would be lost.
  const wantedForm = data?.rec ? data.rec.data.formId : formId;
  const allowed = !wantedForm || mayEnterForm(user.role, wantedForm);
  const loaded = useForm(!allowed ? null : data?.rec ? { formId: data.rec.data.formId, formVersion: data.rec.data.formVersion } : formId && !recordId ? { formId } : null);
  const def: FormDefinition | undefined = loaded ?? undefined;
  const draftKey = isNew ? `visit:new:${personId}:${formId}` : `visit:${recordId}`;
  const lang = getLang();
  const initial = useMemo<Raw | undefined>(() => {
    if (!data) return undefined;
    if (data.rec) return { ...answersToRaw(data.rec.data.data), visitDate: data.rec.data.visitDate, facilityId: data.rec.data.facilityId ?? "" };
    const own = data.facilities.find((f) => f.data.kind === "pustu" && f.data.areaCode === user.areaCode);
    // A new nifas/neonatal visit starts from the recorded delivery / birth date (issue 15).
    const prefill = data.person && formId ? visitPrefill(formId, data.person.data, data.others.map(recordLike), todayIso()) : {};
    return { ...answersToRaw(prefill), visitDate: todayIso(), facilityId: own?.id ?? "" };
  }, [data]);
  const title = def ? `${def.title[lang]} · ${data?.person?.data.name ?? ""}` : "";
  // Stored as a code: Home says it in the language of the moment (issue 12).
  const draft = useDraft<Raw>(draftKey, location.hash, def ? draftTitle({ form: def.title, name: data?.person?.data.name ?? "" }) : "", initial);
  const [showErrors, setShowErrors] = useState(false);
  // Sections the user folded; every section starts open, so a form reads top to bottom as before.
  const [folded, setFolded] = useState<ReadonlySet<string>>(() => new Set());
  const [busy, setBusy] = useState(false);
  // The WHO tables: only for a growth form, loaded when it opens (precached, so offline too).
  const needsGrowth = !!def && GROWTH_FORMS.has(def.id);
  const [tables, setTables] = useState<GrowthTables | null>(null);
  useEffect(() => {
    if (!needsGrowth) return;
    let live = true;
    loadGrowth().then((t) => live && setTables(t), (e: unknown) => console.error(e));
    return () => {
      live = false;
    };
  }, [needsGrowth]);

  useEffect(() => {
    if (draft.restored) toast(t("draftRestored"));
  }, [draft.restored]);

  if (data && !allowed) return (<><Header title={t("newVisit")} backTo="#/" /><Screen><p class="error" role="alert" data-testid="form-not-allowed">{t("err_form_not_allowed")}</p></Screen></>);
  if (!data || !draft.values || loaded === undefined) return <Loading />;
  if (!def) {
    // A published form whose chunk could not load (offline before the warm-up ran) is not "unknown".
    const wanted = data.rec ? formMeta(data.rec.data.formId, data.rec.data.formVersion) : formId ? currentFormMeta(formId) : undefined;
    const form = wanted ? wanted.title[lang] : `${formId ?? data.rec?.data.formId}`;
    return (<><Header title={t("newVisit")} backTo="#/" /><Screen><p>{wanted ? t("formNotLoaded", { form }) : t("unknownForm", { form })}</p></Screen></>);
  }
  if (!data.person) return (<><Header title={def.title[lang]} backTo="#/" /><Screen><p>{t("notFound")}</p></Screen></>);
  const person = data.person;
  const raw = draft.values;
  const visitDate = raw.visitDate ?? "";
  // The person's sex and birth date drive age- and sex-dependent skip logic and checks.
  const ctx = isRealDate(visitDate) ? formContext(visitDate, person.data) : {};
  const parsed = rawToAnswers(def, raw);
  const answers = resolveAnswers(def, parsed, ctx);
  // resolveAnswers keeps a mistyped number as text, so the check below still reports it.
  const result = validateAnswers(def, answers, ctx);
  const visitDateError = !visitDate ? t("required") : !isRealDate(visitDate) ? t("v_date") : visitDate > todayIso() ? t("v_future") : null;
  const errorCount = Object.keys(result.errors).length + (visitDateError ? 1 : 0);
  // Everything the server will derive (growth z-scores and flags too), at once while typing.
  const derived = isRealDate(visitDate) && (!needsGrowth || tables) ? deriveLive(def, answers, visitDate, person.data, data.others, tables) : null;
  const flags = derived ? derived.flags : activeFlags(def, answers, ctx).map((f) => ({ id: f.id, severity: f.severity, colour: f.colour, label: f.label, action: f.action }));
  const err = (id: string) => (showErrors ? result.errors[id]?.[lang] : undefined);

  const save = async (e: Event) => {
    e.preventDefault();
    if (errorCount > 0) {
      setShowErrors(true);
      // A folded section with an error opens, so the first error below is on screen.
      const wrong = new Set(def.sections.filter((s) => s.fields.some((f) => result.errors[f.id])).map((s) => s.id));
      setFolded((prev) => new Set([...prev].filter((id) => !wrong.has(id))));
      toast(t("fixErrors", { n: errorCount }));
      requestAnimationFrame(() => {
        const first = document.querySelector(".has-error");
        first?.scrollIntoView({ block: "center" });
        (first?.querySelector("input, select, textarea") as HTMLElement | null)?.focus({ preventScroll: true });
      });
      return;
    }
    setBusy(true);
    try {
      const tablesNow = needsGrowth ? await loadGrowth() : undefined;
      // Derived from exactly what is stored and pushed, as the server will.
      const d = deriveRecord({ def, answers, visitDate, person: person.data, previous: data.others.map(recordLike) }, tablesNow);
      if (d.errors?.length) {
        // The server refuses a record it cannot derive: say why here, in Indonesian, and keep the input.
        toast(d.errors.map((x) => x.message[lang]).join(" · "));
        return;
      }
      draft.settle();
      const rec: VisitRecord = {
        personId: person.id,
        formId: def.id,
        formVersion: def.version,
        visitDate,
        facilityId: raw.facilityId || null,
        data: answers,
        derived: d as unknown as Record<string, unknown>,
      };
      const entity: RecordEntity = { id: newId, data: rec as unknown as RecordEntity["data"] };
      // Same ids as the server's copies; the record and its referrals are written in one transaction.
      const referrals = referralsFromRecord(entity, d, { id: person.id }, data.others);
      // A recorded delivery ends "pregnant" on the person, in the same transaction (domain/rules/persalinan.ts).
      const patch = personAfterVisit(person.data, rec, data.others.map(recordLike));
      const personPatch = patch ? { personId: person.id, values: patch } : null;
      await saveRecordWithReferrals(app.store, { recordId: newId, record: rec, referrals, draftKey, personPatch });
      dataChanged();
      void app.engine.notifySaved();
      // No toast: it would lie over the result. The result panel says the visit is saved (issue 12).
      // The person page opens with this visit's result on top: each flag, the next step, the referral.
      navigate(`#/person/${person.id}?hasil=${newId}`, true);
    } catch (e) {
      console.error(e);
      toast(t("err_generic", { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  const facilityOptions = data.facilities.map((f) => ({ value: f.id, label: f.data.name }));
  return (
    <>
      <Header title={def.title[lang]} backTo={`#/person/${person.id}`} />
      <Screen>
        <p class="subject">
          <strong>{person.data.name}</strong>
          {data.rec && data.rec.status !== "synced" && <> <Badge kind={data.rec.status === "rejected" ? "danger" : "info"}>{t(data.rec.status === "rejected" ? "status_rejected" : "status_pending")}</Badge></>}
        </p>
        <form onSubmit={save} noValidate data-form={`${def.id}@${def.version}`}>
          <TextInput label={t("visitDate")} type="date" name="visitDate" max={todayIso()} value={visitDate} onValue={(x) => draft.set({ visitDate: x })} error={showErrors ? visitDateError : null} required />
          {facilityOptions.length > 0 && <Select label={t("facility")} value={raw.facilityId ?? ""} onValue={(x) => draft.set({ facilityId: x })} options={facilityOptions} />}
          {def.sections.map((s) => {
            const visible = s.fields.filter((f) => isVisible(f, answers, ctx));
            if (visible.length === 0) return null;
            const st = sectionStatus(s, answers, result.errors, ctx, showErrors);
            const open = !folded.has(s.id);
            return (
              <details
                key={s.id}
                class="form-section"
                data-section={s.id}
                data-state={st.state}
                open={open}
                onToggle={(e) => {
                  // Also fires when a save with errors opens it: then it already matches.
                  const nowOpen = (e.currentTarget as HTMLDetailsElement).open;
                  if (nowOpen === open) return;
                  setFolded((prev) => {
                    const next = new Set(prev);
                    if (nowOpen) next.delete(s.id);
                    else next.add(s.id);
                    return next;
                  });
                }}
              >
                <summary>
                  <h2>{s.title[lang]}</h2>
                  <SectionBadge st={st} />
                </summary>
                {visible.map((f) => (
                  <FieldInput key={f.id} f={f} raw={raw} set={(p) => draft.set(p)} error={err(f.id)} computed={answers} />
                ))}
              </details>
            );
          })}
          {showErrors && result.errors[FORM_ERROR_KEY] && <p class="error">{result.errors[FORM_ERROR_KEY][lang]}</p>}
          {needsGrowth && !tables && <p class="muted">{t("growthLoading")}</p>}
          {derived?.growth && <GrowthSummary derived={derived} />}
          {flags.length > 0 && (
            <section class="card flags-box" aria-live="polite" data-testid="flags">
              {flags.map((f) => (
                <p key={f.id} data-flag={f.id} data-colour={f.colour ?? ""}>
                  <Badge kind={flagBadgeKind(f)}>{flagBadgeWord(f)}</Badge> {f.label[lang]}
                  {f.action && <><br /><small>{f.action[lang]}</small></>}
                </p>
              ))}
            </section>
          )}
          {showErrors && errorCount > 0 && <p class="error" role="alert" data-testid="form-errors">{t("fixErrors", { n: errorCount })}</p>}
          <Button type="submit" disabled={busy} data-testid="save-visit">{busy ? t("saving") : t("saveVisit")}</Button>
        </form>
      </Screen>
    </>
  );
}

/** A folded section's state, readable without opening it: complete, to fix, or how far filled. */
function SectionBadge({ st }: { st: SectionStatus }) {
  if (st.state === "error") return <span class="sec-state" data-testid="section-state"><Badge kind="danger">{t("secErrors", { n: st.errors })}</Badge></span>;
  if (st.state === "complete") return <span class="sec-state" data-testid="section-state"><Badge kind="ok">✓ {t("secComplete")}</Badge></span>;
  if (st.asked === 0) return null;
  return <span class="sec-state muted" data-testid="section-state">{t("secFilled", { n: st.answered, total: st.asked })}</span>;
}

const recordLike = (r: RecordEntity) => ({ id: r.id, formId: r.data.formId, formVersion: r.data.formVersion, visitDate: r.data.visitDate, data: r.data.data });

/** deriveRecord per keystroke is cheap (microseconds), but skip the work when nothing changed. */
let liveMemo: { key: string; value: Derived } | null = null;
function deriveLive(def: FormDefinition, answers: Answers, visitDate: string, person: Person, others: RecordEntity[], tables: GrowthTables | null): Derived {
  const key = JSON.stringify([def.id, def.version, answers, visitDate, person.sex, person.birthDate, others.length, !!tables]);
  if (liveMemo?.key === key) return liveMemo.value;
  const value = deriveRecord({ def, answers, visitDate, person, previous: others.map(recordLike) }, tables ?? undefined);
  liveMemo = { key, value };
  return value;
}

