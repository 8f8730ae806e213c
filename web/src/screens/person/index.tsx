import { useEffect, useMemo, useState } from "preact/hooks";
import { RELATIONS } from "../../../../domain/entities/enums.ts";
import { can } from "../../../../domain/access/policy.ts";
import { uuidv7 } from "../../../../domain/util/uuid.ts";
import { HEALTH_WRITE_ROLES } from "../../auth/session.ts";
import { formatDate, getLang, t, type MessageKey } from "../../i18n/index.ts";
import { navigate } from "../../router.ts";
import { app, dataChanged, toast, useData } from "../../state.ts";
import { useForms } from "../../forms-loader.ts";
import type { View } from "../../store/local.ts";
import { Badge, Button, Choice, Header, LinkButton, Loading, Screen, Select, TextInput } from "../../components/ui.tsx";
import { useDraft } from "../../util/draft.ts";
import { flagBadgeKind } from "../../util/flag-badge.ts";
import { principalOf } from "../../util/choices.ts";
import { draftTitle } from "../../util/draft-title.ts";
import { ageLabel, sexLabel, todayIso, type Household, type Person, type VisitRecord } from "../../util/people.ts";
import { checkBirth, checkOptional, JKN_RE, NIK_RE, nikFitsSex, PHONE_RE, type Errors } from "../../util/validate.ts";
import { StatusBadge } from "../registry/index.tsx";
import { Referrals } from "./referrals.tsx";
import { ResultPanel } from "./result.tsx";
import { parseHash } from "../../router.ts";

/** The growth chart and the pregnancy timeline: their own chunk (with the WHO tables), loaded on a child's or pregnant woman's page. */
type ChartsModule = typeof import("./charts.tsx");
let charts: ChartsModule | null = null;
function useCharts(wanted: boolean): ChartsModule | null {
  const [, setLoaded] = useState(!!charts);
  useEffect(() => {
    if (wanted && !charts) void import("./charts.tsx").then((m) => {
      charts = m;
      setLoaded(true);
    });
  }, [wanted]);
  return wanted ? charts : null;
}

/** Under five (WHO growth standards: 0–60 months). */
function isBalita(birthDate: string, today: string): boolean {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  const months = (ty - by) * 12 + (tm - bm) - (td < bd ? 1 : 0);
  return months >= 0 && months < 60;
}

type StoredFlag = { id: string; severity: string; colour?: string; label: { id: string; en: string } };
/** The flags of a record's stored derivation, or undefined when it has none. */
const storedFlags = (r: View<VisitRecord>): StoredFlag[] | undefined => (r.data.derived as { flags?: StoredFlag[] } | null | undefined)?.flags;

export function PersonView({ id }: { id: string }) {
  const { data, loading } = useData(async () => {
    const [p, records] = await Promise.all([app.store.get<Person>("person", id), app.store.listByRef<VisitRecord>("record", `person:${id}`)]);
    records.sort((a, b) => b.data.visitDate.localeCompare(a.data.visitDate) || b.id.localeCompare(a.id));
    return { p, records };
  }, [id]);
  // Titles and the forms to offer come from the catalogue; a definition loads only for a record
  // with no stored derivation, whose flags are computed here (issue 15).
  const forms = useForms((data?.records ?? []).filter((r) => !storedFlags(r)).map((r) => ({ formId: r.data.formId, formVersion: r.data.formVersion })));
  const canWrite = HEALTH_WRITE_ROLES.includes(app.session!.user.role);
  const p0 = data?.p?.data;
  const child = !!p0 && isBalita(p0.birthDate, todayIso());
  const pregnant = !!p0 && p0.pregnant === true && !!data?.records.some((r) => r.data.formId === "anc");
  const pics = useCharts(child || pregnant);
  if (loading || !data) return <Loading />;
  const { p, records } = data;
  if (!p) return (<><Header title={t("personTitle")} backTo="#/registry" /><Screen><p>{t("notFound")}</p></Screen></>);
  const lang = getLang();
  const person = p.data;
  const hasil = parseHash(location.hash).query.get("hasil");
  const justSaved = hasil ? records.find((r) => r.id === hasil) : undefined;
  return (
    <>
      <Header title={person.name} backTo={`#/household/${person.householdId}`} />
      <Screen>
        {justSaved && <ResultPanel record={justSaved} />}
        <section class="card">
          <dl class="facts">
            <dt>{t("sex")}</dt><dd>{sexLabel(person.sex)} <StatusBadge v={p} /></dd>
            <dt>{t("birthDate")}</dt><dd>{person.birthDatePrecision === "year" ? person.birthDate.slice(0, 4) : formatDate(person.birthDate)} ({ageLabel(person)})</dd>
            <dt>{t("nik")}</dt><dd>{person.nik ? <span class="num" data-testid="nik">{person.nik}</span> : t("none")}</dd>
            <dt>{t("relation")}</dt><dd>{person.relation ? t(`rel_${person.relation}` as MessageKey) : t("none")}</dd>
            <dt>{t("phone")}</dt><dd>{person.phone ?? t("none")}</dd>
            <dt>{t("jkn")}</dt><dd>{person.jkn ?? t("none")}</dd>
            {person.pregnant && (<><dt>{t("pregnant")}</dt><dd>{t("yes")}</dd></>)}
          </dl>
          <div class="actions">
            {canWrite && <LinkButton href={`#/household/${person.householdId}`}>{t("households")}</LinkButton>}
            {canWrite && <LinkButton href={`#/person/${id}/edit`}>{t("edit")}</LinkButton>}
          </div>
        </section>
        {canWrite && forms && (
          <section data-testid="new-visit">
            <h2>{t("newVisit")}</h2>
            <div class="actions col">
              {/* Only the forms her age, sex and pregnancy allow (domain formsFor): no nifas while still pregnant. */}
              {forms.formsFor({ ...person, lastDeliveryDate: forms.lastDeliveryDate(person, records.map((r) => ({ id: r.id, ...r.data })), todayIso()) }, todayIso(), app.session!.user.role).map((f) => (
                <LinkButton key={f.id} href={`#/visit/new/${id}/${f.id}`} kind={f.id === "anc" ? "primary" : "secondary"}>
                  + {f.title[lang]}
                </LinkButton>
              ))}
            </div>
          </section>
        )}
        {pics && child && <pics.GrowthChart person={person} records={records} />}
        {pics && pregnant && <pics.AncTimeline records={records} today={todayIso()} />}
        <Referrals personId={id} canWrite={canWrite} records={records} />
        <h2>{t("visits")}</h2>
        {records.length === 0 && <p class="muted">{t("noVisits")}</p>}
        <ul class="list" data-testid="visits">
          {records.map((r) => {
            const def = forms?.getForm(r.data.formId, r.data.formVersion);
            const meta = forms?.formMeta(r.data.formId, r.data.formVersion);
            // The stored derivation (the server's, or ours until the push) has every flag, growth ones too.
            const stored = storedFlags(r);
            const flags = stored ?? (def ? forms!.activeFlags(def, r.data.data, forms!.formContext(r.data.visitDate, person)) : []);
            return (
              <li key={r.id}>
                <a class="row" href={`#/visit/${r.id}`}>
                  <span>
                    <strong>{meta ? meta.title[lang] : r.data.formId}</strong> <StatusBadge v={r} />
                    <br />
                    <small class="muted">{formatDate(r.data.visitDate)}</small>
                    {flags.length > 0 && (
                      <span class="flags">
                        {flags.map((f) => (
                          <Badge key={f.id} kind={flagBadgeKind(f)}>{f.label[lang]}</Badge>
                        ))}
                      </span>
                    )}
                  </span>
                  <span aria-hidden="true">›</span>
                </a>
              </li>
            );
          })}
        </ul>
      </Screen>
    </>
  );
}

interface PersonForm extends Record<string, unknown> {
  name: string;
  sex: string;
  precision: "day" | "month" | "year";
  birthDate: string;
  birthYear: string;
  birthMonth: string;
  nik: string;
  relation: string;
  phone: string;
  jkn: string;
  pregnant: boolean;
  /** The family the person belongs to: changing it moves them and their records (docs/SYNC.md, "Moves"). */
  householdId: string;
}

function toForm(p: Person | undefined, householdId: string): PersonForm {
  return {
    householdId: p?.householdId ?? householdId,
    name: p?.name ?? "",
    sex: p?.sex ?? "",
    precision: p?.birthDatePrecision ?? "day",
    birthDate: p?.birthDate ?? "",
    birthYear: p?.birthDate.slice(0, 4) ?? "",
    birthMonth: p?.birthDate.slice(5, 7) ?? "",
    nik: p?.nik ?? "",
    relation: p?.relation ?? "",
    phone: p?.phone ?? "",
    jkn: p?.jkn ?? "",
    pregnant: p?.pregnant ?? false,
  };
}

/** The stored birth date for what is known: a year alone is kept as 1 January of that year. */
function birthDateOf(v: PersonForm): string {
  if (v.precision === "year") return `${v.birthYear.padStart(4, "0")}-01-01`;
  if (v.precision === "month") return `${v.birthYear.padStart(4, "0")}-${v.birthMonth.padStart(2, "0")}-01`;
  return v.birthDate;
}

/** A family as the move picker shows it: RT and address (the head's name is on the family page). */
function familyLabel(h: Household): string {
  return [h.rt ? `RT ${h.rt}` : null, h.address].filter(Boolean).join(" · ") || t("households");
}

export function PersonEdit({ id, householdId }: { id: string | null; householdId: string | null }) {
  const isNew = id === null;
  const newId = useMemo(() => id ?? uuidv7(), [id]);
  const draftKey = isNew ? `person:new:${householdId}` : `person:${id}`;
  const { data } = useData(async () => {
    const p = isNew ? undefined : await app.store.get<Person>("person", id);
    const hhId = p?.data.householdId ?? householdId;
    const hh = hhId ? await app.store.get<Household>("household", hhId) : undefined;
    // An existing person may move to another family this phone holds and the user may write
    // (domain/access, as the push checks it: a pustu's desa, a kader's dusun, a puskesmas's
    // kecamatan): the server moves their history with them.
    const me = principalOf(app.session!.user);
    const families = isNew || !hh ? [] : (await app.store.list<Household>("household")).filter((h) => can(me, "health:write", { areaCode: h.data.desaCode, dusunId: h.data.dusunId ?? null }));
    return { p, hh, families };
  }, [id]);
  const initial = useMemo(() => (data ? toForm(data.p?.data, data.hh?.id ?? "") : undefined), [data]);
  const title = isNew ? t("addPerson") : t("editPerson");
  const draft = useDraft<PersonForm>(draftKey, location.hash, draftTitle({ key: isNew ? "addPerson" : "editPerson" }), initial);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const v = draft.values;
  if (!data || !v) return <Loading />;
  if (!data.hh) return (<><Header title={title} backTo="#/registry" /><Screen><p>{t("notFound")}</p></Screen></>);
  const hhId = data.hh.id;

  const save = async (e: Event) => {
    e.preventDefault();
    const errs: Errors = {};
    if (!v.name.trim()) errs.name = t("required");
    else if (v.name.trim().length > 120) errs.name = t("v_tooLong");
    if (!v.sex) errs.sex = t("required");
    const birthDate = birthDateOf(v);
    checkBirth(errs, birthDate);
    if (errs.birthDate && v.precision !== "day") errs.birthYear = errs.birthDate;
    checkOptional(errs, "nik", v.nik, NIK_RE, "v_nik");
    if (!errs.nik && v.nik && v.sex && !nikFitsSex(v.nik, v.sex)) errs.nik = t("v_nikSex");
    checkOptional(errs, "phone", v.phone, PHONE_RE, "v_phone");
    checkOptional(errs, "jkn", v.jkn, JKN_RE, "v_jkn");
    setErrors(errs);
    if (Object.keys(errs).length) {
      toast(t("fixErrors", { n: Object.keys(errs).length }));
      return;
    }
    setBusy(true);
    draft.settle();
    const next: Person = {
      householdId: v.householdId || hhId,
      name: v.name.trim().replace(/\s+/g, " "),
      sex: v.sex as Person["sex"],
      birthDate,
      birthDatePrecision: v.precision,
      nik: v.nik.trim() || null,
      relation: (v.relation || null) as Person["relation"],
      phone: v.phone.trim() || null,
      jkn: v.jkn.trim() || null,
      pregnant: v.sex === "P" && v.pregnant,
    };
    await app.store.save("person", newId, next, { draftKey });
    setBusy(false);
    dataChanged();
    void app.engine.notifySaved();
    toast(t("savedOffline"));
    navigate(`#/person/${newId}`, true);
  };

  return (
    <>
      <Header title={title} backTo={isNew ? `#/household/${hhId}` : `#/person/${id}`} />
      <Screen>
        {draft.restored && <p class="notice">{t("draftRestored")}</p>}
        <form onSubmit={save} noValidate>
          <TextInput label={t("name")} value={v.name} onValue={(x) => draft.set({ name: x })} maxLength={120} error={errors.name} required name="name" autoComplete="off" />
          <Choice label={t("sex")} name="sex" value={v.sex} onValue={(x) => draft.set({ sex: x })} options={[{ value: "P", label: t("sexP") }, { value: "L", label: t("sexL") }]} error={errors.sex} required />
          <Select
            label={t("birthPrecision")}
            value={v.precision}
            placeholder={false}
            onValue={(x) => draft.set({ precision: x as PersonForm["precision"] })}
            options={(["day", "month", "year"] as const).map((p) => ({ value: p, label: t(`precision_${p}`) }))}
          />
          {v.precision === "day" ? (
            <TextInput label={t("birthDate")} type="date" max={todayIso()} value={v.birthDate} onValue={(x) => draft.set({ birthDate: x })} error={errors.birthDate} required name="birthDate" />
          ) : (
            <div class="row2">
              {v.precision === "month" && (
                <TextInput label={t("birthMonth")} inputMode="numeric" maxLength={2} value={v.birthMonth} onValue={(x) => draft.set({ birthMonth: x.replace(/\D/g, "") })} name="birthMonth" />
              )}
              <TextInput label={t("birthYear")} inputMode="numeric" maxLength={4} value={v.birthYear} onValue={(x) => draft.set({ birthYear: x.replace(/\D/g, "") })} error={errors.birthYear} required name="birthYear" />
            </div>
          )}
          <TextInput label={t("nik")} hint={t("optional")} value={v.nik} onValue={(x) => draft.set({ nik: x.replace(/\D/g, "") })} inputMode="numeric" maxLength={16} error={errors.nik} name="nik" autoComplete="off" />
          <Select label={t("relation")} value={v.relation} onValue={(x) => draft.set({ relation: x })} options={RELATIONS.map((r) => ({ value: r, label: t(`rel_${r}`) }))} />
          {data.families.length > 1 && (
            <Select
              label={t("personFamily")}
              hint={v.householdId !== hhId ? t("personFamilyMoves") : undefined}
              value={v.householdId}
              placeholder={false}
              onValue={(x) => draft.set({ householdId: x })}
              options={data.families.map((h) => ({ value: h.id, label: familyLabel(h.data) }))}
            />
          )}
          <TextInput label={t("phone")} hint={t("optional")} value={v.phone} onValue={(x) => draft.set({ phone: x.replace(/[^\d+]/g, "") })} inputMode="tel" maxLength={16} error={errors.phone} name="phone" />
          <TextInput label={t("jkn")} hint={t("optional")} value={v.jkn} onValue={(x) => draft.set({ jkn: x.replace(/\D/g, "") })} inputMode="numeric" maxLength={13} error={errors.jkn} name="jkn" />
          {v.sex === "P" && (
            <label class="check">
              <input type="checkbox" checked={v.pregnant} onChange={(e) => draft.set({ pregnant: (e.target as HTMLInputElement).checked })} name="pregnant" />
              <span>{t("pregnant")}</span>
            </label>
          )}
          <Button type="submit" disabled={busy}>{busy ? t("saving") : t("save")}</Button>
        </form>
      </Screen>
    </>
  );
}
