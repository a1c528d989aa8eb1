import type { OutgoingMessage } from '../../src/index.js';

/** A delivery function that keeps what it would have sent: the app-supplied kind of transport. */
export function outbox() {
  const sent: OutgoingMessage[] = [];
  const deliver = async (message: OutgoingMessage) => {
    sent.push(message);
  };
  return {
    sent,
    deliver,
    /** The code in the last message to `to` (or the last message at all). */
    lastCode(to?: string): string {
      const message = [...sent].reverse().find((m) => to === undefined || m.to === to);
      const match = message?.text.match(/\b(\d{6})\b/);
      if (!match) throw new Error(`no code sent${to ? ` to ${to}` : ''}`);
      return match[1]!;
    },
  };
}
