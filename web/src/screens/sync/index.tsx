import { formatRelative, serverError, t, type MessageKey } from "../../i18n/index.ts";
import { app, dataChanged, useData } from "../../state.ts";
import { SyncCard } from "../../components/sync-card.tsx";
import { Button, Header, Screen } from "../../components/ui.tsx";
import { describeItem, fixRoute, personIdsOf } from "../../util/outbox.ts";
import { fieldLabel, valueWords, type AnswerField } from "../../util/conflict-words.ts";
import { useForms, type FormsApi as FormsModule } from "../../forms-loader.ts";
import { navigate } from "../../router.ts";
import type { ConflictNotice, OutboxItem } from "../../store/db.ts";
import { Review } from "./review.tsx";

/**
 * The fields the server refused (`details.fields` or `details.field`), by their labels: the
 * reason itself is the error code's words (serverError), never the server's English message.
 */
/** The form version a pushed record names, if any. */
function formRefOf(entity: string, p: unknown): { formId: string; formVersion: number }[] {
  const x = p as { formId?: unknown; formVersion?: unknown } | null | undefined;
  return entity === "record" && typeof x?.formId === "string" && typeof x.formVersion === "number" ? [{ formId: x.formId, formVersion: x.formVersion }] : [];
}

function refusedFields(item: OutboxItem, forms: FormsModule | null): string[] {
  const d = item.error?.details as { fields?: unknown; field?: unknown } | undefined;
  const keys = typeof d?.field === "string" ? [d.field] : Array.isArray(d?.fields) ? d.fields.filter((f): f is string => typeof f === "string") : d?.fields && typeof d.fields === "object" ? Object.keys(d.fields) : [];
  const m = item.mutation;
  const p = m.payload as { formId?: unknown; formVersion?: unknown };
  // A visit's refused answers are named by their form's labels (the forms chunk, once loaded).
  const def = m.entity === "record" && forms && typeof p.formId === "string" ? forms.getForm(p.formId, Number(p.formVersion)) : undefined;
  const answer = (k: string) => (m.entity === "record" && k !== "visitDate" && k !== "facilityId" ? { field: (def && (forms!.fieldById(def, k) as AnswerField | undefined)) ?? null } : undefined);
  return [...new Set(keys.filter((k) => k !== "_form").map((k) => fieldLabel(m.entity, k, answer(k))))];
}

async function refresh() {
  await app.engine.refreshCounts();
  dataChanged();
}

/** The user's own changes: what waits, what the server refused (and why), and what conflicted. */
export function SyncScreen() {
  const { data } = useData(async () => {
    const items = await app.store.outboxItems();
    // The names of the persons the queued entries are about (on the phone, behind the PIN).
    const persons = await Promise.all(personIdsOf(items).map((id) => app.store.get<{ name: string }>("person", id)));
    const names = new Map(persons.filter((p) => !!p).map((p) => [p!.id, p!.data.name]));
    return { items, names, notices: await app.store.notices(), review: await app.store.listNeedingReview() };
  }, []);
  const names = data?.names;
  // The definitions of refused visits only: their answers are named by the form's labels.
  const forms = useForms((data?.items ?? []).filter((i) => i.state === "rejected" && i.error?.code !== "form_not_allowed").flatMap((i) => formRefOf(i.mutation.entity, i.mutation.payload)));
  // A notice (this phone's own push answered "conflict") gives way to the row's open conflicts
  // once the pull has brought them: those can be settled for good.
  const inReview = new Set((data?.review ?? []).filter((r) => r.conflicts.length).map((r) => `${r.entity}:${r.id}`));
  const notices = (data?.notices ?? []).filter((n) => !inReview.has(`${n.entity}:${n.entityId}`));
  const rejected = data?.items.filter((i) => i.state === "rejected") ?? [];
  const queued = data?.items.filter((i) => i.state !== "rejected") ?? [];

  const discard = async (id: string) => {
    if (!confirm(t("discardConfirm"))) return;
    await app.store.discard(id);
    await refresh();
  };
  const resend = async (id: string) => {
    await app.store.resend(id);
    await refresh();
    void app.engine.sync("manual");
  };
  const useMine = async (n: ConflictNotice) => {
    const cur = await app.store.get(n.entity, n.entityId);
    if (cur) {
      const next = { ...cur.data };
      for (const c of n.conflicts) next[c.field] = c.clientValue;
      await app.store.save(n.entity, n.entityId, next);
    }
    await app.store.dismissNotice(n.id);
    await refresh();
    void app.engine.notifySaved();
  };
  const keepServer = async (n: ConflictNotice) => {
    await app.store.dismissNotice(n.id);
    await refresh();
  };

  return (
    <>
      <Header title={t("syncTitle")} />
      <Screen>
        <SyncCard />
        <h2>{t("syncIssues")}</h2>
        {data && rejected.length === 0 && notices.length === 0 && inReview.size === 0 && <p class="muted">{t("syncNoIssues")}</p>}
        <ul class="list issues" data-testid="rejected-list">
          {rejected.map((item) => {
            const route = fixRoute(item);
            return (
              <li key={item.id} class="issue">
                <p>
                  <strong>{describeItem(item, names)}</strong>
                </p>
                <p class="danger-text" data-code={item.error?.code}>{t("rejectedReason", { reason: serverError(item.error?.code, item.error?.message) })}</p>
                {refusedFields(item, forms).length > 0 && <p class="danger-text" data-testid="refused-fields"><small>{refusedFields(item, forms).join(", ")}</small></p>}
                <p class="muted"><small>{formatRelative(item.createdAt)}</small></p>
                <div class="actions">
                  {route && <Button kind="primary" onClick={() => navigate(route)}>{t("fix")}</Button>}
                  <Button kind="secondary" onClick={() => void resend(item.id)}>{t("resend")}</Button>
                  <Button kind="danger" onClick={() => void discard(item.id)}>{t("discard")}</Button>
                </div>
              </li>
            );
          })}
          {notices.map((n) => (
            <li key={n.id} class="issue">
              <p>
                <strong>{t("conflictTitle")}</strong> · {t(`entity_${n.entity}` as MessageKey)}
              </p>
              {n.conflicts.map((c) => (
                <p key={c.field} data-field={c.field}>{t("cfField", { field: fieldLabel(n.entity, c.field), server: valueWords(n.entity, c.field, c.serverValue), mine: valueWords(n.entity, c.field, c.clientValue) })}</p>
              ))}
              <div class="actions">
                <Button kind="secondary" onClick={() => void keepServer(n)}>{t("conflictKeepServer")}</Button>
                <Button kind="primary" onClick={() => void useMine(n)}>{t("conflictUseMine")}</Button>
              </div>
            </li>
          ))}
        </ul>
        {data && <Review rows={data.review} />}
        {queued.length > 0 && (
          <>
            <h2>{t("syncQueue")}</h2>
            <ul class="list" data-testid="queue">
              {queued.map((item) => (
                <li key={item.id} class="row static">
                  <span>{describeItem(item, names)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </Screen>
    </>
  );
}
