// What the pages on getting engaged share ("Mitmachen", "Kontakt aufnehmen",
// the clubs' opportunities and interests): the public filter, an opportunity
// as a list entry and as facts, the consent checkbox and the confirmation
// after sending.
import { h, formatDateNumeric } from './dom.js';
import { TOPICS, COMMITMENTS, COMMITMENT_HELP, label } from './labels.js';
import { badge, topicList } from './ui.js';
import { field } from './forms.js';
import { hours } from './card.js';

/** What the public sees; editors must not find their drafts among the published. */
export const PUBLIC_OPPORTUNITIES = 'status = "published" && (published_until = "" || published_until > @now) && organisation.status = "published"';

/** The information page on data protection, linked from every consent. */
export const DATA_PROTECTION = '/datenschutz';

/** formatHours: 2 → "2 Stunden pro Woche", 1,5 → "1,5 Stunden pro Woche", 0 → "nach Absprache". */
export function formatHours(n) {
  if (!n) return 'Zeitaufwand nach Absprache';
  return `${hours(n)} ${Number(n) === 1 ? 'Stunde' : 'Stunden'} pro Woche`;
}

/** isOpen tells whether citizens can still answer an opportunity. */
export function isOpen(opp) {
  const until = opp.published_until ? new Date(String(opp.published_until).replace(' ', 'T')) : null;
  return opp.status === 'published' && (!until || until.getTime() > Date.now()) &&
    (opp.expand?.organisation ? opp.expand.organisation.status === 'published' : true);
}

/**
 * opportunityItem is an opportunity in a list: title (linked), organisation,
 * kind, time, topics; reasons (from the ranking) say why it fits.
 */
export function opportunityItem(opp, { reasons = null, headingLevel = 'h3' } = {}) {
  const org = opp.expand?.organisation;
  return h('li', { class: 'card opportunity-card' },
    h(headingLevel, {}, h('a', { href: `/mitmachen/${encodeURIComponent(opp.id)}` }, opp.title)),
    org ? h('p', { class: 'meta opportunity-org' }, org.name) : null,
    h('p', { class: 'meta' }, badge(label(COMMITMENTS, opp.commitment)), ' ', formatHours(opp.hours_per_week),
      opp.schedule ? ` · ${opp.schedule}` : ''),
    topicList(opp.topics),
    reasons?.length
      ? h('div', { class: 'reasons' },
        h('p', { class: 'reasons-title' }, 'Warum es passt:'),
        h('ul', {}, reasons.map((r) => h('li', {}, r))))
      : null);
}

/** opportunityFacts are what, when, where and who of an opportunity. */
export function opportunityFacts(opp) {
  const org = opp.expand?.organisation;
  const email = opp.contact_email;
  const facts = [
    org ? ['Organisation', org.status === 'published' ? h('a', { href: `/vereine/${encodeURIComponent(org.slug)}` }, org.name) : org.name] : null,
    ['Art', label(COMMITMENTS, opp.commitment)],
    ['Zeitaufwand', formatHours(opp.hours_per_week)],
    opp.schedule ? ['Wann', opp.schedule] : null,
    opp.location ? ['Wo', opp.location] : null,
    opp.requirements ? ['Voraussetzungen', opp.requirements] : null,
    opp.police_certificate ? ['Führungszeugnis', 'Ein erweitertes Führungszeugnis ist nötig (für Ehrenamtliche in der Regel gebührenfrei).'] : null,
    opp.topics?.length ? ['Themen', opp.topics.map((t) => label(TOPICS, t)).join(', ')] : null,
    opp.contact_person ? ['Ansprechperson', opp.contact_person] : null,
    email ? ['E-Mail', h('a', { href: `mailto:${email}` }, email)] : null,
    opp.contact_phone ? ['Telefon', h('a', { href: `tel:${opp.contact_phone.replace(/[^\d+]/g, '')}` }, opp.contact_phone)] : null,
    opp.published_until ? ['Gesucht bis', formatDateNumeric(opp.published_until)] : null,
  ].filter(Boolean);
  return h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** topicOptions are the topics for checkboxes; "Rettung/Feuerwehr" may break after the slash on phones. */
export const topicOptions = () =>
  Object.entries(TOPICS).map(([k, v]) => [k, v.split('/').flatMap((part, i, all) => (i < all.length - 1 ? [part + '/', h('wbr')] : [part]))]);

/** commitmentHelp explains the kinds of engagement in one line. */
export const commitmentHelp = () =>
  Object.entries(COMMITMENTS).map(([k, v]) => `${v}: ${COMMITMENT_HELP[k]}`).join('; ') + '.';

/**
 * consentField is the required consent checkbox in a fieldset "Einwilligung"
 * (which also names it in the error summary), with a link to the
 * data-protection page that opens in a new tab, so nothing typed is lost.
 */
export function consentField(text, help) {
  const checkbox = field({ name: 'consent', label: text, type: 'checkbox', required: true,
    help: [help, ' Mehr dazu in den ',
      h('a', { href: DATA_PROTECTION, target: '_blank', rel: 'noopener' }, 'Hinweisen zum Datenschutz',
        h('span', { class: 'visually-hidden' }, ' (öffnet in einem neuen Tab)')),
      '.'] });
  checkbox.removeAttribute('data-field');
  return h('fieldset', { class: 'consent', 'data-field': 'consent' }, h('legend', {}, 'Einwilligung'), checkbox);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * checkContact finds what a contact form lacks before it is sent:
 * {field: German sentence}. The API checks again.
 */
export function checkContact(data) {
  const errors = {};
  if (!String(data.get('name') ?? '').trim()) errors.name = 'Bitte geben Sie Ihren Namen ein.';
  const email = String(data.get('email') ?? '').trim();
  if (!email) errors.email = 'Bitte geben Sie Ihre E-Mail-Adresse ein, damit wir Ihnen antworten können.';
  else if (!EMAIL.test(email)) errors.email = 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.';
  if (data.get('consent') !== 'true') errors.consent = 'Bitte willigen Sie ein, dass Ihre Angaben zur Kontaktaufnahme genutzt werden.';
  return errors;
}

/**
 * confirmation replaces box's content with a thank-you (role=status) and
 * moves the focus to its heading.
 */
export function confirmation(box, title, ...content) {
  // the heading keeps naming the box (aria-labelledby)
  const heading = h('h2', { tabindex: '-1', id: box.getAttribute('aria-labelledby') }, title);
  box.replaceChildren(h('div', { class: 'notice notice-success confirmation', role: 'status' }, heading, ...content));
  heading.focus();
  return heading;
}
