import { HEALTH_ROLES } from "../../auth/session.ts";
import { formatDate, t, type MessageKey } from "../../i18n/index.ts";
import { app, useData } from "../../state.ts";
import { SyncCard } from "../../components/sync-card.tsx";
import { Header, Screen } from "../../components/ui.tsx";
import { ageLabel, todayIso, type Person, type VisitRecord } from "../../util/people.ts";

/** Today's work, for now: unfinished forms and pregnant women with no ANC visit this month. */
async function loadToday() {
  const [drafts, persons, records] = await Promise.all([app.store.listDrafts(), app.store.list<Person>("person"), app.store.list<VisitRecord>("record")]);
  const month = todayIso().slice(0, 7);
  const lastAnc = new Map<string, string>();
  for (const r of records) {
    if (r.data.formId !== "anc") continue;
    const prev = lastAnc.get(r.data.personId);
    if (!prev || r.data.visitDate > prev) lastAnc.set(r.data.personId, r.data.visitDate);
  }
  const ancDue = persons
    .filter((p) => p.data.pregnant && !(lastAnc.get(p.id) ?? "").startsWith(month))
    .map((p) => ({ person: p, last: lastAnc.get(p.id) ?? null }))
    .sort((a, b) => (a.last ?? "").localeCompare(b.last ?? ""));
  return { drafts: drafts.sort((a, b) => b.updatedAt - a.updatedAt), ancDue };
}

export function Home() {
  const user = app.session!.user;
  const health = HEALTH_ROLES.includes(user.role);
  const { data } = useData(loadToday, []);
  return (
    <>
      <Header title={t("appName")} />
      <Screen>
        <p class="welcome">
          {t("welcome", { name: user.name })} · <span class="muted">{t(`role_${user.role}` as MessageKey)}</span>
        </p>
        <SyncCard />
        <h2>{t("today")}</h2>
        {data && data.drafts.length > 0 && (
          <section>
            <h3>{t("drafts")}</h3>
            <ul class="list">
              {data.drafts.map((d) => (
                <li key={d.key}>
                  <a href={d.route} class="row">
                    <span>{d.title}</span>
                    <span class="muted">{t("continueDraft")} ›</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
        {!health && <p class="muted">{t("noHealthAccess")}</p>}
        {health && data && data.ancDue.length > 0 && (
          <section>
            <h3>{t("ancDue")}</h3>
            <ul class="list" data-testid="anc-due">
              {data.ancDue.slice(0, 30).map(({ person, last }) => (
                <li key={person.id}>
                  <a href={`#/person/${person.id}`} class="row">
                    <span>
                      <strong>{person.data.name}</strong> <span class="muted">{ageLabel(person.data)}</span>
                      <br />
                      <small class="muted">{last ? t("ancLastVisit", { date: formatDate(last) }) : t("ancNoVisit")}</small>
                    </span>
                    <span aria-hidden="true">›</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
        {health && data && data.drafts.length === 0 && data.ancDue.length === 0 && <p class="muted">{t("todayEmpty")}</p>}
      </Screen>
    </>
  );
}
