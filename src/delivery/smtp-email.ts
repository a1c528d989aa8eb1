import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { TwoStepConfigError } from '../errors.js';
import { DeliveryTimeoutError, type EmailSender } from './types.js';

export interface SmtpEmailOptions {
  /** The sender, for example `'Clinic <no-reply@clinic.example>'`. */
  from: string;
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKET', 'ECONNECTION']);

/**
 * Email through nodemailer: pass SMTP transport options (`{ host, port, auth }`) or a
 * transport you built. A connection that cannot be made or times out is a
 * `DeliveryTimeoutError` (503); a refusal by the server is a plain error (502).
 */
export function smtpEmail(transport: SMTPTransport.Options | string | Transporter, options: SmtpEmailOptions): EmailSender {
  if (!options || typeof options.from !== 'string' || !options.from.includes('@')) {
    throw new TwoStepConfigError('smtpEmail(transport, { from }) needs `from`, an address like "Clinic <no-reply@clinic.example>".');
  }
  const transporter: Transporter = isTransporter(transport) ? transport : nodemailer.createTransport(transport);
  return async (message) => {
    try {
      await transporter.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject ?? 'Your verification code',
        text: message.text,
        ...(message.html === undefined ? {} : { html: message.html }),
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      // Nodemailer's error message never includes the body, so the code stays out of logs.
      if (code && TIMEOUT_CODES.has(code)) throw new DeliveryTimeoutError(`SMTP server unreachable (${code})`, { cause: error });
      throw new Error(`SMTP server refused the message (${code ?? 'unknown'})`, { cause: error });
    }
  };
}

function isTransporter(value: unknown): value is Transporter {
  return typeof value === 'object' && value !== null && typeof (value as Transporter).sendMail === 'function';
}
