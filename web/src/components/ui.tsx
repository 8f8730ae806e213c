import type { ButtonHTMLAttributes, ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { t } from "../i18n/index.ts";
import { back } from "../router.ts";

export function Header({ title, backTo, action }: { title: string; backTo?: string; action?: ComponentChildren }) {
  return (
    <header class="bar">
      {backTo !== undefined && (
        <button type="button" class="icon-btn" aria-label={t("back")} onClick={() => back(backTo)}>
          ‹
        </button>
      )}
      <h1>{title}</h1>
      {action}
    </header>
  );
}

export function Screen({ children }: { children: ComponentChildren }) {
  return <main class="screen">{children}</main>;
}

export function FieldShell(props: { id: string; name?: string; label: string; hint?: string; error?: string | null; required?: boolean; children: ComponentChildren }) {
  return (
    <div class={"field" + (props.error ? " has-error" : "")} data-field={props.name ?? props.id}>
      <label for={props.id}>
        {props.label}
        {props.required ? <span class="req" aria-hidden="true"> *</span> : null}
      </label>
      {props.hint && <p class="hint" id={props.id + "-hint"}>{props.hint}</p>}
      {props.children}
      {props.error && (
        <p class="error" id={props.id + "-error"} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

type InputProps = {
  label: string;
  hint?: string;
  error?: string | null;
  value: string;
  onValue: (v: string) => void;
  required?: boolean;
  type?: "text" | "password" | "date" | "search" | "tel";
  name?: string;
  inputMode?: "text" | "numeric" | "decimal" | "tel";
  maxLength?: number;
  max?: string;
  autoComplete?: string;
  autoCapitalize?: string;
  spellcheck?: boolean;
  disabled?: boolean;
  placeholder?: string;
};

export function TextInput({ label, hint, error, value, onValue, required, ...rest }: InputProps) {
  const id = useId();
  return (
    <FieldShell id={id} name={rest.name} label={label} hint={hint} error={error} required={required}>
      <input
        id={id}
        value={value}
        onInput={(e) => onValue((e.target as HTMLInputElement).value)}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? id + "-error" : hint ? id + "-hint" : undefined}
        {...(rest as object)}
      />
    </FieldShell>
  );
}

export function Select(props: { label: string; value: string; onValue: (v: string) => void; options: { value: string; label: string }[]; error?: string | null; required?: boolean; hint?: string; placeholder?: boolean }) {
  const id = useId();
  return (
    <FieldShell id={id} label={props.label} hint={props.hint} error={props.error} required={props.required}>
      <select id={id} value={props.value} onChange={(e) => props.onValue((e.target as HTMLSelectElement).value)} aria-invalid={props.error ? "true" : undefined}>
        {props.placeholder !== false && <option value="">{t("choose")}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Big radio buttons: easier than a dropdown on a small screen, one tap per choice. */
export function Choice(props: { label: string; name: string; value: string; onValue: (v: string) => void; options: { value: string; label: string }[]; error?: string | null; required?: boolean; hint?: string }) {
  const id = useId();
  return (
    <fieldset class={"field choice" + (props.error ? " has-error" : "")} data-field={props.name} aria-describedby={props.error ? id + "-error" : undefined}>
      <legend>
        {props.label}
        {props.required ? <span class="req" aria-hidden="true"> *</span> : null}
      </legend>
      {props.hint && <p class="hint">{props.hint}</p>}
      {props.options.map((o) => (
        <label key={o.value} class={"opt" + (props.value === o.value ? " on" : "")}>
          <input type="radio" name={props.name} value={o.value} checked={props.value === o.value} onChange={() => props.onValue(o.value)} />
          <span>{o.label}</span>
        </label>
      ))}
      {props.error && (
        <p class="error" id={id + "-error"} role="alert">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

export function Button({ kind = "primary", ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { kind?: "primary" | "secondary" | "danger" | "link" }) {
  return <button type="button" class={"btn " + kind} {...rest} />;
}

export function LinkButton({ href, kind = "secondary", children }: { href: string; kind?: "primary" | "secondary"; children: ComponentChildren }) {
  return (
    <a class={"btn " + kind} href={href}>
      {children}
    </a>
  );
}

/**
 * A bar with its label and details beneath it, not inside: at 360 px a label inside a fixed-height
 * bar was cut off (issue 12); text under the bar wraps instead.
 */
export function Progress({ value, max, label, children }: { value: number; max: number; label: string; children?: ComponentChildren }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div class="progress-box">
      <div class="progress" role="progressbar" aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} aria-label={label}>
        <div class="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <p class="progress-label" data-testid="progress-label">{label}</p>
      {children && <p class="progress-detail muted">{children}</p>}
    </div>
  );
}

export function Badge({ kind, children }: { kind: "warn" | "danger" | "info" | "ok"; children: ComponentChildren }) {
  return <span class={"badge " + kind}>{children}</span>;
}

export function Loading() {
  return <p class="muted pad">{t("loading")}</p>;
}
