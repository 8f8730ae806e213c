import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n/index.ts";
import { encodeStrokes, GRID_H, GRID_W, strokesPath, type Stroke } from "./strokes.ts";

/** A signature drawn with a finger: vector strokes, encoded compactly (see strokes.ts). */
export function SignaturePad({ onChange, label }: { onChange: (encoded: string | null) => void; label?: string }) {
  const ref = useRef<SVGSVGElement>(null);
  const strokes = useRef<Stroke[]>([]);
  const [path, setPath] = useState("");
  const drawing = useRef(false);

  const point = (e: PointerEvent): [number, number] => {
    const r = ref.current!.getBoundingClientRect();
    return [Math.max(0, Math.min(1, (e.clientX - r.left) / r.width)), Math.max(0, Math.min(1, (e.clientY - r.top) / r.height))];
  };
  const redraw = () => {
    const enc = strokes.current.length ? encodeStrokes(strokes.current) : "";
    setPath(enc ? strokesPath(enc) : "");
    return enc;
  };
  useEffect(() => {
    const el = ref.current!;
    const down = (e: PointerEvent) => {
      e.preventDefault();
      el.setPointerCapture?.(e.pointerId);
      drawing.current = true;
      strokes.current.push([point(e)]);
      redraw();
    };
    const move = (e: PointerEvent) => {
      if (!drawing.current) return;
      e.preventDefault();
      strokes.current.at(-1)!.push(point(e));
      redraw();
    };
    const up = () => {
      if (!drawing.current) return;
      drawing.current = false;
      onChange(redraw() || null);
    };
    el.addEventListener("pointerdown", down);
    el.addEventListener("pointermove", move);
    el.addEventListener("pointerup", up);
    el.addEventListener("pointercancel", up);
    return () => {
      el.removeEventListener("pointerdown", down);
      el.removeEventListener("pointermove", move);
      el.removeEventListener("pointerup", up);
      el.removeEventListener("pointercancel", up);
    };
  }, []);
  return (
    <div class="sigpad">
      <p class="hint">{label ?? t("lxSignHere")}</p>
      <svg ref={ref} viewBox={`0 0 ${GRID_W} ${GRID_H}`} data-testid="signature-pad" role="img" aria-label={label ?? t("lxSignHere")} style={{ touchAction: "none" }}>
        <path d={path} fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" />
      </svg>
      <button
        type="button"
        class="btn link"
        onClick={() => {
          strokes.current = [];
          setPath("");
          onChange(null);
        }}
      >
        {t("lxClearSignature")}
      </button>
    </div>
  );
}

/** A stored signature, drawn from its strokes. */
export function SignatureSvg({ strokes, label }: { strokes: string; label: string }) {
  return (
    <svg class="sig" viewBox={`0 0 ${GRID_W} ${GRID_H}`} role="img" aria-label={label}>
      <path d={strokesPath(strokes)} fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
