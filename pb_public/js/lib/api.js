// The one PocketBase client of the portal (the official JS SDK, served by
// BEN itself from /vendor) and the German texts for what the API answers.
import PocketBase from '/vendor/pocketbase.es.mjs';

export const pb = new PocketBase('/');
// Pages guard against stale answers themselves; the SDK must not cancel
// a request just because a similar one follows.
pb.autoCancellation(false);
// The portal shows what BEN answers now. Public answers carry a short
// max-age for proxies in front of BEN; the browser asks again every time
// (If-None-Match: BEN, or the proxy, answers 304 from its own cache). Else
// a live reload right after a change, within max-age of the last load of
// the same list, got the list from before the change out of the browser's
// cache, and kept showing it.
pb.beforeSend = (url, options) => {
  if ((options.method ?? 'GET') === 'GET' && options.cache === undefined) options.cache = 'no-cache';
  return { url, options };
};

/**
 * USER_ACCOUNT is the account of citizens and club editors for the login
 * and password pages (js/lib/auth-forms.js): client, collection, the pages
 * and the shortest password PocketBase accepts there.
 */
export const USER_ACCOUNT = { client: pb, collection: 'users', login: '/anmelden', forgot: '/passwort-vergessen', passwordMin: 8 };

/** currentUser is the logged-in citizen or editor, or null. */
export function currentUser() {
  return pb.authStore.isValid && pb.authStore.record?.collectionName === 'users' ? pb.authStore.record : null;
}

/** The filter every public list adds: editors must not see their drafts among the published. */
export const PUBLIC_EVENTS = 'published = true && (organisation = "" || organisation.status = "published")';
export const PUBLIC_ORGS = 'status = "published"';

/**
 * linkToken is the token of a link from a mail: in the fragment (#token=…),
 * which browsers never send to a server, or in the query of older mails.
 */
export function linkToken(ctx) {
  return new URLSearchParams(location.hash.slice(1)).get('token') || ctx.query.get('token') || '';
}

/** fileURL is the address of a file field's file, optionally as a thumbnail. */
export function fileURL(record, filename, thumb) {
  if (!filename) return '';
  return pb.files.getURL(record, filename, thumb ? { thumb } : undefined);
}

/**
 * showFile sets img's address to a file of record. Files are served only to
 * those who may view the record: a published club's logo to everyone, a
 * pending club's only with the file token of an editor, which is fetched
 * for logged-in users.
 */
export function showFile(img, record, filename, thumb) {
  if (!pb.authStore.isValid) {
    img.src = fileURL(record, filename, thumb);
    return img;
  }
  pb.files.getToken()
    .then((token) => { img.src = pb.files.getURL(record, filename, { thumb, token }); })
    .catch(() => { img.src = fileURL(record, filename, thumb); });
  return img;
}

/** errorText is one German sentence for a failed request. */
export function errorText(err) {
  const status = err?.status ?? 0;
  if (err?.isAbort) return 'Die Anfrage wurde abgebrochen.';
  if (status === 0) return 'Keine Verbindung zum Server. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.';
  if (status === 400) {
    const fields = Object.keys(err?.response?.data || {});
    if (fields.length) return 'Bitte prüfen Sie die markierten Angaben.';
    const message = err?.response?.message || '';
    if (looksGerman(message)) return message; // BEN's own errors are German sentences
    return 'Die Anfrage konnte nicht verarbeitet werden. Bitte prüfen Sie Ihre Angaben.';
  }
  if (status === 401) return 'Bitte melden Sie sich (erneut) an.';
  if (status === 403) return 'Dazu fehlt Ihnen die Berechtigung.';
  if (status === 404) return 'Das wurde nicht gefunden – oder Sie haben keinen Zugriff darauf.';
  if (status === 413) return 'Die Daten sind zu groß. Bitte wählen Sie eine kleinere Datei.';
  if (status === 429) return 'Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.';
  return 'Auf dem Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.';
}

const MESSAGES = {
  validation_required: () => 'Bitte füllen Sie dieses Feld aus.',
  validation_nil_or_not_empty_required: () => 'Bitte füllen Sie dieses Feld aus.',
  validation_invalid_email: () => 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.',
  validation_is_email: () => 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.',
  validation_not_unique: (field) => ({
    email: 'Zu dieser E-Mail-Adresse gibt es bereits ein Konto.',
    slug: 'Diese Kurzadresse ist bereits vergeben. Bitte wählen Sie eine andere.',
  }[field] || 'Dieser Wert ist bereits vergeben.'),
  validation_invalid_format: (field) => ({
    slug: 'Nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche, z. B. „lauftreff-sued“.',
  }[field] || 'Das Format stimmt nicht.'),
  validation_invalid_url: () => 'Bitte geben Sie eine vollständige Adresse an, die mit https:// beginnt.',
  validation_is_url: () => 'Bitte geben Sie eine vollständige Adresse an, die mit https:// beginnt.',
  validation_min_text_constraint: (f, p, m) => `Bitte geben Sie mindestens ${p?.min ?? numberIn(m) ?? 'die verlangte Zahl an'} Zeichen ein.`,
  validation_max_text_constraint: (f, p, m) => `Bitte geben Sie höchstens ${p?.max ?? numberIn(m) ?? 'die erlaubte Zahl an'} Zeichen ein.`,
  validation_length_out_of_range: (f, p) => `Bitte geben Sie zwischen ${p?.min} und ${p?.max} Zeichen ein.`,
  validation_length_too_long: (f, p, m) => `Bitte geben Sie höchstens ${p?.max ?? numberIn(m) ?? 'die erlaubte Zahl an'} Zeichen ein.`,
  validation_length_too_short: (f, p, m) => `Bitte geben Sie mindestens ${p?.min ?? numberIn(m) ?? 'die verlangte Zahl an'} Zeichen ein.`,
  validation_values_mismatch: () => 'Die beiden Passwörter stimmen nicht überein.',
  validation_invalid_value: () => 'Bitte wählen Sie einen der angebotenen Werte.',
  validation_in_invalid: () => 'Bitte wählen Sie einen der angebotenen Werte.',
  validation_too_many_values: (f, p) => `Bitte wählen Sie höchstens ${p?.maxSelect ?? 'weniger'} aus.`,
  validation_not_a_number: () => 'Bitte geben Sie eine Zahl ein.',
  validation_only_int_constraint: () => 'Bitte geben Sie eine ganze Zahl ein.',
  validation_min_number_constraint: (f, p) => `Die Zahl muss mindestens ${p?.min ?? 0} sein.`,
  validation_max_number_constraint: (f, p) => `Die Zahl darf höchstens ${p?.max} sein.`,
  validation_invalid_mime_type: () => 'Dieser Dateityp ist nicht erlaubt. Erlaubt sind PNG, JPEG, WebP und SVG.',
  validation_file_size_limit: () => 'Die Datei ist zu groß (höchstens 2 MB).',
  validation_too_many_files: () => 'Bitte wählen Sie nur eine Datei.',
  validation_invalid_file: () => 'Die Datei konnte nicht gelesen werden.',
  validation_invalid_token: () => 'Der Link ist ungültig oder abgelaufen. Bitte fordern Sie einen neuen an.',
  validation_invalid_password: () => 'Das Passwort ist falsch.',
  validation_invalid_old_password: () => 'Das bisherige Passwort ist falsch.',
  validation_date_invalid: () => 'Bitte geben Sie ein gültiges Datum an.',
};

/**
 * fieldMessage is the German sentence for one field error of the API
 * ({code, message, params}). BEN's own codes carry a German message already.
 */
export function fieldMessage(field, error) {
  const fn = MESSAGES[error?.code];
  if (fn) return fn(field, error?.params, error?.message);
  if (looksGerman(error?.message)) return error.message;
  return 'Diese Angabe ist ungültig.';
}

/** fieldErrors maps a failed request to {field: German sentence}. */
export function fieldErrors(err) {
  const data = err?.response?.data || {};
  const out = {};
  for (const [field, error] of Object.entries(data)) {
    if (error && typeof error === 'object' && 'code' in error) out[field] = fieldMessage(field, error);
  }
  return out;
}

/**
 * numberIn finds the number in PocketBase's English message ("Must be at
 * least 8 character(s)."), for errors that come without params (the
 * password's length).
 */
function numberIn(message) {
  const m = /\d+/.exec(String(message || ''));
  return m ? m[0] : null;
}

// BEN's own errors (hooks/…) are German sentences; PocketBase's are English.
function looksGerman(message) {
  return typeof message === 'string' &&
    /[äöüßÄÖÜ„“]|\b(der|die|das|nicht|bitte|ist|und|muss|darf|kann|kein|keine)\b/i.test(message);
}
