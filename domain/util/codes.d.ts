/**
 * Enrollment codes: short and readable aloud over a bad phone line. The alphabet drops
 * 0/O, 1/I/L so that a code read from paper is typed right.
 */
export declare const ENROLLMENT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export declare const ENROLLMENT_CODE_LENGTH = 8;
export declare function normaliseCode(code: string): string;
export declare function formatCode(raw: string): string;
export declare function randomCode(): string;
export declare function sha256Hex(text: string): Promise<string>;
/** The stored form of an enrollment code. */
export declare function hashCode(code: string): Promise<string>;
