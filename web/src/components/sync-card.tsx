import { formatRelative, t } from "../i18n/index.ts";
import { app, useSyncState } from "../state.ts";
import { Button, Progress } from "./ui.tsx";

/** Sync status as the user needs it: when, what is waiting, what needs them, and a button. */
export function SyncCard({ compact = false }: { compact?: boolean }) {
  const s = useSyncState();
  const busy = s.phase !== "idle";
  return (
    <section class="card sync-card" aria-live="polite" data-testid="sync-card">
      {s.progress && s.progress.total > 0 && (
        <Progress value={s.progress.received} max={s.progress.total} label={t("syncFirst", { received: s.progress.received, total: s.progress.total })} />
      )}
      <p class="sync-last" data-testid="sync-last">{s.lastSyncAt ? t("syncLast", { time: formatRelative(s.lastSyncAt) }) : t("syncNever")}</p>
      <p data-testid="sync-pending" class={s.counts.pending ? "warn-text" : "ok-text"}>
        {s.counts.pending ? t("syncPending", { n: s.counts.pending }) : t("syncAllSent")}
      </p>
      {s.counts.rejected > 0 && (
        <p>
          <a href="#/sync" class="danger-text" data-testid="sync-rejected">{t("syncRejected", { n: s.counts.rejected })}</a>
        </p>
      )}
      {s.counts.conflicts > 0 && (
        <p>
          <a href="#/sync" class="warn-text">{t("syncConflicts", { n: s.counts.conflicts })}</a>
        </p>
      )}
      {!compact && s.offline && <p class="muted">{t("syncOffline")}</p>}
      {!compact && s.error && !s.offline && s.auth === "ok" && <p class="muted">{t("syncError", { message: s.error.message })}</p>}
      {!compact && s.nextRetryAt && !busy && <p class="muted">{t("syncRetryAt", { time: formatRelative(s.nextRetryAt) })}</p>}
      <Button kind={s.counts.pending ? "primary" : "secondary"} disabled={busy} onClick={() => void app.engine.sync("manual")} data-testid="sync-now">
        {busy ? t("syncing") : t("syncNow")}
      </Button>
    </section>
  );
}
