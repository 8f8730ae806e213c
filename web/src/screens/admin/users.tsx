import { useState } from "preact/hooks";
import { CREATABLE_ROLES, type Role } from "../../../../domain/access/policy.ts";
import { t, type MessageKey } from "../../i18n/index.ts";
import { ta } from "../../i18n/admin-console.ts";
import { navigate } from "../../router.ts";
import { app, toast, useData } from "../../state.ts";
import { Badge, Button, Header, Loading, Screen, Select, TextInput } from "../../components/ui.tsx";
import { adminApi, type AdminUser } from "./api.ts";
import { CodePanel, CodeList } from "./codes.tsx";
import { DeviceList } from "./devices.tsx";
import { formErrors, levelOf, MAX_USER_NAME, nameProblem, newUserBody, newUserProblems, type FormErrors, type NewUserDraft } from "./logic.ts";
import { loadPlaces, type Places } from "./places-data.ts";
import { ConfirmDialog, ErrorLine, RefreshButton, useApi } from "./shared.tsx";

const roleLabel = (r: string) => t(`role_${r}` as MessageKey);
const NO_ERRORS: FormErrors = { fields: {}, general: null };

/** Areas a user of `role` may be bound to, within the administrator's area. */
function areaOptions(p: Places, role: Role | "") {
  if (!role) return [];
  const level = levelOf(role);
  const list = level === "kabupaten" ? p.kabupaten : level === "kecamatan" ? p.kecamatan : p.desa;
  return list.map((a) => ({ value: a.id, label: p.placeLabel(a.id) }));
}

function userWhere(u: AdminUser, p: Places | undefined) {
  if (!p) return u.areaCode;
  const dusun = u.dusunId ? p.dusun.find((d) => d.id === u.dusunId)?.data.name : null;
  const office = u.officeId ? p.offices.find((o) => o.id === u.officeId)?.data.name : null;
  return [office, p.placeLabel(u.areaCode), dusun].filter(Boolean).join(" · ");
}

export function UserList() {
  const users = useApi(() => adminApi.users(), []);
  const { data: places } = useData(loadPlaces, []);
  const [role, setRole] = useState("");
  const shown = (users.data ?? []).filter((u) => !role || u.role === role);
  return (
    <>
      <Header title={ta("admUsers")} backTo="#/admin" />
      <Screen>
        <a class="btn primary" href="#/admin/users/new" data-testid="admin-user-new">
          + {ta("admNewUser")}
        </a>
        <div class="admin-tools">
          <Select label={ta("admRole")} value={role} onValue={setRole} options={[{ value: "", label: ta("admAll") }, ...[...new Set((users.data ?? []).map((u) => u.role))].map((r) => ({ value: r, label: roleLabel(r) }))]} placeholder={false} />
          <RefreshButton onClick={users.reload} />
        </div>
        <ErrorLine text={users.error} />
        {users.loading && !users.data ? <Loading /> : null}
        {users.data && shown.length === 0 && <p class="muted">{ta("admNoUsers")}</p>}
        <ul class="list" data-testid="admin-users">
          {shown.map((u) => (
            <li key={u.id}>
              <a class="row" href={`#/admin/users/${u.id}`} data-testid="admin-user" data-user-id={u.id}>
                <span>
                  <strong>{u.name}</strong>
                  <br />
                  <span class="muted">{roleLabel(u.role)} · {userWhere(u, places)}</span>
                </span>
                {u.active ? <Badge kind="ok">{ta("admActive")}</Badge> : <Badge kind="danger">{ta("admInactive")}</Badge>}
              </a>
            </li>
          ))}
        </ul>
      </Screen>
    </>
  );
}

/** The dusun (kader) and office (mitra) pickers that depend on the chosen area. */
function BoundTo({ p, role, areaCode, dusunId, officeId, setDusun, setOffice, errors }: {
  p: Places; role: Role | ""; areaCode: string; dusunId: string; officeId: string; setDusun: (v: string) => void; setOffice: (v: string) => void; errors: FormErrors;
}) {
  return (
    <>
      {role === "kader" && areaCode && (
        <Select
          label={ta("admDusun")} hint={ta("admDusunHint")} value={dusunId} onValue={setDusun} error={errors.fields.dusunId}
          options={[{ value: "", label: ta("admAllDusun") }, ...p.dusun.filter((d) => d.data.desaCode === areaCode).map((d) => ({ value: d.id, label: d.data.name }))]} placeholder={false}
        />
      )}
      {role === "mitra" && areaCode && (
        <Select
          label={ta("admOffice")} value={officeId} onValue={setOffice} error={errors.fields.officeId} required
          options={p.offices.filter((o) => o.data.kecCode === areaCode).map((o) => ({ value: o.id, label: o.data.name }))}
        />
      )}
    </>
  );
}

export function UserNew() {
  const me = app.session!.user;
  const { data: places } = useData(loadPlaces, []);
  const [d, setD] = useState<NewUserDraft>({ name: "", role: "", areaCode: "", dusunId: "", officeId: "" });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  if (!places) return <Loading />;
  const set = (patch: Partial<NewUserDraft>) => setD((cur) => ({ ...cur, ...patch }));
  const roles = CREATABLE_ROLES[me.role];
  const areas = areaOptions(places, d.role);
  const pickRole = (role: string) => {
    const next = areaOptions(places, role as Role);
    // One possible area (a puskesmas making a camat of its own kecamatan): chosen already.
    set({ role: role as Role, areaCode: next.length === 1 ? next[0]!.value : "", dusunId: "", officeId: "" });
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const local = newUserProblems(d);
    if (Object.keys(local).length) return setErrors({ fields: local, general: null });
    setBusy(true);
    try {
      const u = await adminApi.createUser(newUserBody(d));
      toast(ta("admSaved"));
      navigate(`#/admin/users/${u.id}`, true);
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Header title={ta("admNewUser")} backTo="#/admin/users" />
      <Screen>
        <form onSubmit={submit} noValidate data-testid="admin-user-form">
          <TextInput label={ta("admName")} name="name" value={d.name} onValue={(name) => set({ name })} error={errors.fields.name} required maxLength={MAX_USER_NAME + 20} autoComplete="off" />
          <Select label={ta("admRole")} value={d.role} onValue={pickRole} error={errors.fields.role} required options={roles.map((r) => ({ value: r, label: roleLabel(r) }))} />
          {d.role && (
            <Select
              label={levelOf(d.role) === "desa" ? ta("admDesa") : levelOf(d.role) === "kecamatan" ? ta("admKecamatan") : t("role_dinkes")}
              value={d.areaCode} onValue={(areaCode) => set({ areaCode, dusunId: "", officeId: "" })} error={errors.fields.areaCode} required options={areas}
            />
          )}
          <BoundTo p={places} role={d.role} areaCode={d.areaCode} dusunId={d.dusunId} officeId={d.officeId} setDusun={(dusunId) => set({ dusunId })} setOffice={(officeId) => set({ officeId })} errors={errors} />
          <ErrorLine text={errors.general} />
          <button type="submit" class="btn primary" disabled={busy} data-testid="admin-user-save">
            {busy ? t("saving") : t("save")}
          </button>
        </form>
      </Screen>
    </>
  );
}

function UserEditForm({ user, places, onSaved }: { user: AdminUser; places: Places; onSaved: (u: AdminUser) => void }) {
  const [name, setName] = useState(user.name);
  const [areaCode, setArea] = useState(user.areaCode);
  const [dusunId, setDusun] = useState(user.dusunId ?? "");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const areas = areaOptions(places, user.role);
  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = nameProblem(name, MAX_USER_NAME);
    if (problem) return setErrors({ fields: { name: problem }, general: null });
    const change: Record<string, unknown> = {};
    if (name.trim() !== user.name) change.name = name.trim();
    if (areaCode !== user.areaCode) change.areaCode = areaCode;
    if ((dusunId || null) !== user.dusunId) change.dusunId = dusunId || null;
    if (!Object.keys(change).length) return setErrors(NO_ERRORS);
    setBusy(true);
    try {
      onSaved(await adminApi.updateUser(user.id, change));
      setErrors(NO_ERRORS);
      toast(ta("admSaved"));
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="admin-user-edit">
      <TextInput label={ta("admName")} name="name" value={name} onValue={setName} error={errors.fields.name} required maxLength={MAX_USER_NAME + 20} autoComplete="off" />
      {user.role !== "mitra" && areas.length > 1 && (
        <Select
          label={levelOf(user.role) === "desa" ? ta("admDesa") : ta("admKecamatan")} value={areaCode}
          onValue={(v) => (setArea(v), setDusun(""))} error={errors.fields.areaCode} options={areas} placeholder={false}
        />
      )}
      <BoundTo p={places} role={user.role} areaCode={areaCode} dusunId={dusunId} officeId={user.officeId ?? ""} setDusun={setDusun} setOffice={() => undefined} errors={errors} />
      {errors.fields.active && <ErrorLine text={errors.fields.active} />}
      <ErrorLine text={errors.general} />
      <button type="submit" class="btn primary" disabled={busy} data-testid="admin-user-update">
        {busy ? t("saving") : t("save")}
      </button>
    </form>
  );
}

export function UserView({ id }: { id: string }) {
  const users = useApi(() => adminApi.users(), [id]);
  const { data: places } = useData(loadPlaces, []);
  const [override, setOverride] = useState<AdminUser | null>(null);
  const [activeError, setActiveError] = useState<string | null>(null);
  const [codesVersion, setCodesVersion] = useState(0);
  const [asking, setAsking] = useState(false);
  const user = override?.id === id ? override : users.data?.find((u) => u.id === id);
  if (users.error) return <><Header title={ta("admUsers")} backTo="#/admin/users" /><Screen><ErrorLine text={users.error} /></Screen></>;
  if (!user || !places) return users.loading || !places ? <Loading /> : <><Header title={ta("admUsers")} backTo="#/admin/users" /><Screen><p class="muted">{t("err_not_found")}</p></Screen></>;
  const me = app.session!.user;
  const toggle = async () => {
    setAsking(false);
    try {
      setOverride(await adminApi.updateUser(user.id, { active: !user.active }));
      setActiveError(null);
      toast(ta("admSaved"));
    } catch (err) {
      const f = formErrors(err);
      setActiveError(f.fields.active ?? f.general);
    }
  };
  return (
    <>
      <Header title={user.name} backTo="#/admin/users" />
      <Screen>
        <p class="muted" data-testid="admin-user-summary">
          {roleLabel(user.role)} · {userWhere(user, places)} · {user.active ? <Badge kind="ok">{ta("admActive")}</Badge> : <Badge kind="danger">{ta("admInactive")}</Badge>}
        </p>
        <h2>{ta("admCodes")}</h2>
        {user.active && <CodePanel user={user} onIssued={() => setCodesVersion((n) => n + 1)} />}
        <CodeList userId={user.id} version={codesVersion} />
        <h2>{ta("admDevices")}</h2>
        <DeviceList userId={user.id} />
        <h2>{ta("admEditUser")}</h2>
        <UserEditForm key={user.id + user.name + user.areaCode + (user.dusunId ?? "")} user={user} places={places} onSaved={setOverride} />
        {user.id !== me.id && (
          <div class="admin-block">
            <Button kind={user.active ? "danger" : "secondary"} onClick={() => (user.active ? setAsking(true) : void toggle())} data-testid="admin-user-active">
              {user.active ? ta("admDeactivate") : ta("admReactivate")}
            </Button>
            <ErrorLine text={activeError} />
            {asking && (
              <ConfirmDialog title={ta("admDeactivate")} confirm={ta("admDeactivate")} onConfirm={() => void toggle()} onCancel={() => setAsking(false)} testId="admin-deactivate-dialog">
                <p>{ta("admDeactivateConfirm", { name: user.name })}</p>
              </ConfirmDialog>
            )}
          </div>
        )}
      </Screen>
    </>
  );
}
