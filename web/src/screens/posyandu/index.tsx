import { useEffect, useMemo, useState } from "preact/hooks";
import { ageAt, isVisible, resolveAnswers, validateAnswers } from "../../../../domain/forms/engine.ts";
import { formContext } from "../../../../domain/forms/meta.ts";
import type { AnswerValue, FormDefinition } from "../../../../domain/forms/types.ts";
import { useForm } from "../../forms-loader.ts";
import { VITAMIN_A_RED_FROM_MONTHS } from "../../../../domain/forms/balita-v1.ts";
import { IMMUNISATION_SCHEDULE } from "../../../../domain/forms/imunisasi-v1.ts";
import { NT_LABELS } from "../../../../domain/growth/weight-gain.ts";
import { deriveRecord, immunisationStatus, referralsFromRecord, type Derived, type RecordEntity, type RecordLike } from "../../../../domain/rules/index.ts";
import { posyanduTally } from "../../../../domain/rules/posyandu.ts";
import type { GrowthTables } from "../../../../domain/growth/load.ts";
import { loadGrowth } from "../../clinical.ts";
import { formatDate, getLang, t, useLang } from "../../i18n/index.ts";
import { currentFormMeta } from "../../../../domain/forms/meta.ts";
import { th } from "../../i18n/home.ts";
import { navigate, type Route } from "../../router.ts";
import { app, dataChanged, toast, useData } from "../../state.ts";
import { Badge, Header, Loading, Screen, TextInput } from "../../components/ui.tsx";
import { GrowthSummary } from "../person/result.tsx";
import { ageLabel, todayIso, type Dusun, type VisitRecord } from "../../util/people.ts";
import type { SaveEntry, View } from "../../store/local.ts";
import { dusunSasaran, type DusunSasaran, type SasaranChild } from "./data.ts";
import { parseNumber } from "../visit/index.tsx";
import { uuidv7 } from "../../../../domain/util/uuid.ts";
import "./posyandu.css";

/**
 * Posyandu mode (issue 12): the day's session of a dusun. The kader or bidan picks the children one
 * after another from the dusun's sasaran balita, enters the weight (and length/height, LiLA,
 * vitamin A, vaccines given) on one short screen, sees N/T and the growth status at once, and
 * moves to the next child. Every weighing is an ordinary balita record (and an imunisasi record
 * when vaccines were given) saved through the store's outbox: it works offline, syncs, and the
 * server derives it again and counts it in the PWS. The tally (D, N, T, BGM, referred) is read
 * back from the day's records, so it survives a reload.
 */
export default function Posyandu({ route }: { route: Route }) {
  useLang();
  const [, dusunId, what, personId] = route.parts;
  const user = app.session!.user;
  // A dusun-bound kader has one dusun: her session opens on it.
  const own = user.role === "kader" ? user.dusunId : null;
  if (!dusunId) {
    if (own) {
      navigate(`#/posyandu/${own}`, true);
      return <Loading />;
    }
    return <PickDusun />;
  }
  return <Session dusunId={dusunId} what={what ?? null} personId={personId ?? null} />;
}

function PickDusun() {
  const user = app.session!.user;
  const { data } = useData(async () => (await app.store.list<Dusun>("dusun")).filter((d) => user.role !== "pustu" || d.data.desaCode === user.areaCode).sort((a, b) => a.data.name.localeCompare(b.data.name, "id")), []);
  return (
    <>
      <Header title={th("psTitle")} backTo="#/" />
      <Screen>
        <h2>{th("psPickDusun")}</h2>
        {!data ? <Loading /> : (
          <ul class="list" data-testid="ps-dusun-list">
            {data.map((d) => (
              <li key={d.id}><a class="row" href={`#/posyandu/${d.id}`}><span>{d.data.name}</span><span aria-hidden="true">›</span></a></li>
            ))}
          </ul>
        )}
      </Screen>
    </>
  );
}

function Session({ dusunId, what, personId }: { dusunId: string; what: string | null; personId: string | null }) {
  const today = todayIso();
  const { data } = useData(() => dusunSasaran(dusunId, today), [dusunId, today]);
  if (!data) return <Loading />;
  if (what === "anak" && personId) {
    const child = data.children.find((c) => c.person.id === personId);
    if (child) return <ChildEntry key={personId} s={data} child={child} today={today} />;
  }
  if (what === "rekap") return <Tally s={data} today={today} />;
  return <ChildList s={data} today={today} />;
}

const sessionTitle = (s: DusunSasaran, today: string) => th("psSession", { dusun: s.dusun?.data.name ?? "", date: formatDate(today) });

function TallyStrip({ s }: { s: DusunSasaran }) {
  const tl = posyanduTally(s.children.map((c) => c.today?.data.derived as Derived | undefined));
  return (
    <div class="ps-tally" data-testid="ps-tally" data-d={tl.d} data-n={tl.n} data-t={tl.t} data-bgm={tl.bgm} data-referred={tl.referred} data-s={s.children.length}>
      <div><strong>{tl.d}/{s.children.length}</strong><span>D/S</span></div>
      <div><strong>{tl.n}</strong><span>N</span></div>
      <div><strong>{tl.t}</strong><span>T</span></div>
      <div class="bad"><strong>{tl.bgm}</strong><span>BGM</span></div>
      <div class="bad"><strong>{tl.referred}</strong><span>{th("psTallyReferred")}</span></div>
    </div>
  );
}

function ChildList({ s, today }: { s: DusunSasaran; today: string }) {
  const [q, setQ] = useState("");
  const lang = getLang();
  const shown = q.trim() ? s.children.filter((c) => c.person.data.name.toLowerCase().includes(q.trim().toLowerCase())) : s.children;
  return (
    <>
      <Header title={th("psTitle")} backTo="#/" />
      <Screen>
        <p class="subject"><strong>{sessionTitle(s, today)}</strong></p>
        <TallyStrip s={s} />
        <TextInput label={th("psSearch")} type="search" value={q} onValue={setQ} name="ps-search" autoComplete="off" />
        {s.children.length === 0 && <p class="muted">{th("psNoChildren")}</p>}
        <h2>{th("psSasaranCount", { n: s.children.length })}</h2>
        <ul class="list" data-testid="ps-children">
          {shown.map((c) => {
            const g = (c.today?.data.derived as Derived | undefined)?.growth;
            return (
              <li key={c.person.id} data-person={c.person.id} data-weighed={c.today ? "1" : "0"}>
                <a class="row" href={`#/posyandu/${s.dusun?.id ?? ""}/anak/${c.person.id}`}>
                  <span>
                    <strong>{c.person.data.name}</strong> <span class="muted">· {ageLabel(c.person.data, today)}</span>
                    <br />
                    {c.today ? (
                      <small>
                        <Badge kind="ok">{th("psWeighed")}</Badge> {String(c.today.data.data.bb ?? "")} kg{g?.nt ? ` · ${g.nt} (${NT_LABELS[g.nt][lang]})` : ""}
                      </small>
                    ) : <small class="muted">{th("psNotYet")}</small>}
                  </span>
                  <span aria-hidden="true">›</span>
                </a>
              </li>
            );
          })}
        </ul>
        <a class="btn primary" href={`#/posyandu/${s.dusun?.id ?? ""}/rekap`} data-testid="ps-end">{th("psEnd")}</a>
      </Screen>
    </>
  );
}

function Tally({ s, today }: { s: DusunSasaran; today: string }) {
  const tl = posyanduTally(s.children.map((c) => c.today?.data.derived as Derived | undefined));
  const rows: [string, number, string][] = [
    [th("psTallyD"), tl.d, "d"], [th("psTallyN"), tl.n, "n"], [th("psTallyT"), tl.t, "t"], [th("psTallyOB"), tl.o + tl.b, "ob"], [th("psTallyBgm"), tl.bgm, "bgm"], [th("psTallyReferred"), tl.referred, "referred"],
  ];
  return (
    <>
      <Header title={th("psTally")} backTo={`#/posyandu/${s.dusun?.id ?? ""}`} />
      <Screen>
        <p class="subject"><strong>{sessionTitle(s, today)}</strong></p>
        <p data-testid="ps-ds">{th("psTallyOf", { d: tl.d, s: s.children.length })}</p>
        <table class="lx-table" data-testid="ps-rekap">
          <tbody>
            {rows.map(([label, n, key]) => <tr key={key} data-key={key}><th scope="row">{label}</th><td>{n}</td></tr>)}
          </tbody>
        </table>
        <p class="muted">{th("psOfflineNote")}</p>
        <a class="btn secondary" href={`#/posyandu/${s.dusun?.id ?? ""}`}>{th("psBackToList")}</a>
      </Screen>
    </>
  );
}

const recordLike = (r: View<VisitRecord>): RecordLike => ({ id: r.id, formId: r.data.formId, formVersion: r.data.formVersion, visitDate: r.data.visitDate, data: r.data.data });
const entityOf = (r: View<VisitRecord>): RecordEntity => ({ id: r.id, data: r.data as unknown as RecordEntity["data"] });

/** Under 24 months a child is measured lying (PB), from 24 months standing (TB) (WHO; Kemenkes 2020). */
export const STANDING_FROM_MONTHS = 24;

type Input = { bb: string; pt: string; posisi: "berbaring" | "berdiri"; lila: string; vitA: boolean; antigens: string[] };

/** The balita and imunisasi definitions (their own chunks, issue 15), then the entry. */
function ChildEntry(props: { s: DusunSasaran; child: SasaranChild; today: string }) {
  const def = useForm({ formId: "balita" });
  const imunDef = useForm({ formId: "imunisasi" });
  if (def === undefined || imunDef === undefined) return <Loading />;
  // Published forms whose chunk did not load (offline before the warm-up ran).
  if (!def || !imunDef) return <p class="danger-text">{t("formNotLoaded", { form: currentFormMeta(!def ? "balita" : "imunisasi")?.title[getLang()] ?? "" })}</p>;
  return <ChildEntryWith {...props} def={def} imunDef={imunDef} />;
}

function ChildEntryWith({ s, child, today, def, imunDef }: { s: DusunSasaran; child: SasaranChild; today: string; def: FormDefinition; imunDef: FormDefinition }) {
  const lang = getLang();
  const person = child.person;
  const ctx = formContext(today, person.data);
  const ageMonths = ageAt(person.data.birthDate, today)?.months ?? 0;
  const [input, setInput] = useState<Input>({ bb: "", pt: "", posisi: ageMonths >= STANDING_FROM_MONTHS ? "berdiri" : "berbaring", lila: "", vitA: false, antigens: [] });
  const [tables, setTables] = useState<GrowthTables | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    loadGrowth().then((x) => live && setTables(x), (e: unknown) => console.error(e));
    return () => {
      live = false;
    };
  }, []);
  // The weight is what every child gets: its field is ready as the screen opens.
  useEffect(() => document.querySelector<HTMLInputElement>("form[data-form=posyandu] input[name=bb]")?.focus(), []);
  const set = (patch: Partial<Input>) => setInput((x) => ({ ...x, ...patch }));
  const previous = child.records.filter((r) => r.id !== child.today?.id);
  const due = useMemo(() => {
    const st = immunisationStatus(person.data.birthDate, previous.map(recordLike), today);
    return st.next && st.next.dueDate <= today ? st.next.antigens : [];
  }, [person.id]);

  const raw: Record<string, AnswerValue> = {};
  const bb = parseNumber(input.bb);
  if (bb !== "") raw.bb = bb;
  const pt = parseNumber(input.pt);
  if (pt !== "") {
    raw.panjang_tinggi = pt;
    raw.posisi_ukur = input.posisi;
  }
  const lila = parseNumber(input.lila);
  if (lila !== "") raw.lila = lila;
  const field = (id: string) => def.sections.flatMap((x) => x.fields).find((f) => f.id === id)!;
  const showLila = isVisible(field("lila"), raw, ctx);
  const showVitA = isVisible(field("vitamin_a"), raw, ctx);
  if (!showLila) delete raw.lila;
  if (showVitA && input.vitA) {
    raw.vitamin_a = true;
    // The capsule follows the age (the form checks the same): blue 6–11 months, red 12–59.
    raw.vitamin_a_kapsul = ageMonths >= VITAMIN_A_RED_FROM_MONTHS ? "merah" : "biru";
  }
  const answers = resolveAnswers(def, raw, ctx);
  const check = validateAnswers(def, answers, ctx);
  const derived = tables && bb !== "" && typeof bb === "number" ? deriveRecord({ def, answers, visitDate: today, person: person.data, previous: previous.map(recordLike) }, tables) : null;
  const err = (id: string) => (showErrors ? check.errors[id]?.[lang] : undefined);
  const saved = child.today;

  const nextChild = () => {
    const i = s.children.findIndex((c) => c.person.id === person.id);
    const order = [...s.children.slice(i + 1), ...s.children.slice(0, i)];
    return order.find((c) => !c.today) ?? null;
  };

  const save = async (then: "next" | "list") => {
    if (!check.valid || !tables) {
      setShowErrors(true);
      return;
    }
    setBusy(true);
    try {
      const id = uuidv7();
      const d = deriveRecord({ def, answers, visitDate: today, person: person.data, previous: previous.map(recordLike) }, tables);
      if (d.errors?.length) {
        toast(d.errors.map((x) => x.message[lang]).join(" · "));
        return;
      }
      const rec: VisitRecord = { personId: person.id, formId: def.id, formVersion: def.version, visitDate: today, facilityId: s.facilityId, data: answers, derived: d as unknown as Record<string, unknown> };
      const entries: SaveEntry[] = [{ entity: "record", id, next: rec as unknown as Record<string, unknown> }];
      const others = previous.map(entityOf);
      for (const r of referralsFromRecord({ id, data: rec as unknown as RecordEntity["data"] }, d, { id: person.id }, others)) {
        entries.push({ entity: "referral", id: r.id, next: (cur) => (cur ? { ...cur, reasonText: r.data.reasonText } : { ...r.data }) });
      }
      if (input.antigens.length) {
        const imunAnswers = resolveAnswers(imunDef, { antigen: input.antigens }, ctx);
        const imunId = uuidv7();
        const di = deriveRecord({ def: imunDef, answers: imunAnswers, visitDate: today, person: person.data, previous: previous.map(recordLike) });
        entries.push({ entity: "record", id: imunId, next: { personId: person.id, formId: imunDef.id, formVersion: imunDef.version, visitDate: today, facilityId: s.facilityId, data: imunAnswers, derived: di } as unknown as Record<string, unknown> });
      }
      // The weighing, its referrals and the vaccines: one IndexedDB transaction, all or none.
      await app.store.saveMany(entries);
      dataChanged();
      void app.engine.notifySaved();
      toast(th("psSaved", { name: person.data.name }));
      const next = then === "next" ? nextChild() : null;
      const base = `#/posyandu/${s.dusun?.id ?? ""}`;
      navigate(next ? `${base}/anak/${next.person.id}` : then === "next" ? `${base}/rekap` : base, true);
    } catch (e) {
      console.error(e);
      toast(String(e instanceof Error ? e.message : e));
    } finally {
      setBusy(false);
    }
  };

  const base = `#/posyandu/${s.dusun?.id ?? ""}`;
  const shownDerived = (saved?.data.derived as Derived | undefined) ?? derived;
  const growthFlags = shownDerived?.flags ?? [];
  const g = shownDerived?.growth;
  return (
    <>
      <Header title={th("psTitle")} backTo={base} />
      <Screen>
        <p class="subject">
          <strong data-testid="ps-child">{person.data.name}</strong> <span class="muted">· {ageLabel(person.data, today)}</span>
        </p>
        {saved ? (
          <p><Badge kind="ok">{th("psWeighed")}</Badge> {String(saved.data.data.bb)} kg</p>
        ) : (
          <form class="ps-form" onSubmit={(e) => (e.preventDefault(), void save("next"))} noValidate data-form="posyandu">
            <TextInput label={th("psWeight")} name="bb" inputMode="decimal" autoComplete="off" value={input.bb} onValue={(x) => set({ bb: x.replace(/[^\d.,]/g, "") })} error={err("bb")} required />
            <div class="ps-two">
              <TextInput label={th("psLength")} name="panjang_tinggi" inputMode="decimal" autoComplete="off" value={input.pt} onValue={(x) => set({ pt: x.replace(/[^\d.,]/g, "") })} error={err("panjang_tinggi")} />
              {showLila && <TextInput label={th("psLila")} name="lila" inputMode="decimal" autoComplete="off" value={input.lila} onValue={(x) => set({ lila: x.replace(/[^\d.,]/g, "") })} error={err("lila")} />}
            </div>
            <div class="ps-toggles">
              {/* Prefilled from the age; one tap changes it when the child was measured the other way. */}
              <button type="button" class={"chip" + (input.posisi === "berbaring" ? " on" : "")} aria-pressed={input.posisi === "berbaring"} onClick={() => set({ posisi: "berbaring" })} data-testid="ps-lying">{th("psLying")}</button>
              <button type="button" class={"chip" + (input.posisi === "berdiri" ? " on" : "")} aria-pressed={input.posisi === "berdiri"} onClick={() => set({ posisi: "berdiri" })} data-testid="ps-standing">{th("psStanding")}</button>
              {showVitA && <button type="button" class={"chip" + (input.vitA ? " on" : "")} aria-pressed={input.vitA} onClick={() => set({ vitA: !input.vitA })} data-testid="ps-vita">{th("psVitA")}</button>}
            </div>
            {due.length > 0 && (
              <fieldset class="ps-antigens">
                <legend>{th("psImmunisation")}</legend>
                {due.map((a) => {
                  const on = input.antigens.includes(a);
                  const label = IMMUNISATION_SCHEDULE.find((x) => x.id === a)?.label[lang] ?? a;
                  return (
                    <button key={a} type="button" class={"chip" + (on ? " on" : "")} aria-pressed={on} data-antigen={a} onClick={() => set({ antigens: on ? input.antigens.filter((x) => x !== a) : [...input.antigens, a] })}>{label}</button>
                  );
                })}
              </fieldset>
            )}
          </form>
        )}
        <section class="card ps-result" aria-live="polite" data-testid="ps-result" data-nt={g?.nt ?? ""} data-bgm={g?.bgm ? "1" : "0"}>
          <h2>{th("psResult")}</h2>
          {!shownDerived && <p class="muted">{th("psTypeWeight")}</p>}
          {g?.nt && <p class="ps-nt"><strong data-testid="ps-nt">{g.nt}</strong> · {NT_LABELS[g.nt][lang]}</p>}
          {shownDerived && (
            <p data-testid="ps-status">
              {growthFlags.length === 0 ? <Badge kind="ok">{th("psNormal")}</Badge> : growthFlags.map((f) => (
                <span key={f.id} data-flag={f.id}><Badge kind={f.severity === "refer" ? "danger" : "warn"}>{f.label[lang]}</Badge> </span>
              ))}
            </p>
          )}
          {shownDerived?.growth && <GrowthSummary derived={shownDerived} plain />}
        </section>
        {!saved ? (
          <div class="ps-actions">
            <button type="button" class="btn primary" disabled={busy || !tables} onClick={() => void save("next")} data-testid="ps-save-next">{th("psSaveNext")}</button>
            <button type="button" class="btn secondary" disabled={busy || !tables} onClick={() => void save("list")} data-testid="ps-save-list">{th("psSaveList")}</button>
          </div>
        ) : (
          <div class="ps-actions">
            {nextChild() && <a class="btn primary" href={`${base}/anak/${nextChild()!.person.id}`}>{th("psSaveNext")}</a>}
            <a class="btn secondary" href={base}>{th("psBackToList")}</a>
          </div>
        )}
      </Screen>
    </>
  );
}
