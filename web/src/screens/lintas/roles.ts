import { app } from "../../state.ts";

/**
 * Roles that see the lintas screens. Its own module so the app shell can decide whether to show
 * the tab without loading the lintas screens themselves (a lazy chunk: issue 14's first load).
 */
export const LINTAS_ROLES = ["puskesmas", "camat", "mitra", "pustu", "dinkes"] as const;
export const hasLintas = () => (LINTAS_ROLES as readonly string[]).includes(app.session?.user.role ?? "");
