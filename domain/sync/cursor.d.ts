import { z } from "zod";
/**
 * The pull cursor: "every change with seq ≤ s in these scope keys has been delivered".
 * When the user's scope grows, the keys that are new are backfilled up to s before the cursor
 * moves on, so a pekon added to a user's area arrives in full. When the scope shrinks the
 * client is told to reset: it must not keep data it may no longer see.
 */
declare const cursorSchema: z.ZodObject<{
    v: z.ZodLiteral<1>;
    s: z.ZodInt;
    k: z.ZodArray<z.ZodString>;
    b: z.ZodOptional<z.ZodObject<{
        k: z.ZodArray<z.ZodString>;
        s: z.ZodInt;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type CursorState = z.infer<typeof cursorSchema>;
export declare function encodeCursor(c: CursorState): string;
export declare function decodeCursor(s: string): CursorState | null;
export type PullPlan = {
    phase: "main";
    since: number;
    keys: string[];
} | {
    phase: "backfill";
    since: number;
    until: number;
    keys: string[];
    mainKeys: string[];
};
/**
 * Decide what this pull page reads, from the client's cursor and the current scope.
 * Returns reset = true when the client must drop its data and start over.
 */
export declare function planPull(cursor: CursorState | null, scope: readonly string[]): {
    plan: PullPlan;
    reset: boolean;
};
export {};
