import { useEffect, useState } from "preact/hooks";
import { ITEM_STATUSES } from "../../../../domain/entities/enums.ts";
import { whatsappLink } from "../../../../domain/lintas/follow-up.ts";
import { verificationCode } from "../../../../domain/lintas/content.ts";
import { addMonths, COMMITMENT_TEMPLATES } from "../../../../domain/lintas/templates.ts";
import { formatDate, getLang, t, type MessageKey } from "../../i18n/index.ts";
import { navigate } from "../../router.ts";
import { app, dataChanged, toast, useData } from "../../state.ts";
import { SignaturePad, SignatureSvg } from "../../components/signature.tsx";
import { Badge, Button, Choice, Header, Loading, Screen, Select, TextInput } from "../../components/ui.tsx";
import { todayIso } from "../../util/people.ts";
import { photoQueue } from "./photo-service.ts";
import { compressImage } from "../../sync/photos.ts";
import { TextArea } from "./meeting.tsx";
import { ProgressEntry } from "./evidence.tsx";
import { LiveIndicator } from "./indicator.tsx";
import { StandingBadge } from "./index.tsx";
import {
  bumpIfSigned, canWrite, commitmentParts, currentHash, itemLike, loadAll, localNowIso, newId, saved, userKec,
  type Commitment, type Item, type LintasData, type Progress, type Signature,
} from "./data.ts";

const statusOptions = () => ITEM_STATUSES.map((s) => ({ value: s, label: t(`lxItem_${s}` as MessageKey) }));

interface DraftItem {
  key: string;
  officeId: string;
  action: string;
  indicator: string;
  targetKind: "number" | "yesno";
  targetValue: string;
  targetUnit: string;
  allDesa: boolean;
  desaCodes: string[];
  dueDate: string;
}

const blankItem = (due: string): DraftItem => ({ key: newId(), officeId: "", action: "", indicator: "", targetKind: "yesno", targetValue: "", targetUnit: "", allDesa: true, desaCodes: [], dueDate: due });

function ItemFields({ it, set, d, n, onRemove }: { it: DraftItem; set: (p: Partial<DraftItem>) => void; d: LintasData; n: number; onRemove?: () => void }) {
  return (
    <section class="card lx-item-edit" data-testid="lx-item-edit">
      <h3>{t("lxItemN", { n })}</h3>
      <Select label={t("lxResponsible")} value={it.officeId} onValue={(v) => set({ officeId: v })} options={d.offices.map((o) => ({ value: o.id, label: o.data.name }))} required />
      <TextArea label={t("lxAction")} name={`action-${n}`} value={it.action} onValue={(v) => set({ action: v })} required />
      <TextInput label={t("lxIndicator")} name={`indicator-${n}`} value={it.indicator} onValue={(v) => set({ indicator: v })} required />
      <Choice label={t("lxTarget")} name={`tk-${it.key}`} value={it.targetKind} onValue={(v) => set({ targetKind: v as DraftItem["targetKind"] })} options={[{ value: "yesno", label: t("lxTargetYesNo") }, { value: "number", label: t("lxTargetNumber") }]} />
      {it.targetKind === "number" && (
        <div class="two">
          <TextInput label={t("lxTargetValue")} name={`tv-${n}`} inputMode="decimal" value={it.targetValue} onValue={(v) => set({ targetValue: v })} />
          <TextInput label={t("lxTargetUnit")} name={`tu-${n}`} value={it.targetUnit} onValue={(v) => set({ targetUnit: v })} />
        </div>
      )}
      <label class="check"><input type="checkbox" checked={it.allDesa} onChange={(e) => set({ allDesa: (e.target as HTMLInputElement).checked })} /> {t("lxAllDesa")}</label>
      {!it.allDesa && (
        <fieldset class="field">
          <legend>{t("lxDesa")}</legend>
          {d.desa.map((x) => (
            <label key={x.id} class="check">
              <input type="checkbox" checked={it.desaCodes.includes(x.id)} onChange={(e) => set({ desaCodes: (e.target as HTMLInputElement).checked ? [...it.desaCodes, x.id] : it.desaCodes.filter((c) => c !== x.id) })} /> {x.data.name}
            </label>
          ))}
        </fieldset>
      )}
      <TextInput label={t("lxDue")} type="date" name={`due-${n}`} value={it.dueDate} onValue={(v) => set({ dueDate: v })} required />
      {onRemove && <Button kind="link" onClick={onRemove} data-testid="lx-remove-item">{t("lxRemoveItem")}</Button>}
    </section>
  );
}

function itemError(it: DraftItem, meetingDate: string | null): string | null {
  if (!it.officeId || !it.action.trim() || !it.indicator.trim() || !it.dueDate) return t("lxItemIncomplete");
  if (meetingDate && it.dueDate < meetingDate) return t("lxDueBeforeMeeting");
  if (it.targetKind === "number" && it.targetValue && !Number.isFinite(Number(it.targetValue))) return t("lxItemIncomplete");
  return null;
}

function toItem(it: DraftItem, commitmentId: string, number: number, status: Item["status"] = "belum_mulai"): Item {
  return {
    commitmentId, number, officeId: it.officeId, action: it.action.trim(), indicator: it.indicator.trim(), targetKind: it.targetKind,
    targetValue: it.targetKind === "number" && it.targetValue !== "" ? Number(it.targetValue) : null,
    targetUnit: it.targetKind === "number" && it.targetUnit.trim() ? it.targetUnit.trim() : null,
    desaCodes: it.allDesa ? null : [...it.desaCodes], dueDate: it.dueDate, status,
  };
}

/** A new commitment document: from a template (seed reports) or blank. */
export function CommitmentNew({ meetingId }: { meetingId: string | null }) {
  const { data: d } = useData(loadAll, []);
  const [title, setTitle] = useState("");
  const [period, setPeriod] = useState(String(new Date().getFullYear()));
  const [meeting, setMeeting] = useState(meetingId ?? "");
  const [template, setTemplate] = useState("");
  const [items, setItems] = useState<DraftItem[]>([]);
  const [extraParties, setExtraParties] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  if (!d) return <Loading />;
  const meetingDate = d.meetings.find((m) => m.id === meeting)?.data.date ?? null;
  const base = meetingDate ?? todayIso();
  const applyTemplate = (id: string) => {
    setTemplate(id);
    const tpl = COMMITMENT_TEMPLATES.find((x) => x.id === id);
    if (!tpl) return;
    const lang = getLang();
    setTitle(tpl.title[lang]);
    setItems(tpl.items.map((ti) => ({
      key: newId(), officeId: d.offices.find((o) => o.data.kind === ti.officeKind)?.id ?? "", action: ti.action[lang], indicator: ti.indicator[lang],
      targetKind: ti.targetKind, targetValue: ti.targetValue === null ? "" : String(ti.targetValue), targetUnit: ti.targetUnit ?? "",
      allDesa: true, desaCodes: [], dueDate: addMonths(base, ti.dueInMonths),
    })));
  };
  const itemOffices = [...new Set(items.map((i) => i.officeId).filter(Boolean))];
  const parties = [...new Set([...itemOffices, ...extraParties])];
  const save = async () => {
    if (!title.trim() || !period.trim()) return setError(t("lxTitleNeeded"));
    if (!items.length) return setError(t("lxItemsNeeded"));
    for (const it of items) {
      const e = itemError(it, meetingDate);
      if (e) return setError(e);
    }
    const id = newId();
    const c: Commitment = { kecCode: userKec(), meetingId: meeting || null, title: title.trim(), period: period.trim(), docVersion: 1 };
    await app.store.save("commitment", id, c as unknown as Record<string, unknown>);
    for (const p of parties) await app.store.save("commitment_party", newId(), { commitmentId: id, officeId: p });
    for (const [i, it] of items.entries()) await app.store.save("commitment_item", newId(), toItem(it, id, i + 1) as unknown as Record<string, unknown>);
    await saved();
    toast(t("savedOffline"));
    navigate(`#/lintas/commitment/${id}`, true);
  };
  return (
    <>
      <Header title={t("lxNewCommitment")} backTo="#/lintas" />
      <Screen>
        <Select label={t("lxTemplate")} value={template} onValue={applyTemplate} options={COMMITMENT_TEMPLATES.map((x) => ({ value: x.id, label: x.title[getLang()] }))} hint={t("lxTemplateHint")} />
        <TextInput label={t("lxDocTitle")} name="title" value={title} onValue={setTitle} required />
        <TextInput label={t("lxPeriod")} name="period" value={period} onValue={setPeriod} required />
        <Select label={t("lxMeeting")} value={meeting} onValue={setMeeting} options={d.meetings.map((m) => ({ value: m.id, label: `${formatDate(m.data.date)} · ${m.data.place}` }))} />
        <h2>{t("lxItems")}</h2>
        {items.map((it, i) => (
          <ItemFields key={it.key} it={it} n={i + 1} d={d} set={(p) => setItems(items.map((x) => (x.key === it.key ? { ...x, ...p } : x)))} onRemove={() => setItems(items.filter((x) => x.key !== it.key))} />
        ))}
        <Button kind="secondary" onClick={() => setItems([...items, blankItem(addMonths(base, 3))])}>{t("lxAddItem")}</Button>
        <h2>{t("lxParties")}</h2>
        <fieldset class="field" data-testid="lx-parties">
          <legend>{t("lxPartiesHint")}</legend>
          {d.offices.map((o) => (
            <label key={o.id} class="check">
              <input type="checkbox" checked={parties.includes(o.id)} disabled={itemOffices.includes(o.id)}
                onChange={(e) => setExtraParties((e.target as HTMLInputElement).checked ? [...extraParties, o.id] : extraParties.filter((x) => x !== o.id))} /> {o.data.name}
            </label>
          ))}
        </fieldset>
        {error && <p class="error" role="alert">{error}</p>}
        <Button onClick={() => void save()} data-testid="lx-save-commitment">{t("save")}</Button>
      </Screen>
    </>
  );
}

function useHash(d: LintasData | undefined, id: string) {
  const [hash, setHash] = useState<string | null>(null);
  useEffect(() => {
    if (!d) return;
    const { commitment, parties, items } = commitmentParts(d, id);
    if (commitment) void currentHash(commitment.data, parties, items).then(setHash);
  }, [d, id]);
  return hash;
}

export function CommitmentView({ id }: { id: string }) {
  const { data: d } = useData(loadAll, [id]);
  const hash = useHash(d, id);
  if (!d) return <Loading />;
  const { commitment, parties, items, signatures } = commitmentParts(d, id);
  if (!commitment) return <Loading />;
  const c = commitment.data;
  const role = app.session!.user.role;
  const myOffice = app.session!.user.officeId;
  const current = signatures.filter((s) => s.data.docVersion === c.docVersion);
  const canSign = (role === "mitra" ? parties.some((p) => p.data.officeId === myOffice) && !current.some((s) => s.data.officeId === myOffice) : canWrite()) && current.length < parties.length;
  const versions = [...new Set([c.docVersion, ...signatures.map((s) => s.data.docVersion)])].sort((a, b) => b - a);
  const meeting = d.meetings.find((m) => m.id === c.meetingId);
  // The code the paper copy prints (print.tsx): the server's frozen hash of a signed version, else the content now.
  const versionHash = commitmentParts(d, id).versions.find((v) => v.data.docVersion === c.docVersion)?.data.contentHash ?? null;
  return (
    <>
      <Header title={t("lxCommitment")} backTo="#/lintas" />
      <Screen>
        <h2 data-testid="lx-doc-title">{c.title}</h2>
        <p class="muted">{c.period} · {t("lxVersion", { n: c.docVersion })}{meeting ? ` · ${formatDate(meeting.data.date)}, ${meeting.data.place}` : ""}</p>
        <p><strong>{t("lxParties")}:</strong> {parties.map((p) => d.officeName(p.data.officeId)).join(", ")}</p>
        <p class="muted" data-testid="lx-sign-count">{t("lxSignedCount", { n: current.length, total: parties.length })}</p>
        {hash && <p class="muted" data-testid="lx-view-verification">{t("lxVerification", { code: verificationCode(versionHash ?? hash) })}</p>}
        <div class="actions">
          {canSign && <a class="btn primary" href={`#/lintas/commitment/${id}/sign`} data-testid="lx-sign">{t("lxSign")}</a>}
          <a class="btn secondary" href={`#/lintas/commitment/${id}/print`} data-testid="lx-print">{t("lxPrint")}</a>
        </div>
        <h2>{t("lxItems")}</h2>
        <ul class="list" data-testid="lx-doc-items">
          {items.map((v) => (
            <li key={v.id}>
              <a class="row item-row" href={`#/lintas/commitment/${id}/item/${v.id}`}>
                <span><strong>{v.data.number}. {v.data.action}</strong><br /><span class="muted">{d.officeName(v.data.officeId)} · {t("lxDue")} {formatDate(v.data.dueDate)}</span></span>
                <StandingBadge item={v.data} />
              </a>
            </li>
          ))}
        </ul>
        {canWrite() && <AddItem d={d} commitmentId={id} next={items.length + 1} />}
        <h2>{t("lxHistory")}</h2>
        {versions.map((n) => {
          const sigs = signatures.filter((s) => s.data.docVersion === n);
          return (
            <section key={n} class="card" data-testid="lx-version">
              <h3>{t("lxVersion", { n })}{n === c.docVersion ? ` · ${t("lxCurrent")}` : ""}</h3>
              {sigs.length === 0 && <p class="muted">{t("lxNoSignatures")}</p>}
              <ul class="list">
                {sigs.map((s) => (
                  <li key={s.id} class="row att">
                    <span>{s.data.name}<br /><span class="muted">{s.data.position} · {d.officeName(s.data.officeId)} · {formatDate(s.data.signedAt.slice(0, 10))}</span>
                      {(s.needsReview || (n === c.docVersion && hash && s.data.contentHash !== hash)) && <><br /><Badge kind="danger">{t("lxHashMismatch")}</Badge></>}
                    </span>
                    <SignatureSvg strokes={s.data.strokes} label={t("lxSignatureOf", { name: s.data.name })} />
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </Screen>
    </>
  );
}

function AddItem({ d, commitmentId, next }: { d: LintasData; commitmentId: string; next: number }) {
  const [it, setIt] = useState<DraftItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!it) return <Button kind="secondary" onClick={() => setIt(blankItem(addMonths(todayIso(), 3)))}>{t("lxAddItem")}</Button>;
  const c = d.commitments.find((x) => x.id === commitmentId)!;
  const meetingDate = d.meetings.find((m) => m.id === c.data.meetingId)?.data.date ?? null;
  const save = async () => {
    const e = itemError(it, meetingDate);
    if (e) return setError(e);
    if (!(await bumpIfSigned(d, commitmentId))) return setError(t("lxSyncBeforeEdit"));
    const { parties } = commitmentParts(d, commitmentId);
    if (!parties.some((p) => p.data.officeId === it.officeId)) await app.store.save("commitment_party", newId(), { commitmentId, officeId: it.officeId });
    await app.store.save("commitment_item", newId(), toItem(it, commitmentId, next) as unknown as Record<string, unknown>);
    await saved();
    setIt(null);
    toast(t("savedOffline"));
  };
  return (
    <>
      <ItemFields it={it} set={(p) => setIt({ ...it, ...p })} d={d} n={next} />
      {error && <p class="error" role="alert">{error}</p>}
      <p class="hint">{t("lxEditNewVersion")}</p>
      <div class="actions"><Button onClick={() => void save()}>{t("save")}</Button><Button kind="secondary" onClick={() => setIt(null)}>{t("cancel")}</Button></div>
    </>
  );
}

/** Signing on the phone: one party at a time, binding the hash of the document as it stands. */
export function SignScreen({ id }: { id: string }) {
  const { data: d } = useData(loadAll, [id]);
  const [office, setOffice] = useState("");
  const [name, setName] = useState("");
  const [position, setPosition] = useState("");
  const [sig, setSig] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!d) return <Loading />;
  const { commitment, parties, items, signatures } = commitmentParts(d, id);
  if (!commitment) return <Loading />;
  const c = commitment.data;
  const user = app.session!.user;
  const signedOffices = new Set(signatures.filter((s) => s.data.docVersion === c.docVersion).map((s) => s.data.officeId));
  const open = parties.filter((p) => !signedOffices.has(p.data.officeId) && (user.role !== "mitra" || p.data.officeId === user.officeId));
  const chosen = office || (open.length === 1 ? open[0]!.data.officeId : "");
  const save = async () => {
    if (!chosen || !name.trim() || !position.trim()) return setError(t("lxSignIncomplete"));
    if (!sig) return setError(t("lxSignatureNeeded"));
    const s: Signature = {
      commitmentId: id, docVersion: c.docVersion, contentHash: await currentHash(c, parties, items), officeId: chosen,
      name: name.trim(), position: position.trim(), strokes: sig, signedAt: localNowIso(),
    };
    await app.store.save("signature", newId(), s as unknown as Record<string, unknown>);
    await saved();
    toast(t("lxSigned", { name: s.name }));
    navigate(`#/lintas/commitment/${id}`, true);
  };
  return (
    <>
      <Header title={t("lxSign")} backTo={`#/lintas/commitment/${id}`} />
      <Screen>
        <p><strong>{c.title}</strong><br /><span class="muted">{t("lxVersion", { n: c.docVersion })} · {t("lxItemsCount", { n: items.length })}</span></p>
        <p class="hint">{t("lxSignBinds")}</p>
        <Select label={t("lxSignFor")} value={chosen} onValue={setOffice} options={open.map((p) => ({ value: p.data.officeId, label: d.officeName(p.data.officeId) }))} required />
        <TextInput label={t("lxName")} name="signName" value={name} onValue={setName} required />
        <TextInput label={t("lxPosition")} name="signPosition" value={position} onValue={setPosition} required />
        <SignaturePad onChange={setSig} />
        {error && <p class="error" role="alert">{error}</p>}
        <Button onClick={() => void save()} data-testid="lx-save-signature">{t("lxSaveSignature")}</Button>
      </Screen>
    </>
  );
}

/** One item: its facts, sharing, progress, and (for the office or the puskesmas) a new update. */
export function ItemView({ commitmentId, itemId }: { commitmentId: string; itemId: string }) {
  const { data: d } = useData(loadAll, [itemId]);
  const [editing, setEditing] = useState(false);
  if (!d) return <Loading />;
  const v = d.items.find((i) => i.id === itemId);
  const c = d.commitments.find((x) => x.id === commitmentId);
  if (!v || !c) return <Loading />;
  const it = v.data;
  const user = app.session!.user;
  const mayReport = canWrite() || (user.role === "mitra" && user.officeId === it.officeId);
  const updates = d.progress.filter((p) => p.data.itemId === itemId).sort((a, b) => (a.id < b.id ? 1 : -1));
  const last = updates[0]?.data.note ?? null;
  const office = d.offices.find((o) => o.id === it.officeId)?.data;
  const wa = whatsappLink({ ...itemLike(v), indicator: it.indicator }, { commitmentTitle: c.data.title, officeName: d.officeName(it.officeId), today: todayIso(), lastProgress: last, phone: office?.phone ?? null });
  return (
    <>
      <Header title={t("lxItemN", { n: it.number })} backTo={`#/lintas/commitment/${commitmentId}`} />
      <Screen>
        <h2>{it.action}</h2>
        <p><StandingBadge item={it} /> <span class="muted" data-testid="lx-item-status">{t(`lxItem_${it.status}` as MessageKey)}</span></p>
        <dl class="facts">
          <dt>{t("lxResponsible")}</dt><dd>{d.officeName(it.officeId)}</dd>
          <dt>{t("lxIndicator")}</dt><dd>{it.indicator}</dd>
          <dt>{t("lxTarget")}</dt><dd>{it.targetKind === "yesno" ? t("lxTargetYesNo") : `${it.targetValue ?? "—"} ${it.targetUnit ?? ""}`}</dd>
          <dt>{t("lxDesa")}</dt><dd>{it.desaCodes ? it.desaCodes.map(d.desaName).join(", ") : t("lxAllDesa")}</dd>
          <dt>{t("lxDue")}</dt><dd>{formatDate(it.dueDate)}</dd>
          <dt>{t("lxCommitment")}</dt><dd><a href={`#/lintas/commitment/${commitmentId}`}>{c.data.title}</a></dd>
        </dl>
        <LiveIndicator itemId={itemId} officeKind={office?.kind} desaName={d.desaName} />
        <a class="btn secondary" href={wa} target="_blank" rel="noopener" data-testid="lx-wa">{office?.phone ? t("lxShareWaTo", { office: d.officeName(it.officeId) }) : t("lxShareWa")}</a>
        {!office?.phone && <p class="hint" data-testid="lx-wa-no-phone">{t("lxNoOfficePhone")}</p>}
        {canWrite() && !editing && <Button kind="link" onClick={() => setEditing(true)}>{t("lxEditItem")}</Button>}
        {editing && <EditItem d={d} v={{ id: v.id, data: it }} onDone={() => setEditing(false)} />}
        {mayReport && <ProgressForm item={{ id: v.id, data: it }} />}
        <h2>{t("lxProgress")}</h2>
        {updates.length === 0 && <p class="muted">{t("lxNoProgress")}</p>}
        <ul class="list" data-testid="lx-progress">
          {updates.map((p) => <ProgressEntry key={p.id} d={d} v={p} item={it} />)}
        </ul>
      </Screen>
    </>
  );
}

function EditItem({ d, v, onDone }: { d: LintasData; v: { id: string; data: Item }; onDone: () => void }) {
  const it0 = v.data;
  const [it, setIt] = useState<DraftItem>({
    key: v.id, officeId: it0.officeId, action: it0.action, indicator: it0.indicator, targetKind: it0.targetKind,
    targetValue: it0.targetValue === null ? "" : String(it0.targetValue), targetUnit: it0.targetUnit ?? "",
    allDesa: !it0.desaCodes, desaCodes: it0.desaCodes ?? [], dueDate: it0.dueDate,
  });
  const [error, setError] = useState<string | null>(null);
  const c = d.commitments.find((x) => x.id === it0.commitmentId)!;
  const meetingDate = d.meetings.find((m) => m.id === c.data.meetingId)?.data.date ?? null;
  const save = async () => {
    const e = itemError(it, meetingDate);
    if (e) return setError(e);
    const next = toItem(it, it0.commitmentId, it0.number, it0.status);
    if (JSON.stringify(next) !== JSON.stringify(it0)) {
      if (!(await bumpIfSigned(d, it0.commitmentId))) return setError(t("lxSyncBeforeEdit"));
      const { parties } = commitmentParts(d, it0.commitmentId);
      if (!parties.some((p) => p.data.officeId === next.officeId)) await app.store.save("commitment_party", newId(), { commitmentId: it0.commitmentId, officeId: next.officeId });
      await app.store.save("commitment_item", v.id, next as unknown as Record<string, unknown>);
      await saved();
      toast(t("savedOffline"));
    }
    onDone();
  };
  return (
    <>
      <ItemFields it={it} set={(p) => setIt({ ...it, ...p })} d={d} n={it0.number} />
      <p class="hint">{t("lxEditNewVersion")}</p>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions"><Button onClick={() => void save()}>{t("save")}</Button><Button kind="secondary" onClick={onDone}>{t("cancel")}</Button></div>
    </>
  );
}

function ProgressForm({ item }: { item: { id: string; data: Item } }) {
  const [note, setNote] = useState("");
  const [value, setValue] = useState("");
  const [status, setStatus] = useState("");
  const [photos, setPhotos] = useState<{ bytes: Uint8Array; contentType: "image/jpeg" | "image/webp" }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pick = async (files: FileList | null) => {
    if (!files) return;
    setBusy(true);
    try {
      const out = [...photos];
      for (const f of [...files].slice(0, 10 - photos.length)) out.push(await compressImage(f));
      setPhotos(out);
    } catch {
      setError(t("lxPhotoFailed"));
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    if (!note.trim() && value === "" && !status) return setError(t("lxProgressEmpty"));
    if (value !== "" && !Number.isFinite(Number(value))) return setError(t("lxProgressEmpty"));
    const progressId = newId();
    const photoIds = photos.map(() => crypto.randomUUID());
    const user = app.session!.user;
    const p: Progress = {
      itemId: item.id, note: note.trim() || null, value: value === "" ? null : Number(value), status: (status || null) as Progress["status"], photoKeys: photoIds,
      // Who and when, for everyone's history of the item; the server checks the reporter is the pusher.
      reportedAt: localNowIso(), reporterRole: user.role, reporterOfficeId: user.officeId ?? null,
    };
    await app.store.save("progress", progressId, p as unknown as Record<string, unknown>);
    if (status && status !== item.data.status) await app.store.save("commitment_item", item.id, { ...item.data, status });
    const q = await photoQueue();
    for (const [i, ph] of photos.entries()) await q.add({ id: photoIds[i]!, itemId: item.id, progressId, contentType: ph.contentType, bytes: ph.bytes });
    // The sync that sends the text may end before the photos are stored; its end would not see them.
    if (photos.length) void q.run().then((n) => n > 0 && dataChanged(), () => undefined);
    await saved();
    setNote(""); setValue(""); setStatus(""); setPhotos([]); setError(null);
    toast(t("savedOffline"));
  };
  return (
    <section class="card" data-testid="lx-progress-form">
      <h3>{t("lxAddProgress")}</h3>
      <TextArea label={t("lxNote")} name="note" value={note} onValue={setNote} />
      {item.data.targetKind === "number" && <TextInput label={t("lxValue", { unit: item.data.targetUnit ?? "" })} name="value" inputMode="decimal" value={value} onValue={setValue} />}
      <Select label={t("lxNewStatus")} value={status} onValue={setStatus} options={statusOptions()} />
      <label class="btn secondary file">
        {t("lxAddPhoto")}
        <input type="file" accept="image/*" capture="environment" multiple data-testid="lx-photo-input" class="visually-hidden" onChange={(e) => void pick((e.target as HTMLInputElement).files)} />
      </label>
      {photos.length > 0 && <p class="muted" data-testid="lx-photo-count">{t("lxPhotosReady", { n: photos.length, kb: Math.round(photos.reduce((s, p) => s + p.bytes.byteLength, 0) / 1024) })}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      <Button onClick={() => void save()} disabled={busy} data-testid="lx-save-progress">{t("lxSaveProgress")}</Button>
    </section>
  );
}
