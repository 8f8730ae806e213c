import { useState } from "preact/hooks";
import { OFFICE_KINDS } from "../../../../domain/entities/enums.ts";
import { normalizeIdPhone } from "../../../../domain/entities/formats.ts";
import type { EntityName } from "../../../../domain/entities/registry.ts";
import { uuidv7 } from "../../../../domain/util/uuid.ts";
import { t, type MessageKey } from "../../i18n/index.ts";
import { ta, type AdminKey } from "../../i18n/admin-console.ts";
import { app, dataChanged, toast, useData } from "../../state.ts";
import type { View } from "../../store/local.ts";
import { Badge, Button, Header, Loading, Screen, Select, TextInput } from "../../components/ui.tsx";
import { MAX_DUSUN_NAME, MAX_PLACE_NAME, nameProblem } from "./logic.ts";
import { loadPlaces, type Places } from "./places-data.ts";

/**
 * Dusun, posyandu and partner offices are synced reference rows: the administrator's phone saves
 * them like any other row and the push carries them (reference:write, checked and audited by the
 * server); a refusal shows on the row and in Sinkron.
 */
async function saveRow(entity: EntityName, id: string, data: Record<string, unknown>) {
  await app.store.save(entity, id, data);
  dataChanged();
  await app.engine.notifySaved();
  toast(ta("admSaved"));
}

function SyncBadge({ v }: { v: View<unknown> }) {
  if (v.status === "pending") return <Badge kind="info">{ta("admPendingSync")}</Badge>;
  if (v.status === "rejected") return <a href="#/sync"><Badge kind="danger">{ta("admRejectedSync")}</Badge></a>;
  return null;
}

/** A named row with an inline rename. */
function NamedRow<T extends { name: string }>({ v, entity, max, detail, testId, children }: { v: View<T>; entity: EntityName; max: number; detail?: string; testId: string; children?: preact.ComponentChildren }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(v.data.name);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = nameProblem(name, max);
    if (problem) return setError(problem);
    await saveRow(entity, v.id, { ...v.data, name: name.trim() });
    setEditing(false);
    setError(null);
  };
  return (
    <li class="row static" data-testid={testId} data-id={v.id}>
      {editing ? (
        <form onSubmit={submit} noValidate class="admin-inline">
          <TextInput label={ta("admNewName")} name="name" value={name} onValue={setName} error={error} required maxLength={max + 20} autoComplete="off" />
          <div class="row2">
            <Button kind="secondary" onClick={() => (setEditing(false), setName(v.data.name), setError(null))}>{t("cancel")}</Button>
            <button type="submit" class="btn primary" data-testid={`${testId}-save`}>{t("save")}</button>
          </div>
        </form>
      ) : (
        <span class="admin-line">
          <span>
            <strong>{v.data.name}</strong> {detail ? <span class="muted">· {detail}</span> : null} <SyncBadge v={v} />
          </span>
          <Button kind="link" onClick={() => setEditing(true)} data-testid={`${testId}-rename`}>{ta("admRename")}</Button>
        </span>
      )}
      {children}
    </li>
  );
}

/** Add a row by name (and, for some, one more choice). */
function AddForm({ label, max, onAdd, testId, extra }: { label: string; max: number; onAdd: (name: string) => Promise<void>; testId: string; extra?: preact.ComponentChildren }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = nameProblem(name, max);
    if (problem) return setError(problem);
    await onAdd(name.trim());
    setName("");
    setError(null);
  };
  return (
    <form onSubmit={submit} noValidate class="card admin-add" data-testid={testId}>
      <TextInput label={label} name="name" value={name} onValue={setName} error={error} required maxLength={max + 20} autoComplete="off" />
      {extra}
      <button type="submit" class="btn primary">+ {label}</button>
    </form>
  );
}

function DesaPlaces({ p, desa }: { p: Places; desa: string }) {
  const [posDusun, setPosDusun] = useState("");
  const dusun = p.dusun.filter((d) => d.data.desaCode === desa);
  const posyandu = p.posyandu.filter((f) => f.data.areaCode === desa);
  const dusunName = (id: string | null) => (id ? dusun.find((d) => d.id === id)?.data.name : undefined);
  return (
    <>
      <h2>{ta("admDusun")}</h2>
      {dusun.length === 0 && <p class="muted">{ta("admNoDusun")}</p>}
      <ul class="list" data-testid="admin-dusun-list">
        {dusun.map((d) => <NamedRow key={d.id + d.data.name} v={d} entity="dusun" max={MAX_DUSUN_NAME} testId="admin-dusun" />)}
      </ul>
      <AddForm label={ta("admAddDusun")} max={MAX_DUSUN_NAME} testId="admin-dusun-add" onAdd={(name) => saveRow("dusun", uuidv7(), { desaCode: desa, name })} />
      <h2>{ta("admPosyandu")}</h2>
      {posyandu.length === 0 && <p class="muted">{ta("admNoPosyandu")}</p>}
      <ul class="list" data-testid="admin-posyandu-list">
        {posyandu.map((f) => <NamedRow key={f.id + f.data.name} v={f} entity="facility" max={MAX_PLACE_NAME} detail={dusunName(f.data.dusunId)} testId="admin-posyandu" />)}
      </ul>
      <AddForm
        label={ta("admAddPosyandu")} max={MAX_PLACE_NAME} testId="admin-posyandu-add"
        onAdd={(name) => saveRow("facility", uuidv7(), { kind: "posyandu", name, areaCode: desa, dusunId: posDusun || null })}
        extra={<Select label={ta("admDusun")} value={posDusun} onValue={setPosDusun} placeholder={false} options={[{ value: "", label: ta("admAllDusun") }, ...dusun.map((d) => ({ value: d.id, label: d.data.name }))]} />}
      />
    </>
  );
}

export function PlacesScreen() {
  const { data: p } = useData(loadPlaces, []);
  const [desa, setDesa] = useState("");
  if (!p) return <Loading />;
  const chosen = desa || (p.desa.length === 1 ? p.desa[0]!.id : "");
  return (
    <>
      <Header title={ta("admPlaces")} backTo="#/admin" />
      <Screen>
        <p class="hint">{ta("admPlacesNote")}</p>
        <Select label={ta("admPickDesa")} value={chosen} onValue={setDesa} options={p.desa.map((d) => ({ value: d.id, label: p.placeLabel(d.id) }))} />
        {chosen && <DesaPlaces key={chosen} p={p} desa={chosen} />}
      </Screen>
    </>
  );
}

const kindLabel = (k: string) => ta(`admOfficeKind_${k}` as AdminKey);

/**
 * The office's WhatsApp number, where a commitment item's share goes (issue 12, item 7): typed as
 * people write it, stored as 62… (domain/entities/formats.ts), shown the national way (0812-…).
 */
function OfficePhone({ v }: { v: View<Places["offices"][number]["data"]> }) {
  const [editing, setEditing] = useState(false);
  const [typed, setTyped] = useState(v.data.phone ? `0${v.data.phone.slice(2)}` : "");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const phone = typed.trim() ? normalizeIdPhone(typed) : null;
    if (typed.trim() && !phone) return setError(t("lxOfficePhoneInvalid"));
    await saveRow("office", v.id, { ...v.data, phone });
    setEditing(false);
    setError(null);
  };
  if (!editing) {
    return (
      <span class="admin-line muted">
        <span data-testid="admin-office-phone">{t("lxOfficePhone")}: {v.data.phone ? `0${v.data.phone.slice(2)}` : t("none")}</span>
        <Button kind="link" onClick={() => setEditing(true)} data-testid="admin-office-phone-edit">{t("lxOfficePhoneEdit")}</Button>
      </span>
    );
  }
  return (
    <form onSubmit={submit} noValidate class="admin-inline">
      <TextInput label={t("lxOfficePhone")} name="officePhone" type="tel" inputMode="tel" value={typed} onValue={setTyped} error={error} hint={t("lxOfficePhoneHint")} autoComplete="off" />
      <div class="row2">
        <Button kind="secondary" onClick={() => (setEditing(false), setError(null))}>{t("cancel")}</Button>
        <button type="submit" class="btn primary">{t("save")}</button>
      </div>
    </form>
  );
}

export function OfficesScreen() {
  const { data: p } = useData(loadPlaces, []);
  const [kec, setKec] = useState("");
  const [kind, setKind] = useState<string>("lainnya");
  const [officeDesa, setOfficeDesa] = useState("");
  if (!p) return <Loading />;
  const chosen = kec || (p.kecamatan.length === 1 ? p.kecamatan[0]!.id : "");
  const offices = p.offices.filter((o) => o.data.kecCode === chosen);
  const desaHere = p.desa.filter((d) => d.data.parentCode === chosen);
  return (
    <>
      <Header title={ta("admOffices")} backTo="#/admin" />
      <Screen>
        <p class="hint">{ta("admPlacesNote")}</p>
        {p.kecamatan.length > 1 && <Select label={ta("admPickKec")} value={chosen} onValue={setKec} options={p.kecamatan.map((k) => ({ value: k.id, label: k.data.name }))} />}
        {chosen && (
          <>
            {offices.length === 0 && <p class="muted">{ta("admNoOffices")}</p>}
            <ul class="list" data-testid="admin-office-list">
              {offices.map((o) => (
                <NamedRow key={o.id + o.data.name} v={o} entity="office" max={MAX_PLACE_NAME} detail={[kindLabel(o.data.kind), o.data.desaCode ? p.nameOf(o.data.desaCode) : null].filter(Boolean).join(" · ")} testId="admin-office">
                  <OfficePhone v={o} />
                </NamedRow>
              ))}
            </ul>
            <AddForm
              key={chosen} label={ta("admAddOffice")} max={MAX_PLACE_NAME} testId="admin-office-add"
              onAdd={(name) => saveRow("office", uuidv7(), { kecCode: chosen, name, kind, desaCode: officeDesa || null })}
              extra={
                <>
                  <Select label={ta("admKind")} value={kind} onValue={setKind} placeholder={false} options={OFFICE_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
                  <Select label={ta("admOfficeDesa")} value={officeDesa} onValue={setOfficeDesa} placeholder={false} options={[{ value: "", label: t("none") }, ...desaHere.map((d) => ({ value: d.id, label: d.data.name }))]} />
                </>
              }
            />
          </>
        )}
      </Screen>
    </>
  );
}
