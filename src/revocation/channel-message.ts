/**
 * Reading one message of the announcement channel that revocations and organisation-settings
 * changes share: both are one JSON object with short keys, and anything else on the channel
 * (a garbled message, a later format) must be ignored, never trusted.
 */
export function parseChannelObject(text: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return value === null || typeof value !== 'object' ? null : (value as Record<string, unknown>);
}
