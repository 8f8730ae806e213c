import { useMemo } from "preact/hooks";
import { uuidv7 } from "../../../../domain/util/uuid.ts";
import { SHARDS } from "../../../../domain/shards/registry.ts";
import { TRANSFER_ROLES } from "../../../../domain/transfers/rules.ts";
import { HEALTH_WRITE_ROLES } from "../../auth/session.ts";
import { t } from "../../i18n/index.ts";
import { navigate } from "../../router.ts";
import { app, dataChanged, toast, useData } from "../../state.ts";
import { Button, Header, LinkButton, Loading, Screen, Select, TextInput } from "../../components/ui.tsx";
import { useDraft } from "../../util/draft.ts";
import { draftTitle } from "../../util/draft-title.ts";
import { mayLeaveDusunEmpty, principalOf, writableDesa, writableDusun } from "../../util/choices.ts";
import { ageLabel, sexLabel, type Area, type Dusun, type Household, type Person } from "../../util/people.ts";
import { checkOptional, NO_KK_RE, RT_RE, type Errors } from "../../util/validate.ts";
import { householdTitle, StatusBadge } from "../registry/index.tsx";
import { useState } from "preact/hooks";

export function HouseholdView({ id }: { id: string }) {
  const { data, loading } = useData(async () => {
    const [hh, members, dusun] = await Promise.all([
      app.store.get<Household>("household", id),
      app.store.listByRef<Person>("person", `household:${id}`),
      app.store.list<Dusun>("dusun"),
    ]);
    return { hh, members, dusun };
  }, [id]);
  const canWrite = HEALTH_WRITE_ROLES.includes(app.session!.user.role);
  if (loading || !data) return <Loading />;
  const { hh, members, dusun } = data;
  if (!hh) return (<><Header title={t("households")} backTo="#/registry" /><Screen><p>{t("notFound")}</p></Screen></>);
  const dusunName = dusun.find((d) => d.id === hh.data.dusunId)?.data.name ?? t("noDusun");
  return (
    <>
      <Header title={householdTitle(members)} backTo={`#/registry?dusun=${hh.data.dusunId ?? "-"}`} />
      <Screen>
        <section class="card">
          <dl class="facts">
            <dt>{t("dusun")}</dt><dd>{dusunName} <StatusBadge v={hh} /></dd>
            <dt>{t("rt")}</dt><dd>{hh.data.rt ?? t("none")}</dd>
            <dt>{t("address")}</dt><dd>{hh.data.address || t("none")}</dd>
            <dt>{t("noKk")}</dt><dd>{hh.data.noKk ? <span class="num" data-testid="no-kk">{hh.data.noKk}</span> : t("none")}</dd>
          </dl>
          {canWrite && <LinkButton href={`#/household/${id}/edit`}>{t("editHousehold")}</LinkButton>}
          {TRANSFER_ROLES.includes(app.session!.user.role) && SHARDS.length > 1 && (
            <LinkButton href={`#/household/${id}/transfer`}>{t("transferHousehold")}</LinkButton>
          )}
        </section>
        <h2>{t("members")}</h2>
        <ul class="list" data-testid="members">
          {members.map((p) => (
            <li key={p.id}>
              <a class="row" href={`#/person/${p.id}`}>
                <span>
                  <strong>{p.data.name}</strong> <StatusBadge v={p} />
                  <br />
                  <small class="muted">
                    {p.data.relation ? t(`rel_${p.data.relation}`) + " · " : ""}
                    {sexLabel(p.data.sex)} · {ageLabel(p.data)}
                  </small>
                </span>
                <span aria-hidden="true">›</span>
              </a>
            </li>
          ))}
        </ul>
        {canWrite && (
          <div class="actions">
            <LinkButton href={`#/person/new?household=${id}`} kind="primary">+ {t("addPerson")}</LinkButton>
          </div>
        )}
      </Screen>
    </>
  );
}

interface HouseholdForm extends Record<string, unknown> {
  desaCode: string;
  dusunId: string;
  rt: string;
  address: string;
  noKk: string;
}

/** Add or edit a household. Pustu and kader are bound to one desa; a puskesmas picks the desa. */
export function HouseholdEdit({ id, dusunHint }: { id: string | null; dusunHint: string | null }) {
  const user = app.session!.user;
  const isNew = id === null;
  const newId = useMemo(() => id ?? uuidv7(), [id]);
  const draftKey = isNew ? "household:new" : `household:${id}`;
  const { data } = useData(async () => {
    const [hh, dusun, areas] = await Promise.all([isNew ? undefined : app.store.get<Household>("household", id), app.store.list<Dusun>("dusun"), app.store.list<Area>("area")]);
    return { hh, dusun, areas };
  }, [id]);
  const userIsDesa = user.areaCode.split(".").length === 4;
  // The places offered are the ones the server lets this user write (domain/access): a kader's dusun, a pustu's desa.
  const me = principalOf(user);
  const initial = useMemo<HouseholdForm | undefined>(() => {
    if (!data) return undefined;
    const h = data.hh?.data;
    return {
      desaCode: h?.desaCode ?? (userIsDesa ? user.areaCode : ""),
      dusunId: h?.dusunId ?? (user.dusunId ?? (dusunHint && dusunHint !== "-" ? dusunHint : "")),
      rt: h?.rt ?? "",
      address: h?.address ?? "",
      noKk: h?.noKk ?? "",
    };
  }, [data]);
  const title = isNew ? t("addHousehold") : t("editHousehold");
  const draft = useDraft<HouseholdForm>(draftKey, location.hash, draftTitle({ key: isNew ? "addHousehold" : "editHousehold" }), initial);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const v = draft.values;
  if (!data || !v) return <Loading />;

  // What this kabupaten calls a desa (pekon in Lampung Barat), from its area rows.
  const term = data.areas.find((a) => a.data.level === "desa")?.data.desaTerm;
  const desaLabel = term ? term[0]!.toUpperCase() + term.slice(1) : t("desa");
  const desaOptions = writableDesa(me, data.areas).map((a) => ({ value: a.id, label: a.data.name }));
  const dusunOptions = writableDusun(me, v.desaCode, data.dusun).map((d) => ({ value: d.id, label: d.data.name }));
  const dusunRequired = !mayLeaveDusunEmpty(me, v.desaCode);

  const save = async (e: Event) => {
    e.preventDefault();
    const errs: Errors = {};
    if (!v.desaCode) errs.desaCode = t("required");
    if (dusunRequired && !v.dusunId) errs.dusunId = t("required");
    checkOptional(errs, "rt", v.rt, RT_RE, "v_rt");
    checkOptional(errs, "noKk", v.noKk, NO_KK_RE, "v_noKk");
    if (v.address.length > 200) errs.address = t("v_tooLong");
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    draft.settle();
    const base = data.hh?.data;
    const next: Household = {
      desaCode: v.desaCode,
      dusunId: v.dusunId || null,
      rt: v.rt.trim() || null,
      address: v.address.trim() || null,
      noKk: v.noKk.trim() || null,
      pisPk: base?.pisPk ?? null,
    };
    await app.store.save("household", newId, next, { draftKey });
    setBusy(false);
    dataChanged();
    void app.engine.notifySaved();
    toast(t("savedOffline"));
    navigate(`#/household/${newId}`, true);
  };

  return (
    <>
      <Header title={title} backTo="#/registry" />
      <Screen>
        {draft.restored && <p class="notice">{t("draftRestored")}</p>}
        <form onSubmit={save} noValidate>
          {userIsDesa ? null : (
            <Select label={desaLabel} value={v.desaCode} onValue={(x) => draft.set({ desaCode: x, dusunId: "" })} options={desaOptions} error={errors.desaCode} required />
          )}
          <Select label={t("dusun")} value={v.dusunId} onValue={(x) => draft.set({ dusunId: x })} options={dusunOptions} error={errors.dusunId} required={dusunRequired} />
          <TextInput label={t("rt")} value={v.rt} onValue={(x) => draft.set({ rt: x })} inputMode="numeric" maxLength={3} error={errors.rt} name="rt" />
          <TextInput label={t("address")} value={v.address} onValue={(x) => draft.set({ address: x })} maxLength={200} error={errors.address} name="address" />
          <TextInput label={t("noKk")} value={v.noKk} onValue={(x) => draft.set({ noKk: x.replace(/\D/g, "") })} inputMode="numeric" maxLength={16} error={errors.noKk} name="noKk" />
          <Button type="submit" disabled={busy}>{busy ? t("saving") : t("save")}</Button>
        </form>
      </Screen>
    </>
  );
}
