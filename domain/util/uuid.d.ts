/**
 * UUIDv7 (RFC 9562): 48-bit unix-ms timestamp, then random bits. Ids made on phones sort by
 * creation time, which keeps D1's B-tree inserts local and makes receipts easy to reason about.
 */
export declare function uuidv7(now?: number): string;
export declare const UUID_RE: RegExp;
export declare const UUIDV7_RE: RegExp;
