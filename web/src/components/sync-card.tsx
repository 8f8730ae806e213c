import { formatNumber, formatRelative, locale, serverError, t } from "../i18n/index.ts";
import { app, useSyncState } from "../state.ts";
import { etaParts, expectedBytes, formatBytes, shownEta } from "../sync/progress.ts";
import { Button, Progress } from "./ui.tsx";

/** Sync status as the user needs it: when, what is waiting, what needs them, and a button. */
export function SyncCard({ compact = false }: { compact?: boolean }) {
  const s = useSyncState();
  const busy = s.phase !== "idle";
  const p = s.progress && s.progress.total > 0 ? s.progress : null;
  const bytesTotal = p ? expectedBytes(p) : null;
  const eta = p ? shownEta(p.etaMs) : null;
  const etaText = eta === null ? null : ((x) => t(x.unit === "s" ? "syncEtaSec" : "syncEtaMin", { n: x.n }))(etaParts(eta));
  return (
    <section class="card sync-card" aria-live="polite" data-testid="sync-card">
      {p && (
        <Progress value={p.received} max={p.total} label={t("syncFirst", { received: formatNumber(p.received), total: formatNumber(p.total) })}>
          {p.bytes !== undefined && bytesTotal !== null && <span data-testid="sync-bytes">{t("syncFirstBytes", { got: formatBytes(p.bytes, locale()), total: formatBytes(bytesTotal, locale()) })}</span>}
          {etaText && <span data-testid="sync-eta">{etaText}</span>}
        </Progress>
      )}
      <p class="sync-last" data-testid="sync-last">{s.lastSyncAt ? t("syncLast", { time: formatRelative(s.lastSyncAt) }) : t("syncNever")}</p>
      {/* While the area data is still coming, "everything sent" reads as "everything is here". */}
      {(s.counts.pending > 0 || !p) && (
        <p data-testid="sync-pending" class={s.counts.pending ? "warn-text" : "ok-text"}>
          {s.counts.pending ? t("syncPending", { n: s.counts.pending }) : t("syncAllSent")}
        </p>
      )}
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
      {!compact && s.error && !s.offline && s.auth === "ok" && <p class="muted">{t("syncError", { message: serverError(s.error.code, s.error.message) })}</p>}
      {!compact && s.nextRetryAt && !busy && <p class="muted">{t("syncRetryAt", { time: formatRelative(s.nextRetryAt) })}</p>}
      <Button kind={s.counts.pending ? "primary" : "secondary"} disabled={busy} onClick={() => void app.engine.sync("manual")} data-testid="sync-now">
        {busy ? t("syncing") : t("syncNow")}
      </Button>
    </section>
  );
}
