// Checks a digital volunteer card in the browser, with the same rules as
// BEN's Go verifier (hooks/cardtoken): the token's signature against the
// published Ed25519 keys (WebCrypto), its last valid day in Bitburg, and the
// signed revocation list. Nothing here needs the network once keys and list
// are loaded.
//
// Token: BEN1.<payload>.<signature>, payload = base64url of
// "kid|number|kind|valid_until|first_name" (kind S or J, valid_until
// YYYYMMDD or empty; the first name is everything after the fourth "|" and
// may itself hold "|"), signature = Ed25519 over the text "BEN1.<payload>".
// Both parts are canonical base64url without padding (unused low bits
// zero); ASCII white space around the token is ignored, nothing else. The
// Go parser (hooks/cardtoken) reads exactly the same.
//
// A card's QR code holds the check page's address with the token in the
// fragment (<application URL>/karte-pruefen#BEN1.…); tokenOfScan takes the
// token out of such an address.

/** VERDICTS names each verdict in German, as partners read it. */
export const VERDICTS = {
  valid: 'gültig',
  expired: 'abgelaufen',
  revoked: 'gesperrt',
  not_genuine: 'nicht echt',
};

const MAX_TOKEN_LENGTH = 512;
const TOKEN = /^BEN1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const NUMBER = /^BIT-[0-9]{4}-[0-9]{5}$/;
const DATE = /^[0-9]{8}$/;
// only ASCII white space, exactly as the Go parser trims
const EDGE_SPACE = /^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** b64urlEncode writes bytes as base64url without padding. */
export function b64urlEncode(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let j = 0; j < chars; j++) out += ALPHABET[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

/** b64urlDecode reads canonical base64url without padding; anything else is null. */
export function b64urlDecode(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let k = 0;
  for (const c of text) {
    value = ((value << 6) | ALPHABET.indexOf(c)) & 0x3fff; // at most 13 bits are pending
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[k++] = (value >> bits) & 0xff;
    }
  }
  // unused low bits must be zero, so that each token has one spelling
  return b64urlEncode(bytes) === text ? bytes : null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** validDay reports whether YYYYMMDD names a real calendar day. */
function validDay(text) {
  if (!DATE.test(text)) return false;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(4, 6));
  const d = Number(text.slice(6, 8));
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * parseToken reads a card token without checking its signature. It returns
 * null for anything that is not a well-formed token.
 */
export function parseToken(input) {
  const text = String(input ?? '').replace(EDGE_SPACE, '');
  if (text.length > MAX_TOKEN_LENGTH) return null;
  const m = TOKEN.exec(text);
  if (!m) return null;
  const payloadBytes = b64urlDecode(m[1]);
  const signature = b64urlDecode(m[2]);
  if (!payloadBytes || !signature || signature.length !== 64) return null;
  let payload;
  try {
    payload = utf8.decode(payloadBytes);
  } catch {
    return null;
  }
  // five fields; the first name is last and may hold "|"
  const fields = [];
  let rest = payload;
  for (let i = 0; i < 4; i++) {
    const at = rest.indexOf('|');
    if (at < 0) return null;
    fields.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  const [kid, number, kind, validUntil] = fields;
  const firstName = rest;
  if (kind === 'S') {
    if (!validDay(validUntil)) return null;
  } else if (kind !== 'J' || validUntil !== '') {
    return null;
  }
  if (!KEY_ID.test(kid) || !NUMBER.test(number) || firstName === '') return null;
  return {
    kid,
    number,
    kind: kind === 'S' ? 'standard' : 'jubilaeum',
    validUntil, // YYYYMMDD, '' = valid for life
    firstName,
    signed: new TextEncoder().encode('BEN1.' + m[1]),
    signature,
  };
}

/**
 * tokenOfScan is the token in what a scanner or a camera read: the
 * fragment of a check page address ("…/karte-pruefen#BEN1.…"), else the
 * text as it is (a token typed or pasted). The verdict is verifyToken's.
 */
export function tokenOfScan(text) {
  const value = String(text ?? '');
  const m = /^[ \t\r\n\f\v]*https?:\/\/[^\s#]*\/karte-pruefen#([^\s]*)[ \t\r\n\f\v]*$/.exec(value);
  return m ? m[1] : value;
}

const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** todayInBitburg is the calendar day of now in Bitburg as YYYYMMDD. */
export const todayInBitburg = (now = new Date()) => berlinDay.format(now).replace(/-/g, '');

/** ed25519Supported reports whether this browser verifies Ed25519 signatures. */
export async function ed25519Supported() {
  try {
    // the public key of RFC 8032's first test vector: a valid point everywhere
    const raw = Uint8Array.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'.match(/../g), (x) => parseInt(x, 16));
    const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    await crypto.subtle.verify({ name: 'Ed25519' }, key, new Uint8Array(64), new Uint8Array(1));
    return true;
  } catch {
    return false;
  }
}

/**
 * importKeys turns the body of /api/ben/keys into a Map from key id to
 * CryptoKey; keys that do not import are left out (as Go leaves them out).
 */
export async function importKeys(body) {
  const keys = new Map();
  for (const k of body?.keys || []) {
    const raw = typeof k.public_key === 'string' ? b64urlDecode(k.public_key) : null;
    if (k.alg !== 'Ed25519' || !raw || raw.length !== 32 || !KEY_ID.test(k.kid || '')) continue;
    try {
      keys.set(k.kid, await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']));
    } catch { /* not a usable key */ }
  }
  return keys;
}

/**
 * checkRevocations verifies the signed revocation list (body of
 * /api/ben/revocations) and returns { issuedAt: Date, numbers: Set }, or
 * null when it is not signed by a published key.
 */
export async function checkRevocations(list, keys) {
  if (list?.format !== 'BENR1' || typeof list.issued_at !== 'string' || !Array.isArray(list.revoked)) return null;
  const key = keys.get(list.kid);
  const signature = typeof list.signature === 'string' ? b64urlDecode(list.signature) : null;
  if (!key || !signature || list.revoked.some((n) => typeof n !== 'string')) return null;
  const text = `BENR1|${list.issued_at}|${list.revoked.join(',')}`;
  const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, new TextEncoder().encode(text));
  if (!ok) return null;
  return { issuedAt: new Date(list.issued_at), numbers: new Set(list.revoked) };
}

/**
 * verifyToken checks a token as BEN's Go verifier does and returns
 * { verdict, reason, firstName }: not genuine when it does not parse, names
 * no published key or carries no valid signature; expired after its last
 * day in Bitburg; revoked when listed; otherwise valid. The first name is
 * given only for genuine cards.
 */
export async function verifyToken(text, keys, revoked, now = new Date()) {
  const t = parseToken(text);
  if (!t) return { verdict: 'not_genuine', reason: 'malformed', firstName: '' };
  const key = keys.get(t.kid);
  if (!key) return { verdict: 'not_genuine', reason: 'unknown_key', firstName: '' };
  let ok = false;
  try {
    ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, t.signature, t.signed);
  } catch {
    ok = false;
  }
  if (!ok) return { verdict: 'not_genuine', reason: 'bad_signature', firstName: '' };
  let verdict = 'valid';
  if (t.validUntil !== '' && todayInBitburg(now) > t.validUntil) verdict = 'expired';
  else if (revoked?.has(t.number)) verdict = 'revoked';
  return { verdict, reason: '', firstName: t.firstName };
}
