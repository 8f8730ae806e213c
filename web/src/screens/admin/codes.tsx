import { useEffect, useRef, useState } from "preact/hooks";
import { formatDate, t, type MessageKey } from "../../i18n/index.ts";
import { ta, type AdminKey } from "../../i18n/admin-console.ts";
import { toast } from "../../state.ts";
import { Badge, Button, Header, Loading, Screen, Select } from "../../components/ui.tsx";
import { adminApi, type AdminUser, type CodeRow, type CodeState, type IssuedCode } from "./api.ts";
import { appUrl, CODE_TTL_MS, countdown, formErrors, shareText, untilText, waLink } from "./logic.ts";
import { ErrorLine, RefreshButton, useApi } from "./shared.tsx";

const STATE_BADGE: Record<CodeState, "ok" | "info" | "warn"> = { unused: "ok", used: "info", expired: "warn" };
const stateLabel = (s: CodeState) => ta(`admCodeState_${s}` as AdminKey);

/** Ticks once a second while shown. */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * A code just issued: big enough to read across a table, with its countdown and a WhatsApp
 * share. It lives in this component only: leaving the screen forgets it (the server keeps
 * only its hash), so a lost code is replaced by issuing a new one.
 */
function IssuedCodeView({ issued, user }: { issued: IssuedCode; user: AdminUser }) {
  const now = useNow();
  const card = useRef<HTMLElement>(null);
  // On a phone the card opens below the fold: bring the code into view as it appears.
  useEffect(() => card.current?.scrollIntoView?.({ block: "center" }), [issued.code]);
  const left = countdown(issued.expiresAt, now);
  const text = shareText(issued.code, appUrl(location), untilText(issued.expiresAt));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(issued.code);
      toast(ta("admCopied"));
    } catch {
      // No clipboard permission (http, old browser): the code is on screen to read out.
    }
  };
  return (
    <section ref={card} class="card admin-code" aria-labelledby="issued-code-title" data-testid="issued-code-card">
      <h3 id="issued-code-title">{ta("admIssueFor", { name: user.name })}</h3>
      <p class="admin-code-big" data-testid="issued-code" aria-live="polite">
        {issued.code}
      </p>
      <p class={left.expired ? "error" : "muted"} data-testid="code-countdown" role="timer">
        {left.expired ? left.text : ta("admCodeLeft", { time: left.text })}
      </p>
      {!left.expired && <progress class="admin-code-left" max={CODE_TTL_MS} value={left.leftMs} aria-hidden="true" />}
      <p class="hint">{ta("admCodeOnce", { name: user.name })}</p>
      {issued.widerRole && <p class="hint warn-text">{ta("admCodeWider")}</p>}
      <div class="row2">
        <a class="btn primary" href={waLink(text)} target="_blank" rel="noopener noreferrer" data-testid="code-share">
          {ta("admShareWa")}
        </a>
        <Button kind="secondary" onClick={() => void copy()} data-testid="code-copy">
          {ta("admCopy")}
        </Button>
      </div>
    </section>
  );
}

export function CodePanel({ user, onIssued }: { user: AdminUser; onIssued: () => void }) {
  const [issued, setIssued] = useState<IssuedCode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const issue = async () => {
    setBusy(true);
    try {
      setIssued(await adminApi.issueCode(user.id));
      setError(null);
      onIssued();
    } catch (e) {
      setError(formErrors(e).general);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="admin-block">
      {issued && <IssuedCodeView issued={issued} user={user} />}
      <Button kind={issued ? "secondary" : "primary"} onClick={() => void issue()} disabled={busy} data-testid="admin-issue-code">
        {ta("admIssueCode")}
      </Button>
      <ErrorLine text={error} />
    </div>
  );
}

function CodeItem({ c, showUser }: { c: CodeRow; showUser: boolean }) {
  const by = c.issuedBy ? c.issuedBy.name ?? t(`role_${c.issuedBy.role}` as MessageKey) : "—";
  return (
    <li class="row static" data-testid="admin-code" data-state={c.state}>
      <span class="admin-line">
        {showUser ? <a href={`#/admin/users/${c.userId}`}><strong>{c.userName}</strong></a> : null}
        {showUser ? <span class="muted"> · {t(`role_${c.role}` as MessageKey)}</span> : null}
        <Badge kind={STATE_BADGE[c.state]}>{stateLabel(c.state)}</Badge>
        {c.demo && <Badge kind="info">{ta("admCodeDemo")}</Badge>}
        {/* Issue 9: a code for a user who holds more than its issuer is flagged here as in the audit log. */}
        {c.widerRole && <span class="badge danger" data-testid="admin-code-wider">{ta("admCodeWiderList")}</span>}
      </span>
      <br />
      <span class="muted">
        {ta("admCodeIssued", { date: formatDate(c.issuedAt), by })}
        {c.usedAt ? ` · ${ta("admCodeUsedAt", { date: formatDate(c.usedAt) })}` : c.state === "unused" ? ` · ${ta("admCodeLeft", { time: countdown(c.expiresAt, Date.now()).text })}` : ""}
      </span>
    </li>
  );
}

/** Codes of one user (or all in the area): which are unused, used or expired. Never the code itself. */
export function CodeList({ userId, version = 0, state = "" }: { userId?: string; version?: number; state?: CodeState | "" }) {
  const codes = useApi(() => adminApi.codes(userId), [userId, version]);
  const shown = (codes.data ?? []).filter((c) => !state || c.state === state);
  return (
    <>
      <ErrorLine text={codes.error} />
      {codes.loading && !codes.data ? <Loading /> : null}
      {codes.data && shown.length === 0 && <p class="muted">{ta("admNoCodes")}</p>}
      <ul class="list" data-testid="admin-codes">
        {shown.map((c) => <CodeItem key={c.issuedAt + c.userId} c={c} showUser={!userId} />)}
      </ul>
    </>
  );
}

export function CodesScreen() {
  const [state, setState] = useState<CodeState | "">("unused");
  const [version, setVersion] = useState(0);
  return (
    <>
      <Header title={ta("admCodes")} backTo="#/admin" />
      <Screen>
        <div class="admin-tools">
          <Select
            label={ta("admFilterState")} value={state} onValue={(v) => setState(v as CodeState | "")} placeholder={false}
            options={[{ value: "", label: ta("admAll") }, ...(["unused", "used", "expired"] as const).map((s) => ({ value: s, label: stateLabel(s) }))]}
          />
          <RefreshButton onClick={() => setVersion((n) => n + 1)} />
        </div>
        <CodeList version={version} state={state} />
      </Screen>
    </>
  );
}
