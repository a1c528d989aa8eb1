/**
 * A message twostep asks the app's transport to deliver. `text` may contain a one-time
 * code: a transport must never log it.
 */
export interface OutgoingMessage {
  /** An email address, or an E.164 phone number for SMS. */
  to: string;
  /** Email only. */
  subject?: string;
  text: string;
  /** Email only. */
  html?: string;
  /** What the message is for: 'login', 'setup:<methodId>', 'password-reset', 'notification:<event>'. */
  purpose: string;
  userId: string;
}

/** Resolves once the provider accepted the message; rejects otherwise (see `DeliveryTimeoutError`). */
export type EmailSender = (message: OutgoingMessage) => Promise<void>;
export type SmsSender = (message: OutgoingMessage) => Promise<void>;

export interface DeliveryOptions {
  email?: EmailSender;
  sms?: SmsSender;
}

/** Thrown by a transport that gave up waiting: the user gets `503 unavailable` rather than `502`. */
export class DeliveryTimeoutError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeliveryTimeoutError';
  }
}
