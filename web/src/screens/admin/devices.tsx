import { useState } from "preact/hooks";
import { formatDate, formatRelative, t, type MessageKey } from "../../i18n/index.ts";
import { ta } from "../../i18n/admin-console.ts";
import { toast } from "../../state.ts";
import { Badge, Button, Header, Loading, Screen } from "../../components/ui.tsx";
import { adminApi, type DeviceRow } from "./api.ts";
import { formErrors } from "./logic.ts";
import { ConfirmDialog, ErrorLine, RefreshButton, useApi } from "./shared.tsx";

const deviceName = (d: DeviceRow) => d.name ?? ta("admDeviceUnnamed");

function DeviceItem({ d, showUser, onRevoke }: { d: DeviceRow; showUser: boolean; onRevoke: (d: DeviceRow) => void }) {
  const stuck = d.outbox && (d.outbox.pending > 0 || d.outbox.rejected > 0);
  return (
    <li class="row" data-testid="admin-device" data-device-id={d.id} data-revoked={d.revokedAt ? "true" : "false"}>
      <span>
        <strong>{deviceName(d)}</strong>
        {showUser ? <span class="muted"> · <a href={`#/admin/users/${d.userId}`}>{d.userName}</a> · {t(`role_${d.role}` as MessageKey)}</span> : null}
        <br />
        <span class="muted" data-testid="admin-device-sync">
          {d.lastSyncAt ? ta("admLastSync", { when: formatRelative(Date.parse(d.lastSyncAt)) }) : ta("admNeverSynced")}
          {!d.lastSyncAt && d.lastSeenAt ? ` · ${ta("admLastSeen", { when: formatRelative(Date.parse(d.lastSeenAt)) })}` : ""}
        </span>
        <br />
        <span class={stuck ? "warn-text" : "muted"} data-testid="admin-device-outbox">
          {d.outbox ? ta("admOutbox", { pending: d.outbox.pending, rejected: d.outbox.rejected }) : ta("admOutboxUnknown")}
        </span>
      </span>
      {d.revokedAt ? (
        <Badge kind="danger">{ta("admRevoked", { date: formatDate(d.revokedAt) })}</Badge>
      ) : (
        <Button kind="danger" class="btn danger admin-small" onClick={() => onRevoke(d)} data-testid="admin-device-revoke" aria-label={`${ta("admRevoke")} ${deviceName(d)}`}>
          {ta("admRevoke")}
        </Button>
      )}
    </li>
  );
}

/** Enrolled devices (of one user, or all in the area), newest first, each revocable after a confirmation. */
export function DeviceList({ userId }: { userId?: string }) {
  const devices = useApi(() => adminApi.devices(userId), [userId]);
  const [asking, setAsking] = useState<DeviceRow | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoke = async (d: DeviceRow) => {
    setBusy(true);
    try {
      await adminApi.revokeDevice(d.id);
      setError(null);
      toast(ta("admRevokeDone"));
      devices.reload();
    } catch (e) {
      setError(formErrors(e).general);
    } finally {
      setBusy(false);
      setAsking(null);
    }
  };
  return (
    <>
      <div class="admin-tools">
        <RefreshButton onClick={devices.reload} />
      </div>
      <ErrorLine text={devices.error ?? error} />
      {devices.loading && !devices.data ? <Loading /> : null}
      {devices.data && devices.data.length === 0 && <p class="muted">{ta("admNoDevices")}</p>}
      <ul class="list" data-testid="admin-devices">
        {(devices.data ?? []).map((d) => <DeviceItem key={d.id} d={d} showUser={!userId} onRevoke={setAsking} />)}
      </ul>
      {asking && (
        <ConfirmDialog title={ta("admRevokeTitle")} confirm={ta("admRevokeConfirm")} onConfirm={() => void revoke(asking)} onCancel={() => setAsking(null)} busy={busy} testId="admin-revoke-dialog">
          <p>{ta("admRevokeBody", { device: deviceName(asking), name: asking.userName, pending: asking.outbox ? asking.outbox.pending : "?" })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

export function DevicesScreen() {
  return (
    <>
      <Header title={ta("admDevices")} backTo="#/admin" />
      <Screen>
        <DeviceList />
      </Screen>
    </>
  );
}
