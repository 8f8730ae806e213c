/** The signature stroke codec lives in domain/lintas/ui-strokes.ts (pure; also used by scripts/bench-lintas.ts). */
export * from "../../../domain/lintas/ui-strokes.ts";
