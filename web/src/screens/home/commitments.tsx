import { reminders } from "../../../../domain/lintas/follow-up.ts";
import { formatDate, useLang } from "../../i18n/index.ts";
import { th } from "../../i18n/home.ts";
import { app, useData } from "../../state.ts";
import { Badge, Loading } from "../../components/ui.tsx";
import { todayIso } from "../../util/people.ts";
import { itemLike, loadAll, type Progress } from "../lintas/data.ts";
import type { View } from "../../store/local.ts";

/** The creation time a UUIDv7 carries (its first 48 bits, unix ms): when a progress entry was made. */
export function uuidv7Time(id: string): number | null {
  const hex = id.replace(/-/g, "").slice(0, 12);
  return /^[0-9a-f]{12}$/i.test(hex) && id[14] === "7" ? parseInt(hex, 16) : null;
}

/** The date a progress entry reports on: its own date field when it has one, else when it was made. */
function progressDate(p: View<Progress>): string | null {
  const own = (p.data as { date?: unknown; reportedAt?: unknown }).date ?? (p.data as { reportedAt?: unknown }).reportedAt;
  if (typeof own === "string") return own.slice(0, 10);
  const ms = uuidv7Time(p.id);
  return ms === null ? null : new Date(ms).toISOString().slice(0, 10);
}

/**
 * A camat's and a mitra's Home (and the puskesmas's lintas part): the commitment items due in
 * the next 7 days or late, per office (a mitra: its own office only), each with its last
 * progress report.
 */
export default function CommitmentsHome() {
  useLang();
  const user = app.session!.user;
  const { data: d } = useData(loadAll, []);
  if (!d) return <Loading />;
  const today = todayIso();
  const due = reminders(d.items.map(itemLike), today, user.role === "mitra" ? user.officeId : null);
  const byOffice = new Map<string, typeof due>();
  for (const r of due) {
    const k = r.officeId ?? "";
    byOffice.set(k, [...(byOffice.get(k) ?? []), r]);
  }
  const offices = [...byOffice.entries()].sort((a, b) => d.officeName(a[0]).localeCompare(d.officeName(b[0]), "id"));
  const lastProgress = new Map<string, View<Progress>>();
  for (const p of d.progress) {
    const cur = lastProgress.get(p.data.itemId);
    if (!cur || p.id > cur.id) lastProgress.set(p.data.itemId, p);
  }
  return (
    <section data-testid="commitments-due" data-count={due.length}>
      <h2>{user.role === "mitra" ? th("hmCommitMine") : th("hmCommitDue")}</h2>
      {user.role === "mitra" && <p class="muted">{d.officeName(user.officeId)}</p>}
      {due.length === 0 && <p class="muted">{th("hmCommitNone")}</p>}
      {offices.map(([officeId, list]) => (
        <details class="card task-group" open key={officeId} data-testid="office-group" data-office={officeId} data-count={list.length}>
          <summary>
            <span class="group-title">{d.officeName(officeId)} ({list.length})</span>
            {list.some((r) => r.kind === "late") && <> <Badge kind="danger">{th("hmLate")} {list.filter((r) => r.kind === "late").length}</Badge></>}
          </summary>
          <ul class="list">
            {list.map((r) => {
              const it = d.items.find((i) => i.id === r.itemId)!;
              const p = lastProgress.get(r.itemId);
              const pDate = p ? progressDate(p) : null;
              return (
                <li key={r.itemId} data-testid="due-item" data-item={r.itemId} data-kind={r.kind}>
                  <a class="row" href={`#/lintas/commitment/${r.commitmentId}/item/${r.itemId}`}>
                    <span>
                      <strong>{it.data.number}. {it.data.action}</strong>
                      <br />
                      <small class="muted">{th("hmDueOn", { date: formatDate(r.dueDate) })}</small>
                      <br />
                      <small data-testid="last-progress">
                        {p ? th("hmLastProgress", { date: pDate ? formatDate(pDate) : "—", note: p.data.note ?? "—" }) : th("hmNoProgress")}
                      </small>
                    </span>
                    <Badge kind={r.kind === "late" ? "danger" : "warn"}>{r.kind === "late" ? th("hmLateDays", { n: -r.daysLeft }) : th("hmDueInDays", { n: r.daysLeft })}</Badge>
                  </a>
                </li>
              );
            })}
          </ul>
        </details>
      ))}
      <p><a href="#/lintas" class="btn link" data-testid="home-lintas">{th("hmAllCommitments")} ›</a></p>
    </section>
  );
}
