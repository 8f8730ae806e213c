import { formatRelative, t, type MessageKey } from "../../i18n/index.ts";
import { app, dataChanged, useData } from "../../state.ts";
import { SyncCard } from "../../components/sync-card.tsx";
import { Button, Header, Screen } from "../../components/ui.tsx";
import { describeItem, fixRoute } from "../../util/outbox.ts";
import { navigate } from "../../router.ts";
import type { ConflictNotice } from "../../store/db.ts";

const show = (v: unknown) => (v === null || v === undefined ? "—" : Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v));

/** The server names the fields it refused (`details.fields`), e.g. a visit's answers. */
function fieldErrors(details: unknown): [string, string][] {
  const fields = (details as { fields?: unknown } | undefined)?.fields;
  if (!fields || typeof fields !== "object") return [];
  return Object.entries(fields as Record<string, unknown>).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
}

async function refresh() {
  await app.engine.refreshCounts();
  dataChanged();
}

/** The user's own changes: what waits, what the server refused (and why), and what conflicted. */
export function SyncScreen() {
  const { data } = useData(async () => ({ items: await app.store.outboxItems(), notices: await app.store.notices() }), []);
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
        {data && rejected.length === 0 && data.notices.length === 0 && <p class="muted">{t("syncNoIssues")}</p>}
        <ul class="list issues" data-testid="rejected-list">
          {rejected.map((item) => {
            const route = fixRoute(item);
            return (
              <li key={item.id} class="issue">
                <p>
                  <strong>{describeItem(item)}</strong>
                </p>
                <p class="danger-text">{t("rejectedReason", { reason: item.error?.message ?? item.error?.code ?? "?" })}</p>
                {fieldErrors(item.error?.details).map(([f, m]) => (
                  <p key={f} class="danger-text"><small>{f}: {m}</small></p>
                ))}
                <p class="muted"><small>{item.error?.code} · {formatRelative(item.createdAt)}</small></p>
                <div class="actions">
                  {route && <Button kind="primary" onClick={() => navigate(route)}>{t("fix")}</Button>}
                  <Button kind="secondary" onClick={() => void resend(item.id)}>{t("resend")}</Button>
                  <Button kind="danger" onClick={() => void discard(item.id)}>{t("discard")}</Button>
                </div>
              </li>
            );
          })}
          {data?.notices.map((n) => (
            <li key={n.id} class="issue">
              <p>
                <strong>{t("conflictTitle")}</strong> · {t(`entity_${n.entity}` as MessageKey)}
              </p>
              {n.conflicts.map((c) => (
                <p key={c.field}>{t("conflictField", { field: c.field, server: show(c.serverValue), mine: show(c.clientValue) })}</p>
              ))}
              <div class="actions">
                <Button kind="secondary" onClick={() => void keepServer(n)}>{t("conflictKeepServer")}</Button>
                <Button kind="primary" onClick={() => void useMine(n)}>{t("conflictUseMine")}</Button>
              </div>
            </li>
          ))}
        </ul>
        {queued.length > 0 && (
          <>
            <h2>{t("syncQueue")}</h2>
            <ul class="list" data-testid="queue">
              {queued.map((item) => (
                <li key={item.id} class="row static">
                  <span>{describeItem(item)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </Screen>
    </>
  );
}
