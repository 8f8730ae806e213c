import { useEffect, useMemo, useState } from "preact/hooks";
import { HEALTH_WRITE_ROLES } from "../../auth/session.ts";
import { t } from "../../i18n/index.ts";
import { navigate, type Route } from "../../router.ts";
import { app, useData } from "../../state.ts";
import type { View } from "../../store/local.ts";
import { Badge, Header, LinkButton, Loading, Screen } from "../../components/ui.tsx";
import { ageLabel, sexLabel, type Area, type Dusun, type Household, type Person } from "../../util/people.ts";
import { groupDusunByDesa } from "../../util/registry.ts";
import { search } from "../../util/search.ts";

/**
 * The registry's first screen: the dusun of the user's area with their household counts. The
 * counts come from the byRef index (LocalStore.countByRefs) without opening a household or a
 * person, so the list is drawn at once on a phone holding 10,000 persons.
 */
export interface RegistryHome {
  dusun: View<Dusun>[];
  /** Desa area rows, for the pekon names the dusun are grouped under. */
  desa: View<Area>[];
  /** Households per dusun id ("-": households without a dusun). */
  counts: Map<string, number>;
  /** Nothing registered yet (no household, no person). */
  empty: boolean;
}

export async function loadRegistryHome(): Promise<RegistryHome> {
  const [allDusun, areas] = await Promise.all([app.store.list<Dusun>("dusun"), app.store.list<Area>("area")]);
  // Reference data covers the whole kecamatan; the registry shows the user's own area.
  const area = app.session!.user.areaCode;
  const dusun = allDusun.filter((d) => d.data.desaCode === area || d.data.desaCode.startsWith(area + "."));
  dusun.sort((a, b) => a.data.name.localeCompare(b.data.name));
  const ids = [...dusun.map((d) => d.id), "-"];
  const [byRef, households, persons] = await Promise.all([
    app.store.countByRefs("household", ids.map((id) => `dusun:${id}`)),
    app.store.countRows("household"),
    app.store.countRows("person"),
  ]);
  const counts = new Map(ids.map((id) => [id, byRef.get(`dusun:${id}`) ?? 0]));
  const desa = areas.filter((a) => a.data.level === "desa");
  return { dusun, desa, counts, empty: households + persons === 0 };
}

/** One dusun's households with their members: only that dusun's rows are read and opened (byRef). */
export async function loadDusunHouseholds(dusunId: string): Promise<{ h: View<Household>; members: View<Person>[] }[]> {
  const households = await app.store.listByRef<Household>("household", `dusun:${dusunId}`);
  const members = await app.store.listByRefs<Person>("person", households.map((h) => `household:${h.id}`));
  return households
    .map((h) => ({ h, members: members.get(`household:${h.id}`) ?? [] }))
    .sort((a, b) => householdTitle(a.members).localeCompare(householdTitle(b.members)));
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

/** Maximum search results drawn (the count says how many matched). */
const RESULTS_DRAWN = 100;

/** Households by dusun, then persons; one search box over every name and NIK. */
export function Registry({ route }: { route: Route }) {
  const dusunId = route.query.get("dusun");
  const { data } = useData(loadRegistryHome, []);
  const { data: opened } = useData(async () => (dusunId === null ? null : { dusunId, list: await loadDusunHouseholds(dusunId) }), [dusunId]);
  // The list of the dusun on screen only (another dusun's stays until this one's is read).
  const households = opened && opened.dusunId === dusunId ? opened.list : undefined;
  const [query, setQuery] = useState(() => lastQuery);
  useEffect(() => {
    queryListeners.add(setQuery);
    // A clear between the first render and this effect (the tab's click clears through a dynamic
    // import, app.tsx) had no listener to tell: catch up now, as useDataVersion does.
    setQuery(lastQuery);
    return () => void queryListeners.delete(setQuery);
  }, []);
  const canWrite = HEALTH_WRITE_ROLES.includes(app.session!.user.role);
  // The search index (every person of the area, opened and folded in memory) is built after the
  // first screen is drawn, so the list never waits for it, and kept up to date on every change.
  const { data: index } = useData(async () => (data ? app.store.personIndex() : null), [!!data]);

  const searching = query.trim().length >= 2;
  const results = useMemo(() => (searching && index ? search(query, index.words).map((i) => index.persons[i] as View<Person>) : null), [index, query, searching]);

  const setQ = (q: string) => {
    setQuery(q);
    lastQuery = q;
  };

  const dusunName = (id: string | null) => (id ? data?.dusun.find((d) => d.id === id)?.data.name ?? "?" : t("noDusun"));

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
        {(!data || (searching && !results)) && <Loading />}
        {data && results && index && (
          <section>
            <p class="muted" aria-live="polite">{results.length ? t("searchResults", { n: results.length }) : t("noResults")}</p>
            <ul class="list" data-testid="search-results">
              {results.slice(0, RESULTS_DRAWN).map((p) => (
                <li key={p.id}>
                  <a class="row" href={`#/person/${p.id}`}>
                    <span>
                      <strong>{p.data.name}</strong> <StatusBadge v={p} />
                      <br />
                      <small class="muted">
                        {sexLabel(p.data.sex)} · {ageLabel(p.data)} · {dusunName(index.dusunOf.get(p.data.householdId) ?? null)}
                        {p.data.nik ? <> · <span class="num">{p.data.nik}</span></> : ""}
                      </small>
                    </span>
                    <span aria-hidden="true">›</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
        {data && !searching && dusunId === null && <DusunList data={data} />}
        {data && !searching && dusunId !== null && (
          <section>
            <h2>{dusunName(dusunId === "-" ? null : dusunId)}</h2>
            {!households && <Loading />}
            <ul class="list" data-testid="household-list">
              {households?.map(({ h, members }) => (
                <li key={h.id}>
                  <a class="row" href={`#/household/${h.id}`}>
                    <span>
                      <strong>{householdTitle(members)}</strong> <StatusBadge v={h} />
                      <br />
                      <small class="muted">
                        {h.data.rt ? `RT ${h.data.rt} · ` : ""}
                        {t("memberCount", { n: members.length })}
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
        {data && data.empty && <p class="muted">{t("todayEmpty")}</p>}
      </Screen>
    </>
  );
}

/**
 * One list for a pustu or kader (one pekon); above a pekon (puskesmas, dinkes) the dusun sit under
 * their pekon's name with its count, since every pekon has its "Dusun I" (issue 12).
 */
function DusunList({ data }: { data: RegistryHome }) {
  const row = (id: string, name: string) => {
    const count = data.counts.get(id) ?? 0;
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
  const orphans = (data.counts.get("-") ?? 0) > 0 ? row("-", t("noDusun")) : null;
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
