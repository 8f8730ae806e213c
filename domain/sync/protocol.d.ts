import { z } from "zod";
/**
 * The sync protocol shared by the worker and the PWA.
 *
 * Push: the phone sends its outbox as mutations. Each mutation has a client-made UUIDv7 id, so a
 * push that is retried after a lost response is answered from the receipts, never applied twice.
 * Pull: the phone asks for every change after its cursor, in server sequence order, within its
 * scope. The cursor is opaque to the client.
 */
/** Mutations per push. A phone with more in its outbox sends several pushes. */
export declare const MAX_MUTATIONS_PER_PUSH = 100;
/** Bytes per push body: 100 visits at ~1 KB each fit with room to spare. */
export declare const MAX_PUSH_BYTES: number;
/** Changes per pull page: the default keeps a page near 100 KB gzip on 2G/3G. */
export declare const DEFAULT_PULL_LIMIT = 500;
export declare const MAX_PULL_LIMIT = 2000;
export declare const OPERATIONS: readonly ["create", "update", "delete"];
export type Operation = (typeof OPERATIONS)[number];
export declare const mutationSchema: z.ZodObject<{
    id: z.ZodString;
    entity: z.ZodEnum<{
        [x: string]: any;
    }>;
    entityId: z.ZodString;
    op: z.ZodEnum<{
        delete: "delete";
        create: "create";
        update: "update";
    }>;
    baseVersion: z.ZodInt;
    payload: z.ZodRecord<z.ZodString, z.ZodUnknown>;
}, z.core.$strict>;
export type Mutation = z.infer<typeof mutationSchema>;
export declare const pushRequestSchema: z.ZodObject<{
    mutations: z.ZodArray<z.ZodObject<{
        id: z.ZodString;
        entity: z.ZodEnum<{
            [x: string]: any;
        }>;
        entityId: z.ZodString;
        op: z.ZodEnum<{
            delete: "delete";
            create: "create";
            update: "update";
        }>;
        baseVersion: z.ZodInt;
        payload: z.ZodRecord<z.ZodString, z.ZodUnknown>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type PushRequest = z.infer<typeof pushRequestSchema>;
export declare const errorBodySchema: z.ZodObject<{
    code: z.ZodString;
    message: z.ZodString;
    details: z.ZodOptional<z.ZodUnknown>;
}, z.core.$strip>;
export declare const fieldConflictSchema: z.ZodObject<{
    field: z.ZodString;
    serverValue: z.ZodUnknown;
    clientValue: z.ZodUnknown;
}, z.core.$strip>;
export type FieldConflict = z.infer<typeof fieldConflictSchema>;
export declare const MUTATION_STATUSES: readonly ["applied", "duplicate", "rejected", "conflict"];
export type MutationStatus = (typeof MUTATION_STATUSES)[number];
export declare const mutationResultSchema: z.ZodObject<{
    id: z.ZodString;
    status: z.ZodEnum<{
        applied: "applied";
        duplicate: "duplicate";
        rejected: "rejected";
        conflict: "conflict";
    }>;
    version: z.ZodOptional<z.ZodInt>;
    originalStatus: z.ZodOptional<z.ZodEnum<{
        applied: "applied";
        conflict: "conflict";
    }>>;
    merged: z.ZodOptional<z.ZodBoolean>;
    conflicts: z.ZodOptional<z.ZodArray<z.ZodObject<{
        field: z.ZodString;
        serverValue: z.ZodUnknown;
        clientValue: z.ZodUnknown;
    }, z.core.$strip>>>;
    error: z.ZodOptional<z.ZodObject<{
        code: z.ZodString;
        message: z.ZodString;
        details: z.ZodOptional<z.ZodUnknown>;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type MutationResult = z.infer<typeof mutationResultSchema>;
export declare const pushResponseSchema: z.ZodObject<{
    results: z.ZodArray<z.ZodObject<{
        id: z.ZodString;
        status: z.ZodEnum<{
            applied: "applied";
            duplicate: "duplicate";
            rejected: "rejected";
            conflict: "conflict";
        }>;
        version: z.ZodOptional<z.ZodInt>;
        originalStatus: z.ZodOptional<z.ZodEnum<{
            applied: "applied";
            conflict: "conflict";
        }>>;
        merged: z.ZodOptional<z.ZodBoolean>;
        conflicts: z.ZodOptional<z.ZodArray<z.ZodObject<{
            field: z.ZodString;
            serverValue: z.ZodUnknown;
            clientValue: z.ZodUnknown;
        }, z.core.$strip>>>;
        error: z.ZodOptional<z.ZodObject<{
            code: z.ZodString;
            message: z.ZodString;
            details: z.ZodOptional<z.ZodUnknown>;
        }, z.core.$strip>>;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type PushResponse = z.infer<typeof pushResponseSchema>;
export declare const pullQuerySchema: z.ZodObject<{
    cursor: z.ZodOptional<z.ZodString>;
    limit: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
}, z.core.$strict>;
export declare const changeSchema: z.ZodObject<{
    entity: z.ZodEnum<{
        [x: string]: any;
    }>;
    id: z.ZodString;
    version: z.ZodInt;
    seq: z.ZodInt;
    deleted: z.ZodBoolean;
    needsReview: z.ZodOptional<z.ZodBoolean>;
    data: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
}, z.core.$strip>;
export type Change = z.infer<typeof changeSchema>;
export declare const pullResponseSchema: z.ZodObject<{
    changes: z.ZodArray<z.ZodObject<{
        entity: z.ZodEnum<{
            [x: string]: any;
        }>;
        id: z.ZodString;
        version: z.ZodInt;
        seq: z.ZodInt;
        deleted: z.ZodBoolean;
        needsReview: z.ZodOptional<z.ZodBoolean>;
        data: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    }, z.core.$strip>>;
    cursor: z.ZodString;
    hasMore: z.ZodBoolean;
    reset: z.ZodBoolean;
    remaining: z.ZodInt;
}, z.core.$strip>;
export type PullResponse = z.infer<typeof pullResponseSchema>;
