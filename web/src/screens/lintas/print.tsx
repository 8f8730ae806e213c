import { useEffect, useState } from "preact/hooks";
import { areaAncestor } from "../../../../domain/area/codes.ts";
import { verificationCode } from "../../../../domain/lintas/content.ts";
import { formatDate, locale, t, useLang, type MessageKey } from "../../i18n/index.ts";
import { useData } from "../../state.ts";
import { SignatureSvg } from "../../components/signature.tsx";
import { Button, Loading } from "../../components/ui.tsx";
import { todayIso } from "../../util/people.ts";
import { commitmentParts, currentHash, loadAll, refreshAreasAbove } from "./data.ts";

/**
 * The paper copy of a Komitmen Bersama, the document a camat signs in public (issue 12, item 6):
 * the letterhead (kop) of the kecamatan's government, the title, the meeting it came from, its
 * attendance list with offices, the numbered items, a signature block for every party (drawn
 * from its vector strokes when signed, left blank to sign on paper when not), the place and date,
 * and the version with a short verification code that a reader compares with the app's screen.
 *
 * One layout for A4 (print CSS: @page A4, tables) and for a 360 px phone (the tables fold into
 * one card per row), with no horizontal overflow on either.
 */
export function PrintPage({ id }: { id: string }) {
  useLang();
  const [named, setNamed] = useState(0);
  const { data: d } = useData(loadAll, [id, named]);
  const [hash, setHash] = useState<string | null>(null);
  // The kabupaten's name is not among the rows this phone pulls: ask once, keep it for offline.
  useEffect(() => void refreshAreasAbove().then((changed) => changed && setNamed((n) => n + 1)), []);
  useEffect(() => {
    if (!d) return;
    const { commitment, parties, items, versions } = commitmentParts(d, id);
    if (!commitment) return;
    // The server's frozen copy of a signed version is what its signatures bind; else the content as it stands.
    const frozen = versions.find((v) => v.data.docVersion === commitment.data.docVersion);
    if (frozen) setHash(frozen.data.contentHash);
    else void currentHash(commitment.data, parties, items).then(setHash);
  }, [d, id]);
  if (!d) return <Loading />;
  const { commitment, parties, items, signatures } = commitmentParts(d, id);
  if (!commitment) return <Loading />;
  const c = commitment.data;
  const sigs = signatures.filter((s) => s.data.docVersion === c.docVersion);
  const meeting = d.meetings.find((m) => m.id === c.meetingId);
  const attendance = meeting ? d.attendances.filter((a) => a.data.meetingId === meeting.id).sort((a, b) => (a.id < b.id ? -1 : 1)) : [];
  const kab = d.areaName(areaAncestor(c.kecCode, "kabupaten"));
  const kec = d.areaName(c.kecCode);
  // Every party once, in the order they joined the document.
  const partyOffices = [...new Set(parties.sort((a, b) => (a.id < b.id ? -1 : 1)).map((p) => p.data.officeId))];
  const signedAtPlace = meeting ? meeting.data.date : (sigs[0]?.data.signedAt.slice(0, 10) ?? todayIso());
  const cell = (label: string, v: preact.ComponentChildren) => <td data-label={label}>{v}</td>;
  return (
    <div class="print-page" data-testid="lx-print-page">
      <div class="no-print actions">
        <Button onClick={() => window.print()}>{t("lxPrintNow")}</Button>
        <a class="btn secondary" href={`#/lintas/commitment/${id}`}>{t("back")}</a>
      </div>
      <article class="a4" data-testid="lx-doc">
        <header class="kop" data-testid="lx-kop">
          {kab && <div class="kop-gov">{t("lxKopGov", { name: kab })}</div>}
          <div class="kop-kec">{t("lxKopKec", { name: kec ?? c.kecCode })}</div>
        </header>
        <h1 class="doc-heading">{t("lxDocHeading")}</h1>
        <p class="doc-title" data-testid="lx-print-title"><strong>{c.title}</strong><br />{t("lxPeriod")}: {c.period}</p>
        <p data-testid="lx-print-meeting">
          {meeting
            ? t("lxDocMeeting", {
                kind: t(meeting.data.kind === "lintas_program" ? "lxKindProgram" : "lxKindSektor"), date: longDate(meeting.data.date), place: meeting.data.place, chair: meeting.data.chair,
              })
            : t("lxDocNoMeeting")}
        </p>

        <h2>{t("lxAttendance")}</h2>
        {attendance.length === 0 ? <p class="muted">{t("lxNoAttendance")}</p> : (
          <table class="print-table print-att" data-testid="lx-print-attendance">
            <thead><tr><th>{t("lxNo")}</th><th>{t("lxName")}</th><th>{t("lxPosition")}</th><th>{t("lxOffice")}</th><th>{t("lxSignatureCol")}</th></tr></thead>
            <tbody>
              {attendance.map((a, i) => (
                <tr key={a.id}>
                  {cell(t("lxNo"), i + 1)}{cell(t("lxName"), a.data.name)}{cell(t("lxPosition"), a.data.position)}{cell(t("lxOffice"), d.officeName(a.data.officeId))}
                  {cell(t("lxSignatureCol"), a.data.signature ? <SignatureSvg strokes={a.data.signature} label={t("lxSignatureOf", { name: a.data.name })} /> : "")}
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2>{t("lxItems")}</h2>
        <table class="print-table print-items">
          <thead><tr><th>{t("lxNo")}</th><th>{t("lxResponsible")}</th><th>{t("lxAction")}</th><th>{t("lxIndicator")}</th><th>{t("lxTarget")}</th><th>{t("lxDesa")}</th><th>{t("lxDue")}</th><th>{t("lxStatus")}</th></tr></thead>
          <tbody>
            {items.map((v) => (
              <tr key={v.id}>
                {cell(t("lxNo"), v.data.number)}{cell(t("lxResponsible"), d.officeName(v.data.officeId))}{cell(t("lxAction"), v.data.action)}{cell(t("lxIndicator"), v.data.indicator)}
                {cell(t("lxTarget"), v.data.targetKind === "yesno" ? t("lxTargetYesNo") : `${v.data.targetValue ?? ""} ${v.data.targetUnit ?? ""}`)}
                {cell(t("lxDesa"), v.data.desaCodes ? v.data.desaCodes.map(d.desaName).join(", ") : t("lxAllDesa"))}
                {cell(t("lxDue"), formatDate(v.data.dueDate))}{cell(t("lxStatus"), t(`lxItem_${v.data.status}` as MessageKey))}
              </tr>
            ))}
          </tbody>
        </table>

        <p class="print-place" data-testid="lx-print-place">{kec ?? c.kecCode}, {longDate(signedAtPlace)}</p>
        <div class="print-sigs">
          {partyOffices.map((officeId) => {
            const s = sigs.find((x) => x.data.officeId === officeId);
            return (
              <section key={officeId} class="print-sig" data-testid="lx-party-block" data-office={officeId} data-signed={s ? "1" : "0"}>
                <div class="for">{t("lxPartyFor", { office: d.officeName(officeId) })}</div>
                <div class="space">
                  {s ? <SignatureSvg strokes={s.data.strokes} label={t("lxSignatureOf", { name: s.data.name })} /> : <span class="muted small">{t("lxNotSignedYet")}</span>}
                </div>
                <div class="who"><strong>{s?.data.name ?? " "}</strong></div>
                <div class="line">{t("lxName")}</div>
                <div class="who">{s?.data.position ?? " "}</div>
                <div class="line">{t("lxPosition")}</div>
                {s && <div class="muted small">{s.data.signedAt.replace("T", " ").slice(0, 16)}</div>}
              </section>
            );
          })}
        </div>
        <footer class="print-foot" data-testid="lx-print-footer">
          <span>{t("lxVersion", { n: c.docVersion })}</span>
          {hash && <span data-testid="lx-verification"> · {t("lxVerification", { code: verificationCode(hash) })}</span>}
          <span> · {t("lxPrinted", { date: formatDate(todayIso()) })}</span>
          <br /><span class="muted">{t("lxVerificationHint")}</span>
        </footer>
      </article>
    </div>
  );
}

/** A letter's date, month in full ("3 Desember 2026"), as an official document writes it. */
function longDate(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(locale(), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}
