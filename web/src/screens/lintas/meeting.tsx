import { useState } from "preact/hooks";
import { formatDate, t } from "../../i18n/index.ts";
import { navigate } from "../../router.ts";
import { app, toast, useData } from "../../state.ts";
import { SignaturePad, SignatureSvg } from "../../components/signature.tsx";
import { Button, Choice, FieldShell, Header, Loading, Screen, Select, TextInput } from "../../components/ui.tsx";
import { todayIso } from "../../util/people.ts";
import { canWrite, loadAll, newId, saved, userKec, type Attendance, type Meeting } from "./data.ts";

export function MeetingEdit() {
  const [kind, setKind] = useState<Meeting["kind"]>("lintas_sektor");
  const [date, setDate] = useState(todayIso());
  const [place, setPlace] = useState("");
  const [chair, setChair] = useState("");
  const [agenda, setAgenda] = useState("");
  const [err, setErr] = useState<Record<string, string>>({});
  const save = async () => {
    const e: Record<string, string> = {};
    if (!place.trim()) e.place = t("required");
    if (!chair.trim()) e.chair = t("required");
    if (!date) e.date = t("required");
    setErr(e);
    if (Object.keys(e).length) return;
    const id = newId();
    const m: Meeting = { kecCode: userKec(), kind, date, place: place.trim(), chair: chair.trim(), agenda: agenda.trim() || null, minutes: null };
    await app.store.save("meeting", id, m as unknown as Record<string, unknown>);
    await saved();
    toast(t("savedOffline"));
    navigate(`#/lintas/meeting/${id}`, true);
  };
  return (
    <>
      <Header title={t("lxNewMeeting")} backTo="#/lintas" />
      <Screen>
        <Choice label={t("lxMeetingKind")} name="kind" value={kind} onValue={(v) => setKind(v as Meeting["kind"])} options={[{ value: "lintas_sektor", label: t("lxKindSektor") }, { value: "lintas_program", label: t("lxKindProgram") }]} />
        <TextInput label={t("lxDate")} type="date" name="date" value={date} onValue={setDate} error={err.date} required />
        <TextInput label={t("lxPlace")} name="place" value={place} onValue={setPlace} error={err.place} required />
        <TextInput label={t("lxChair")} name="chair" value={chair} onValue={setChair} error={err.chair} required />
        <TextArea label={t("lxAgenda")} name="agenda" value={agenda} onValue={setAgenda} />
        <Button onClick={() => void save()}>{t("save")}</Button>
      </Screen>
    </>
  );
}

export function TextArea({ label, name, value, onValue, error, required }: { label: string; name: string; value: string; onValue: (v: string) => void; error?: string; required?: boolean }) {
  const id = `ta-${name}`;
  return (
    <FieldShell id={id} name={name} label={label} error={error} required={required}>
      <textarea id={id} name={name} rows={3} value={value} onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)} />
    </FieldShell>
  );
}

/** A meeting and its attendance list, taken on one phone passed around the room. */
export function MeetingView({ id }: { id: string }) {
  const { data: d } = useData(loadAll, [id]);
  const [adding, setAdding] = useState(false);
  const [minutes, setMinutes] = useState<string | null>(null);
  if (!d) return <Loading />;
  const m = d.meetings.find((x) => x.id === id);
  if (!m) return <Loading />;
  return (
    <>
      <Header title={m.data.kind === "lintas_sektor" ? t("lxKindSektor") : t("lxKindProgram")} backTo="#/lintas" />
      <Screen>
        <dl class="facts">
          <dt>{t("lxDate")}</dt><dd>{formatDate(m.data.date)}</dd>
          <dt>{t("lxPlace")}</dt><dd>{m.data.place}</dd>
          <dt>{t("lxChair")}</dt><dd>{m.data.chair}</dd>
          {m.data.agenda && <><dt>{t("lxAgenda")}</dt><dd>{m.data.agenda}</dd></>}
        </dl>
        <AttendanceList meetingId={id} officeName={d.officeName} />
        {canWrite() && (
          adding ? (
            <AttendeeForm meetingId={id} offices={d.offices.map((o) => ({ value: o.id, label: o.data.name }))} onDone={() => setAdding(false)} />
          ) : (
            <Button kind="primary" data-testid="lx-add-attendee" onClick={() => setAdding(true)}>{t("lxAddAttendee")}</Button>
          )
        )}
        {canWrite() && (
          <>
            <TextArea label={t("lxMinutes")} name="minutes" value={minutes ?? m.data.minutes ?? ""} onValue={setMinutes} />
            {minutes !== null && (
              <Button kind="secondary" onClick={() => void app.store.save("meeting", id, { ...m.data, minutes: minutes.trim() || null }).then(saved).then(() => { setMinutes(null); toast(t("savedOffline")); })}>{t("lxSaveMinutes")}</Button>
            )}
            <a class="btn secondary" href={`#/lintas/commitment/new?meeting=${id}`} data-testid="lx-commitment-from-meeting">{t("lxNewCommitment")}</a>
          </>
        )}
      </Screen>
    </>
  );
}

function AttendanceList({ meetingId, officeName }: { meetingId: string; officeName: (id: string | null) => string }) {
  const { data } = useData(() => app.store.list<Attendance>("attendance"), [meetingId]);
  const rows = (data ?? []).filter((a) => a.data.meetingId === meetingId);
  return (
    <section>
      <h2>{t("lxAttendance")} ({rows.length})</h2>
      <ul class="list" data-testid="lx-attendance">
        {rows.map((a) => (
          <li key={a.id} class="row att">
            <span>{a.data.name}<br /><span class="muted">{a.data.position} · {officeName(a.data.officeId)}</span></span>
            {a.data.signature && <SignatureSvg strokes={a.data.signature} label={t("lxSignatureOf", { name: a.data.name })} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AttendeeForm({ meetingId, offices, onDone }: { meetingId: string; offices: { value: string; label: string }[]; onDone: () => void }) {
  const [name, setName] = useState("");
  const [office, setOffice] = useState("");
  const [position, setPosition] = useState("");
  const [sig, setSig] = useState<string | null>(null);
  const [err, setErr] = useState<Record<string, string>>({});
  const [key, setKey] = useState(0);
  const save = async (more: boolean) => {
    const e: Record<string, string> = {};
    if (!name.trim()) e.name = t("required");
    if (!position.trim()) e.position = t("required");
    if (!sig) e.sig = t("lxSignatureNeeded");
    setErr(e);
    if (Object.keys(e).length) return;
    const a: Attendance = { meetingId, name: name.trim(), officeId: office || null, position: position.trim(), signature: sig };
    await app.store.save("attendance", newId(), a as unknown as Record<string, unknown>);
    await saved();
    toast(t("lxAttendeeSaved", { name: a.name }));
    setName(""); setOffice(""); setPosition(""); setSig(null); setKey((k) => k + 1);
    if (!more) onDone();
  };
  return (
    <section class="card" data-testid="lx-attendee-form">
      <h3>{t("lxAttendeeHint")}</h3>
      <TextInput label={t("lxName")} name="attName" value={name} onValue={setName} error={err.name} required />
      <Select label={t("lxOffice")} value={office} onValue={setOffice} options={offices} />
      <TextInput label={t("lxPosition")} name="attPosition" value={position} onValue={setPosition} error={err.position} required />
      <SignaturePad key={key} onChange={setSig} />
      {err.sig && <p class="error" role="alert">{err.sig}</p>}
      <div class="actions">
        <Button onClick={() => void save(true)} data-testid="lx-save-attendee">{t("lxSaveNext")}</Button>
        <Button kind="secondary" onClick={() => void save(false)}>{t("lxSaveDone")}</Button>
      </div>
    </section>
  );
}
