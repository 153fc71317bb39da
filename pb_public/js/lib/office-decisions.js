// The office's decisions on taking part: a club's registration for the
// festival, a business's application as partner, a citizen's idea. Each
// kind has a list (open ones first, filter by status, pages) and a detail
// page with everything needed to decide and the decision in place; the
// record's audit trail closes it. Pages: js/pages/buero-vereinsfest*.js,
// buero-partner-bewerbung*.js, buero-idee*.js.
import { h, append, richText, textToHTML } from './dom.js';
import { field, showErrors } from './forms.js';
import { pageHead } from './ui.js';
import { officeList, officeDetail, decisionBox } from './office-pages.js';
import { office, statusBadge, day, dayTime, daysSince, daysText, decidedBy } from './office.js';

const DECIDE = { submitted: 'Eingegangen', accepted: 'Angenommen', declined: 'Abgelehnt' };
export const IDEA_STATUS = { submitted: 'Eingegangen (nicht öffentlich)', published: 'Veröffentlicht', in_progress: 'In Arbeit', done: 'Umgesetzt', declined: 'Abgelehnt' };
const IDEA_TOPICS = {
  gesundheit: 'Gesundheit', jugend: 'Jugend', senioren: 'Senioren', migration: 'Migration', kultur: 'Kultur', sport: 'Sport', umwelt: 'Umwelt',
  soziales: 'Soziales', bildung: 'Bildung', rettung: 'Rettung/Feuerwehr', kirche: 'Kirche', tiere: 'Tiere', inklusion: 'Inklusion',
  nachbarschaft: 'Nachbarschaft', sonstiges: 'Sonstiges',
};
const tone = (status) => (status === 'submitted' ? 'pending' : ['accepted', 'published', 'in_progress', 'done'].includes(status) ? 'ok' : 'rejected');
const paragraphs = (text) => (text ? richText(textToHTML(text)) : h('p', { class: 'muted' }, '–'));
const open = (status) => status === 'submitted';

/**
 * KINDS describes each kind: its collection, where it lives in /buero, its
 * German names, what the list and the detail show, and how the office
 * decides.
 */
export const KINDS = {
  festival: {
    collection: 'festival_participations',
    path: '/buero/vereinsfest',
    title: 'Vereinsfest',
    lead: 'Anmeldungen der Vereine zum Vereinsfest „Bitburg engagiert sich“; die ältesten offenen zuerst.',
    one: 'Anmeldung', many: 'Anmeldungen',
    statuses: DECIDE,
    expand: 'organisation,event,decided_by',
    name: (r) => r.expand?.organisation?.name || 'Organisation',
    heading: (r) => `Anmeldung von ${r.expand?.organisation?.name || 'einer Organisation'} zum Vereinsfest`,
    columns: ['Organisation', 'Vereinsfest', 'Status', 'Eingegangen am', 'Wartet'],
    row: (r) => [r.expand?.event ? `${r.expand.event.title} am ${day(r.expand.event.starts_at)}` : '–'],
    facts: (r) => [
      ['Organisation', r.expand?.organisation ? h('a', { href: `/buero/organisationen/${r.organisation}` }, r.expand.organisation.name) : '–'],
      ['Vereinsfest', r.expand?.event ? `${r.expand.event.title} am ${day(r.expand.event.starts_at)}` : '–'],
      ['Angebot', paragraphs(r.offer)],
      ['Was der Verein braucht', paragraphs(r.needs)],
    ],
    decisions: [['accepted', 'Annehmen', ''], ['declined', 'Ablehnen', 'danger']],
    note: { label: 'Nachricht an den Verein', help: 'Zum Beispiel Standplatz und Aufbauzeit oder der Grund der Absage. Sie steht in der E-Mail an die Bearbeitenden des Vereins; öffentlich ist sie nicht.' },
    done: (r) => (r.status === 'accepted' ? `Die Anmeldung von „${r.expand?.organisation?.name}“ ist angenommen; das Angebot steht im Programm des Vereinsfests. Der Verein bekommt eine E-Mail.`
      : `Die Anmeldung von „${r.expand?.organisation?.name}“ ist abgelehnt. Der Verein bekommt eine E-Mail.`),
  },
  partners: {
    collection: 'partner_applications',
    path: '/buero/partner-bewerbungen',
    title: 'Partner-Bewerbungen',
    lead: 'Betriebe, die Partner der Ehrenamtskarte werden möchten; die ältesten offenen zuerst.',
    one: 'Bewerbung', many: 'Bewerbungen',
    statuses: DECIDE,
    expand: 'decided_by,partner',
    name: (r) => r.business_name,
    heading: (r) => `Bewerbung von ${r.business_name}`,
    columns: ['Betrieb', 'Vergünstigung', 'Status', 'Eingegangen am', 'Wartet'],
    row: (r) => [r.benefit],
    facts: (r) => [
      ['Betrieb', r.business_name],
      ['Branche', r.category || '–'],
      ['Vergünstigung für Karteninhaberinnen und -inhaber', paragraphs(r.benefit)],
      ['Anschrift', r.address || '–'],
      ['Internetseite', r.website ? h('a', { href: r.website, rel: 'noopener' }, r.website) : '–'],
      ['Ansprechperson', r.contact_name],
      ['E-Mail-Adresse', h('a', { href: `mailto:${r.email}` }, r.email)],
      ['Telefon', r.phone || '–'],
      ['Nachricht', paragraphs(r.message)],
      r.status === 'accepted' ? ['Partner', r.expand?.partner ? `„${r.expand.partner.name}“ steht bei den Partnern.` : 'angelegt'] : null,
    ],
    decisions: [['accepted', 'Als Partner aufnehmen', ''], ['declined', 'Ablehnen', 'danger']],
    note: { label: 'Nachricht an den Betrieb', help: 'Sie steht in der E-Mail über die Entscheidung an die Ansprechperson.' },
    done: (r) => (r.status === 'accepted' ? `„${r.business_name}“ ist als Partner aufgenommen und steht bei den Partnern. Die Ansprechperson bekommt eine E-Mail.`
      : `Die Bewerbung von „${r.business_name}“ ist abgelehnt. Die Ansprechperson bekommt eine E-Mail.`),
  },
  ideas: {
    collection: 'ideas',
    path: '/buero/ideen',
    title: 'Ideen',
    lead: 'Ideen und Rückmeldungen aus der Bürgerschaft: veröffentlichen, beantworten oder ablehnen; die ältesten offenen zuerst.',
    one: 'Idee', many: 'Ideen',
    statuses: IDEA_STATUS,
    expand: 'decided_by',
    name: (r) => r.title,
    heading: (r) => `Idee: ${r.title}`,
    columns: ['Idee', 'Thema', 'Status', 'Eingegangen am', 'Wartet'],
    row: (r) => [IDEA_TOPICS[r.topic] || '–'],
    facts: (r) => [
      ['Idee', paragraphs(r.text)],
      ['Thema', IDEA_TOPICS[r.topic] || '–'],
      ['Von', [r.name || '–', r.email ? [' · ', h('a', { href: `mailto:${r.email}` }, r.email)] : null, r.user ? ' (mit Benutzerkonto)' : ' (als Gast)']],
      ['Öffentlich seit', r.published_at ? day(r.published_at) : 'nicht öffentlich'],
      ['Antwort', r.response ? [paragraphs(r.response), h('p', { class: 'muted' }, `geschrieben am ${day(r.responded_at)}`)] : 'noch keine'],
    ],
  },
};

/** listPage is the page listing one kind, open ones first. */
export function listPage(kind) {
  const k = KINDS[kind];
  const filters = { offen: ['status = "submitted"', 'Offen'], alle: ['', 'Alle'],
    ...Object.fromEntries(Object.entries(k.statuses).filter(([s]) => s !== 'submitted').map(([s, t]) => [s, [`status = "${s}"`, t]])) };
  return officeList({
    title: `${k.title} – Büro`,
    heading: k.title,
    lead: k.lead,
    path: k.path,
    filters: { status: { label: 'Status', options: Object.entries(filters).map(([v, [, t]]) => [v, t]) } },
    list: ({ status }, page) => office.collection(k.collection).getList(page, 25, { filter: filters[status][0], sort: status === 'offen' ? 'created' : '-created', expand: k.expand }),
    items: [k.one, k.many],
    none: `Keine ${k.one} passt zu diesem Filter.`,
    caption: k.title,
    columns: k.columns,
    row: (r) => [
      h('a', { href: `${k.path}/${r.id}` }, k.name(r)),
      ...k.row(r),
      statusBadge(k.statuses, r.status, tone(r.status)),
      day(r.created),
      open(r.status) ? daysText(daysSince(r.created)) : '–',
    ],
    live: [k.collection],
  });
}

/** detailPage is one record of a kind with the decision in place. */
export function detailPage(kind) {
  const k = KINDS[kind];
  return officeDetail({
    title: `${k.title} – Büro`,
    list: [k.path, k.title],
    fetch: (id) => office.collection(k.collection).getOne(id, { expand: k.expand }),
    missing: `Diese ${k.one} gibt es nicht.`,
    failed: `Die ${k.one} konnte nicht geladen werden.`,
    show: (r, act) => ({
      title: k.heading(r),
      head: [pageHead(k.heading(r)),
        h('p', { class: 'meta' }, statusBadge(k.statuses, r.status, tone(r.status)), ` · eingegangen am ${day(r.created)}`,
          open(r.status) ? ` · wartet ${daysText(daysSince(r.created))}` : '')],
      main: [
        h('dl', { class: 'facts' }, k.facts(r).filter(Boolean).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
        kind === 'ideas' ? ideaDecision(r, act) : decision(k, r, act),
      ],
      audit: r.id,
    }),
    live: [k.collection],
  });
}

/** save updates the record with data; done(saved) is the outcome. */
const save = (k, r, act, form, data, done) => act.submit(form, async () => done(await office.collection(k.collection).update(r.id, data, { expand: k.expand })));

/** decision accepts or declines an open record with a note, or says who decided. */
function decision(k, r, act) {
  const box = decisionBox();
  if (!open(r.status)) {
    append(box, h('p', {}, `${k.statuses[r.status]} am ${dayTime(r.decided_at)} von ${decidedBy(r)}.`),
      r.note ? [h('h3', {}, k.note.label), h('blockquote', { class: 'decision-reason' }, r.note)] : null);
    return box;
  }
  const form = h('form', { class: 'form', novalidate: true },
    field({ name: 'note', label: k.note.label, type: 'textarea', rows: 3, help: k.note.help }),
    h('p', { class: 'form-actions' }, k.decisions.map(([status, text, cls]) =>
      h('button', { type: 'submit', name: 'status', value: status, class: `button ${cls}`.trim() }, text))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const status = ev.submitter?.value;
    if (!status) return;
    await save(k, r, act, form, { status, note: String(new FormData(form).get('note') || '').trim() }, k.done);
  });
  append(box, form);
  return box;
}

/** ideaDecision sets an idea's status (publishing it or not) and the public answer. */
function ideaDecision(r, act) {
  const box = decisionBox('Entscheidung und Antwort');
  if (r.decided_by || r.status !== 'submitted') append(box, h('p', {}, `Zuletzt entschieden von ${decidedBy(r)}.`));
  const form = h('form', { class: 'form', novalidate: true },
    field({ name: 'status', label: 'Status', type: 'radios', value: r.status, required: true,
      options: Object.entries(IDEA_STATUS),
      help: 'Öffentlich ist eine Idee, sobald sie veröffentlicht, in Arbeit oder umgesetzt ist – ohne Namen und E-Mail-Adresse. Abgelehnt bleibt eine nie veröffentlichte Idee unsichtbar.' }),
    field({ name: 'response', label: 'Antwort (öffentlich)', type: 'textarea', rows: 5, value: r.response || '',
      help: 'Die Antwort der Koordinierungsstelle oder des Arbeitskreises steht unter der Idee im Portal; wer die Idee geschickt hat, bekommt sie per E-Mail.' }),
    h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Speichern')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const status = String(data.get('status') || '');
    if (!status) {
      showErrors(form, { status: 'Bitte wählen Sie einen Status.' });
      return;
    }
    await save(KINDS.ideas, r, act, form, { status, response: String(data.get('response') || '').trim() },
      (saved) => `Gespeichert: Die Idee „${saved.title}“ ist jetzt „${IDEA_STATUS[saved.status]}“${saved.response ? ' und beantwortet' : ''}.`);
  });
  append(box, form);
  return box;
}
