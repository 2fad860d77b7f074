// Standard Webhooks secrets are "whsec_" + base64 of the key bytes; the HMAC key is the decoded bytes.

const SECRET = /^whsec_([A-Za-z0-9+/]+={0,2})$/;
const MIN_KEY_BYTES = 16;

export function decodeWebhookSecret(secret: string): Buffer {
  const match = SECRET.exec(secret);
  const key = match?.[1] === undefined ? undefined : Buffer.from(match[1], 'base64');
  if (!key || key.length < MIN_KEY_BYTES)
    throw new RangeError(`webhook secret must be "whsec_" + base64 of at least ${MIN_KEY_BYTES} bytes`);
  return key;
}

/** One secret, or several while a secret is rotated (the old and the new both verify). */
export function decodeWebhookSecrets(secrets: string | readonly string[]): Buffer[] {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0) throw new RangeError('at least one webhook secret is needed');
  return list.map(decodeWebhookSecret);
}
