import { TwoStepConfigError } from '../errors.js';
import { DeliveryTimeoutError, type SmsSender } from './types.js';

export interface HttpSmsOptions {
  /** The API root, for example `https://api.twilio.com/2010-04-01`. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or sender id. */
  from: string;
  /** How long to wait for the gateway. @default 10 */
  timeoutSeconds?: number;
}

/**
 * SMS through a Twilio-style messages API: `POST {baseUrl}/Accounts/{sid}/Messages.json`,
 * form-encoded `To`, `From`, `Body`, HTTP basic auth. A non-2xx answer is a failure (502);
 * no answer within `timeoutSeconds` is a `DeliveryTimeoutError` (503).
 */
export function httpSms(options: HttpSmsOptions): SmsSender {
  const { baseUrl, accountSid, authToken, from } = options ?? ({} as HttpSmsOptions);
  let url: URL;
  try {
    url = new URL(`${String(baseUrl).replace(/\/+$/, '')}/Accounts/${encodeURIComponent(String(accountSid))}/Messages.json`);
  } catch {
    throw new TwoStepConfigError(`httpSms({ baseUrl }) must be an absolute URL like "https://api.twilio.com/2010-04-01", got ${JSON.stringify(baseUrl)}.`);
  }
  for (const [name, value] of Object.entries({ accountSid, authToken, from })) {
    if (typeof value !== 'string' || value === '') throw new TwoStepConfigError(`httpSms({ ${name} }) is required: a non-empty string from your SMS provider.`);
  }
  const timeoutSeconds = options.timeoutSeconds ?? 10;
  if (typeof timeoutSeconds !== 'number' || !(timeoutSeconds > 0) || timeoutSeconds > 120) {
    throw new TwoStepConfigError(`httpSms({ timeoutSeconds }) must be a number of seconds between 0 and 120, got ${JSON.stringify(timeoutSeconds)}.`);
  }
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;

  return async (message) => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ To: message.to, From: from, Body: message.text }),
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
      });
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new DeliveryTimeoutError(`SMS gateway did not answer within ${timeoutSeconds} s`, { cause: error });
      }
      throw new DeliveryTimeoutError('SMS gateway unreachable', { cause: error });
    }
    // Drain the body so the connection is released; its content is not needed.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
  };
}
