import { useEffect, useMemo, useState } from "preact/hooks";
import { HEALTH_WRITE_ROLES } from "../../auth/session.ts";
import { t } from "../../i18n/index.ts";
import { navigate, type Route } from "../../router.ts";
import { app, useData } from "../../state.ts";
import type { View } from "../../store/local.ts";
import { Badge, Header, LinkButton, Loading, Screen } from "../../components/ui.tsx";
import { ageLabel, sexLabel, type Area, type Dusun, type Household, type Person } from "../../util/people.ts";
import { groupDusunByDesa } from "../../util/registry.ts";
import { matches, searchable } from "../../util/search.ts";

export interface RegistryData {
  dusun: View<Dusun>[];
  /** Desa area rows, for the pekon names the dusun are grouped under. */
  desa: View<Area>[];
  households: View<Household>[];
  persons: View<Person>[];
  membersOf: Map<string, View<Person>[]>;
}

export async function loadRegistry(): Promise<RegistryData> {
  const [allDusun, households, persons, areas] = await Promise.all([
    app.store.list<Dusun>("dusun"), app.store.list<Household>("household"), app.store.list<Person>("person"), app.store.list<Area>("area"),
  ]);
  // Reference data covers the whole kecamatan; the registry shows the user's own area.
  const area = app.session!.user.areaCode;
  const dusun = allDusun.filter((d) => d.data.desaCode === area || d.data.desaCode.startsWith(area + "."));
  const membersOf = new Map<string, View<Person>[]>();
  for (const p of persons) {
    const list = membersOf.get(p.data.householdId) ?? [];
    list.push(p);
    membersOf.set(p.data.householdId, list);
  }
  dusun.sort((a, b) => a.data.name.localeCompare(b.data.name));
  const desa = areas.filter((a) => a.data.level === "desa");
  return { dusun, desa, households, persons, membersOf };
}

export function householdTitle(members: View<Person>[] | undefined): string {
  const head = members?.find((m) => m.data.relation === "kepala") ?? members?.[0];
  return head ? t("householdOf", { name: head.data.name }) : t("householdNoHead");
}

function StatusBadge({ v }: { v: View }) {
  if (v.status === "pending") return <Badge kind="info">{t("status_pending")}</Badge>;
  if (v.status === "rejected") return <Badge kind="danger">{t("status_rejected")}</Badge>;
  if (v.needsReview) return <Badge kind="warn">{t("status_review")}</Badge>;
  return null;
}
export { StatusBadge };

/**
 * The last search, kept while the page lives so going back to the list keeps it; in memory only,
 * since a query is a name (sessionStorage would keep it in clear on disk).
 */
let lastQuery = "";
const queryListeners = new Set<(q: string) => void>();

/**
 * Returning to the Warga tab starts a fresh search (issue 12): an old name in the box hid the
 * dusun list. Back from a person found by search still keeps the results (that is not the tab).
 */
export function clearRegistrySearch(): void {
  lastQuery = "";
  for (const fn of queryListeners) fn("");
}

/** Households by dusun, then persons; one search box over every name and NIK. */
export function Registry({ route }: { route: Route }) {
  const { data } = useData(loadRegistry, []);
  const [query, setQuery] = useState(() => lastQuery);
  useEffect(() => {
    queryListeners.add(setQuery);
    return () => void queryListeners.delete(setQuery);
  }, []);
  const dusunId = route.query.get("dusun");
  const canWrite = HEALTH_WRITE_ROLES.includes(app.session!.user.role);

  const index = useMemo(() => data?.persons.map((p) => ({ p, s: searchable(p.data.name, p.data.nik) })) ?? [], [data]);
  const results = useMemo(() => (query.trim().length >= 2 ? index.filter((x) => matches(query, x.s)).map((x) => x.p) : null), [index, query]);

  const setQ = (q: string) => {
    setQuery(q);
    lastQuery = q;
  };

  const dusunName = (id: string | null) => (id ? data?.dusun.find((d) => d.id === id)?.data.name ?? "?" : t("noDusun"));
  const householdsIn = (id: string | null) => data?.households.filter((h) => (h.data.dusunId ?? null) === id) ?? [];

  return (
    <>
      <Header title={t("registryTitle")} backTo={dusunId !== null ? "#/registry" : undefined} />
      <Screen>
        <div class="search">
          <input
            type="search"
            placeholder={t("search")}
            aria-label={t("search")}
            value={query}
            onInput={(e) => setQ((e.target as HTMLInputElement).value)}
            autoComplete="off"
            spellcheck={false}
            name="q"
          />
        </div>
        {!data && <Loading />}
        {data && results && (
          <section>
            <p class="muted" aria-live="polite">{results.length ? t("searchResults", { n: results.length }) : t("noResults")}</p>
            <ul class="list" data-testid="search-results">
              {results.slice(0, 100).map((p) => {
                const hh = data.households.find((h) => h.id === p.data.householdId);
                return (
                  <li key={p.id}>
                    <a class="row" href={`#/person/${p.id}`}>
                      <span>
                        <strong>{p.data.name}</strong> <StatusBadge v={p} />
                        <br />
                        <small class="muted">
                          {sexLabel(p.data.sex)} · {ageLabel(p.data)} · {dusunName(hh?.data.dusunId ?? null)}
                          {p.data.nik ? <> · <span class="num">{p.data.nik}</span></> : ""}
                        </small>
                      </span>
                      <span aria-hidden="true">›</span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </section>
        )}
        {data && !results && dusunId === null && <DusunList data={data} householdsIn={householdsIn} />}
        {data && !results && dusunId !== null && (
          <section>
            <h2>{dusunName(dusunId === "-" ? null : dusunId)}</h2>
            <ul class="list" data-testid="household-list">
              {householdsIn(dusunId === "-" ? null : dusunId)
                .map((h) => ({ h, members: data.membersOf.get(h.id) }))
                .sort((a, b) => householdTitle(a.members).localeCompare(householdTitle(b.members)))
                .map(({ h, members }) => (
                  <li key={h.id}>
                    <a class="row" href={`#/household/${h.id}`}>
                      <span>
                        <strong>{householdTitle(members)}</strong> <StatusBadge v={h} />
                        <br />
                        <small class="muted">
                          {h.data.rt ? `RT ${h.data.rt} · ` : ""}
                          {t("memberCount", { n: members?.length ?? 0 })}
                          {h.data.address ? ` · ${h.data.address}` : ""}
                        </small>
                      </span>
                      <span aria-hidden="true">›</span>
                    </a>
                  </li>
                ))}
            </ul>
          </section>
        )}
        {data && canWrite && (
          <div class="actions">
            <LinkButton href={`#/household/new${dusunId && dusunId !== "-" ? `?dusun=${dusunId}` : ""}`} kind="primary">
              + {t("addHousehold")}
            </LinkButton>
          </div>
        )}
        {data && data.persons.length === 0 && data.households.length === 0 && <p class="muted">{t("todayEmpty")}</p>}
      </Screen>
    </>
  );
}

/**
 * One list for a pustu or kader (one pekon); above a pekon (puskesmas, dinkes) the dusun sit under
 * their pekon's name with its count, since every pekon has its "Dusun I" (issue 12).
 */
function DusunList({ data, householdsIn }: { data: RegistryData; householdsIn: (id: string | null) => View<Household>[] }) {
  const row = (id: string, name: string) => {
    const count = householdsIn(id === "-" ? null : id).length;
    return (
      <li key={id}>
        <a class="row" href={`#/registry?dusun=${id}`}>
          <span>
            <strong>{name}</strong>
            <br />
            <small class="muted">{t("householdCount", { n: count })}</small>
          </span>
          <span aria-hidden="true">›</span>
        </a>
      </li>
    );
  };
  const groups = groupDusunByDesa(data.dusun, data.desa);
  const orphans = householdsIn(null).length > 0 ? row("-", t("noDusun")) : null;
  if (groups.length <= 1) {
    return (
      <section>
        <ul class="list" data-testid="dusun-list">
          {data.dusun.map((d) => row(d.id, d.data.name))}
          {orphans}
        </ul>
      </section>
    );
  }
  return (
    <section data-testid="dusun-list">
      {groups.map((g) => (
        <div key={g.desaCode} class="desa-group" data-desa={g.desaCode}>
          <h2 class="desa-name">
            {g.name} <small class="muted">· {t("dusunCount", { n: g.dusun.length })}</small>
          </h2>
          <ul class="list">{g.dusun.map((d) => row(d.id, d.data.name))}</ul>
        </div>
      ))}
      {orphans && <ul class="list desa-group">{orphans}</ul>}
    </section>
  );
}

export const goHousehold = (id: string) => navigate(`#/household/${id}`, true);
