/** Messages per sendBatch call (Cloudflare Queues: at most 100 messages, 256 KB, per batch). */
export const SEND_BATCH_MAX = 100;

/** Put every message on a queue, in batches of at most SEND_BATCH_MAX. */
export async function sendAll<T>(queue: Queue<T>, messages: readonly T[]): Promise<void> {
  for (let i = 0; i < messages.length; i += SEND_BATCH_MAX) {
    await queue.sendBatch(messages.slice(i, i + SEND_BATCH_MAX).map((body) => ({ body, contentType: "json" as const })));
  }
}
