/**
 * Evidence photos of commitment progress. Phones compress them before upload (a 2G/3G upload of
 * a 3 MB camera JPEG would take minutes and fail halfway), and upload them in small chunks after
 * the progress text has synced, resuming from the last chunk the server confirmed. No zod here:
 * the PWA's photo queue reads these limits in its first load.
 */
export const MAX_PHOTO_BYTES = 150 * 1024;
/** One chunk: small enough to get through on a weak signal between drop-outs. */
export const PHOTO_CHUNK_BYTES = 32 * 1024;
export const PHOTO_TYPES = ["image/jpeg", "image/webp", "image/png"] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** The file's first bytes must say what the declared type says. */
export function sniffImageType(head: Uint8Array): PhotoType | null {
  const at = (i: number) => head[i] ?? -1;
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return "image/jpeg";
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47) return "image/png";
  const ascii = (from: number, to: number) => String.fromCharCode(...head.slice(from, to));
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return null;
}
