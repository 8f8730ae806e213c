import { useEffect, useRef, useState } from "preact/hooks";
import { formatDate, t, type MessageKey } from "../../i18n/index.ts";
import type { View } from "../../store/local.ts";
import { evidencePhoto, type EvidencePhoto } from "./photo-service.ts";
import type { Item, LintasData, Progress } from "./data.ts";

/**
 * Evidence that can be seen (issue 12, item 7): each progress entry with its date and reporter,
 * and its photos as thumbnails that open full size, for every role that sees the item.
 */

/** Who reported, in words: the office the report names (a mitra's), else the office of the role (the puskesmas, the kecamatan), else the role. */
export function reporterWords(d: LintasData, p: Progress): string | null {
  if (p.reporterOfficeId) return d.officeName(p.reporterOfficeId);
  if (!p.reporterRole) return null;
  const kind = p.reporterRole === "camat" ? "kecamatan" : p.reporterRole === "puskesmas" ? "puskesmas" : null;
  const office = kind ? d.offices.find((o) => o.data.kind === kind) : undefined;
  return office ? office.data.name : t(`role_${p.reporterRole}` as MessageKey);
}

/** The date of a report: the phone's time it names, else (a report from before migration 0012) the time in its UUIDv7 id. */
export function reportedOn(v: View<Progress>): string | null {
  if (v.data.reportedAt) return v.data.reportedAt.slice(0, 10);
  const ms = parseInt(v.id.replace(/-/g, "").slice(0, 12), 16);
  return /^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(v.id) && Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : null;
}

export function ProgressEntry({ d, v, item }: { d: LintasData; v: View<Progress>; item: Item }) {
  const p = v.data;
  const who = reporterWords(d, p);
  const on = reportedOn(v);
  return (
    <li class="row progress-entry" data-testid="lx-progress-entry">
      <span>
        <span class="muted small-date" data-testid="lx-progress-meta">
          {on ? formatDate(on) : ""}{on && who ? " · " : ""}{who ? t("lxReportedBy", { who }) : ""}
        </span>
        <br />
        {p.note ?? "—"}
        <br />
        <span class="muted">
          {p.value !== null ? `${p.value} ${item.targetUnit ?? ""} · ` : ""}
          {p.status ? t(`lxItem_${p.status}` as MessageKey) : ""}
          {v.status !== "synced" ? ` · ${t("lxNotSent")}` : ""}
        </span>
        {p.photoKeys.length > 0 && (
          <span class="evidence" data-testid="lx-evidence">
            {p.photoKeys.map((key, i) => <EvidenceThumb key={key} id={key} itemId={p.itemId} progressId={v.id} n={i + 1} />)}
          </span>
        )}
      </span>
    </li>
  );
}

/**
 * One photo: a thumbnail button that opens the full-size image over the screen. Both are drawn on
 * a canvas from the decoded bytes: the app's CSP allows no blob: or data: image URLs
 * (domain/http/security-headers.ts), and a canvas is not an image load.
 */
function EvidenceThumb({ id, itemId, progressId, n }: { id: string; itemId: string; progressId: string; n: number }) {
  const [photo, setPhoto] = useState<EvidencePhoto | "loading" | "failed">("loading");
  const [bitmap, setBitmap] = useState<ImageBitmap | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let live = true;
    let made: ImageBitmap | null = null;
    evidencePhoto(id, itemId, progressId)
      .then(async (ph) => {
        if (!live) return;
        setPhoto(ph);
        if (ph.state !== "ready") return;
        made = await createImageBitmap(ph.blob);
        if (live) setBitmap(made);
        else made.close();
      })
      .catch(() => live && setPhoto("failed"));
    // The decoded image leaves memory with the screen (an idle lock unmounts it too).
    return () => {
      live = false;
      made?.close();
    };
  }, [id]);
  if (!bitmap) {
    const why = photo === "loading" || (typeof photo === "object" && photo.state === "ready") ? t("lxPhotoLoading")
      : photo === "failed" ? t("lxPhotoFailed") : photo.state === "offline" ? t("lxPhotoOffline") : t("lxPhotoNotUploaded");
    return <span class="thumb empty muted" data-testid="lx-photo-missing">{why}</span>;
  }
  return (
    <>
      <button type="button" class="thumb" onClick={() => setOpen(true)} aria-label={t("lxPhotoOpen", { n })} data-testid="lx-photo-thumb">
        <PhotoCanvas bitmap={bitmap} square={THUMB_PX} label={t("lxPhotoN", { n })} />
      </button>
      {open && <FullPhoto bitmap={bitmap} n={n} onClose={() => setOpen(false)} />}
    </>
  );
}

/** Thumbnail side in device pixels: 96 CSS px at a device scale of 2. */
const THUMB_PX = 192;

/** The photo on a canvas: whole, at its own size (CSS scales it down), or cropped to a centred square. */
function PhotoCanvas({ bitmap, square, label }: { bitmap: ImageBitmap; square?: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const g = c?.getContext("2d");
    if (!c || !g) return;
    if (square) {
      const side = Math.min(bitmap.width, bitmap.height);
      c.width = c.height = square;
      g.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, square, square);
    } else {
      c.width = bitmap.width;
      c.height = bitmap.height;
      g.drawImage(bitmap, 0, 0);
    }
  }, [bitmap, square]);
  return <canvas ref={ref} role="img" aria-label={label} />;
}

function FullPhoto({ bitmap, n, onClose }: { bitmap: ImageBitmap; n: number; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dlg = ref.current;
    if (dlg && !dlg.open) dlg.showModal();
  }, []);
  return (
    <dialog ref={ref} class="photo-full" onClose={onClose} data-testid="lx-photo-full" aria-label={t("lxPhotoN", { n })}>
      <PhotoCanvas bitmap={bitmap} label={t("lxPhotoN", { n })} />
      <form method="dialog"><button class="btn secondary" type="submit">{t("lxPhotoClose")}</button></form>
    </dialog>
  );
}
