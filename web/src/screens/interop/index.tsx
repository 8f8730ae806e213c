/**
 * Interoperability (issue 13), for roles with interop:export (puskesmas: its kecamatan; dinkes: its
 * kabupaten): the SATUSEHAT FHIR R4 export and its send log (fhir.tsx), and the monthly report
 * files the puskesmas sends upward (reports.tsx). A lazy chunk (app.tsx), never in the first load;
 * both need a signal, and the server checks every call again.
 *
 * Routes:
 *   #/interop                 both sections
 *   #/interop?month=YYYY-MM   a chosen month (default: the last closed month)
 */
import { t } from "../../i18n/index.ts";
import type { Route } from "../../router.ts";
import { Header, Screen } from "../../components/ui.tsx";
import { previousMonth } from "../../../../domain/rules/dates.ts";
import { todayIso } from "../../util/people.ts";
import { FhirExport } from "./fhir.tsx";
import { SatusehatSend } from "./send.tsx";
import { MonthlyReports } from "./reports.tsx";

export default function InteropConsole({ route }: { route: Route }) {
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(route.query.get("month") ?? "") ? route.query.get("month")! : previousMonth(todayIso().slice(0, 7));
  return (
    <>
      <Header title={t("interopHomeLink")} backTo="#/" />
      <Screen>
        {/* The send panel follows the month (and a dinkes's kecamatan) chosen in the export panel. */}
        <FhirExport month={month} send={(s) => s.month && <SatusehatSend month={s.month} area={s.area} />} />
        <MonthlyReports month={month} />
      </Screen>
    </>
  );
}
