// One card application as the office decides on it: the applicant, every
// engagement with hours, allowance, place and since, how and by whom each
// was confirmed, the eligibility check and its flags, earlier cards; then
// approve, or reject with a reason, and after the approval the printable
// card. The record's audit trail closes the page.
import { h, append } from '../lib/dom.js';
import { notice } from '../lib/forms.js';
import { pageHead } from '../lib/ui.js';
import { officeDetail, decisionBox } from '../lib/office-pages.js';
import {
  office, statusBadge, day, dayTime, daysSince, waitingSince, decidedBy, table, downloadWithLogin,
  APPLICATION_STATUS, CARD_STATUS, CARD_KINDS, ALLOWANCES, TONES,
} from '../lib/office.js';

/** ageOn is the age in whole years of someone born on birth, at the day at. */
function ageOn(birth, at) {
  const b = new Date(String(birth).replace(' ', 'T'));
  const d = at ? new Date(String(at).replace(' ', 'T')) : new Date();
  let age = d.getUTCFullYear() - b.getUTCFullYear();
  if (d.getUTCMonth() < b.getUTCMonth() || (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())) age--;
  return age;
}

/**
 * confirmation says how and by whom an engagement was confirmed, as the
 * card records it (confirmed_via): an editor of the club in the portal, the
 * contact person through the mailed link, or the office itself with its
 * written reason.
 */
function confirmation(e) {
  if (!e.confirmed_at) return h('span', { class: 'badge pending' }, 'noch nicht bestätigt');
  const by = e.confirmed_by || '';
  const how = { editor: 'von der Redaktion der Organisation im Portal', email_link: 'per E-Mail-Link der Ansprechperson', staff: 'von der Koordinierungsstelle selbst' }[e.confirmed_via] || 'bestätigt';
  return [h('span', { class: 'badge ok' }, 'bestätigt'), ` am ${day(e.confirmed_at)}, ${how}`,
    e.confirmed_via === 'staff'
      ? [h('br'), h('span', { class: 'muted' }, `durch ${e.expand?.decided_by?.name || 'die IT (Superuser)'}; Begründung: ${e.confirmation_reason || '–'}`)]
      : by ? [h('br'), h('span', { class: 'muted' }, by)] : null];
}

/** orgName is the organisation an engagement names. */
const orgName = (e) => e.expand?.organisation?.name || e.organisation_name || 'der Organisation';

/** load fetches the application, its engagements, the cards of the applicant and the eligibility check. */
async function load(id) {
  const a = await office.collection('card_applications').getOne(id, { expand: 'decided_by,group_organisation,previous_card' });
  const engagements = await office.collection('engagements').getFullList({ filter: office.filter('application = {:id}', { id }), sort: 'created', expand: 'organisation,decided_by' });
  const cards = await office.collection('cards').getFullList({ filter: office.filter('holder = {:u} || application = {:id}', { u: a.applicant, id }), sort: '-issued_at' });
  const check = await office.send('/api/ben/card/eligibility', {
    method: 'POST',
    body: {
      kind: a.kind, birth_date: a.birth_date, resident_in_bitburg: a.resident_in_bitburg,
      engagements: engagements.map((e) => ({ hours_per_week: e.hours_per_week, hours_per_year: e.hours_per_year, since: e.since, allowance: e.allowance, in_bitburg: e.in_bitburg })),
    },
  }).catch(() => null);
  return { a, engagements, cards, check };
}

export default officeDetail({
  title: 'Antrag – Büro',
  list: ['/buero/antraege', 'Anträge'],
  fetch: load,
  missing: 'Diesen Antrag gibt es nicht.',
  failed: 'Der Antrag konnte nicht geladen werden.',
  show: ({ a, engagements, cards, check }, act) => {
    const name = `${a.first_name} ${a.last_name}`;
    const ownCard = cards.find((c) => c.application === a.id);
    const earlier = cards.filter((c) => c.application !== a.id);
    const flags = Array.isArray(a.flags) ? a.flags : [];
    return {
      title: `Antrag von ${name}`,
      head: [pageHead(`Antrag von ${name}`),
        h('p', { class: 'meta' }, CARD_KINDS[a.kind] || a.kind, ' · ',
          statusBadge(APPLICATION_STATUS, a.status, TONES.application[a.status]),
          a.submitted_at ? ` · eingereicht am ${day(a.submitted_at)}` : '',
          ['submitted', 'confirmed'].includes(a.status) && a.submitted_at ? ` · wartet ${waitingSince(daysSince(a.submitted_at))}` : '')],
      main: [
        h('section', { 'aria-labelledby': 'person' },
          h('h2', { id: 'person' }, 'Antragstellerin / Antragsteller'),
          h('dl', { class: 'facts' },
            h('dt', {}, 'Name'), h('dd', {}, name),
            h('dt', {}, 'Geburtsdatum'), h('dd', {}, `${day(a.birth_date)} (am Tag der Einreichung ${ageOn(a.birth_date, a.submitted_at || a.created)} Jahre)`),
            h('dt', {}, 'Anschrift'), h('dd', {}, [a.street, [a.postcode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') || '–'),
            h('dt', {}, 'Wohnt in Bitburg'), h('dd', {}, a.resident_in_bitburg ? 'ja' : 'nein'),
            a.expand?.group_organisation ? [h('dt', {}, 'Sammelantrag von'), h('dd', {}, a.expand.group_organisation.name)] : null)),
        h('section', { 'aria-labelledby': 'engagements' },
          h('h2', { id: 'engagements' }, `Engagements (${engagements.length})`),
          table('Engagements', ['Organisation und Tätigkeit', 'Stunden', 'Entschädigung', 'Ort', 'Seit', 'Bestätigung'], engagements.map((e) => [
            [h('strong', {}, e.expand?.organisation?.name || e.organisation_name || '–'), h('br'), e.role, h('br'), h('span', { class: 'muted' }, `Ansprechperson: ${e.contact_name}`)],
            [e.hours_per_week ? `${String(e.hours_per_week).replace('.', ',')} pro Woche` : null, e.hours_per_week && e.hours_per_year ? h('br') : null,
              e.hours_per_year ? `${String(e.hours_per_year).replace('.', ',')} pro Jahr` : null],
            ALLOWANCES[e.allowance] || e.allowance,
            e.in_bitburg ? 'in Bitburg' : 'außerhalb Bitburgs',
            day(e.since),
            confirmation(e),
          ]))),
        h('section', { 'aria-labelledby': 'pruefung' },
          h('h2', { id: 'pruefung' }, 'Prüfung der Voraussetzungen'),
          !check ? h('p', { class: 'muted' }, 'Die Prüfung konnte nicht geladen werden.')
            : check.eligible ? h('p', { class: 'eligibility-summary ok' }, 'Die Voraussetzungen sind nach den Angaben erfüllt.')
              : [h('p', { class: 'eligibility-summary open' }, 'Nach den Angaben sind nicht alle Voraussetzungen erfüllt:'), h('ul', {}, check.failures.map((f) => h('li', {}, f.message)))],
          flags.length ? [h('h3', {}, 'Hinweise für das Büro'), h('ul', {}, flags.map((f) => h('li', {}, f.message)))] : h('p', { class: 'muted' }, 'Keine Hinweise.')),
        h('section', { 'aria-labelledby': 'karten' },
          h('h2', { id: 'karten' }, 'Karten'),
          ownCard ? h('p', {}, 'Zu diesem Antrag ausgestellt: ', h('a', { href: `/buero/karten/${ownCard.id}` }, ownCard.number), ' · ', statusBadge(CARD_STATUS, ownCard.status), ` · gültig bis ${ownCard.valid_until ? day(ownCard.valid_until) : 'unbefristet'}`) : null,
          earlier.length ? [h('h3', {}, 'Frühere Karten'), h('ul', {}, earlier.map((c) => h('li', {}, h('a', { href: `/buero/karten/${c.id}` }, c.number), ` · ${CARD_STATUS[c.status] || c.status} · ausgestellt am ${day(c.issued_at)}`)))]
            : h('p', { class: 'muted' }, 'Keine früheren Karten.')),
        decision(a, engagements, ownCard, act),
      ],
      audit: [a.id, ...engagements.map((e) => e.id)],
    };
  },
  live: ['card_applications', 'engagements'],
});

/**
 * decision is what the office can do with the application in its status:
 * print the card of an approved one, read why one was rejected or
 * withdrawn, approve a confirmed one, confirm engagements itself with a
 * reason; and reject any open one with a reason.
 */
function decision(a, engagements, card, act) {
  const box = decisionBox();
  if (a.status === 'approved') {
    append(box, h('p', {}, `Bewilligt am ${dayTime(a.decided_at)} von ${decidedBy(a)}.`));
    if (card) {
      const print = h('button', { type: 'button', class: 'button' }, 'Karte drucken (PDF)');
      print.addEventListener('click', async () => {
        try {
          await downloadWithLogin(`/api/ben/cards/${card.id}/card.pdf`, `ehrenamtskarte-${card.number}.pdf`);
          act.ctx.announce('Die Karte wird heruntergeladen.');
        } catch (err) {
          notice(box, 'Die Karte konnte nicht erstellt werden. Bitte versuchen Sie es erneut.', 'error');
        }
      });
      append(box, h('p', {}, `Kartennummer ${card.number}. Drucken Sie die Karte in Originalgröße (100 %) aus.`), h('p', {}, print));
    }
    return box;
  }
  if (a.status === 'rejected' || a.status === 'withdrawn') {
    append(box, h('p', {}, `${APPLICATION_STATUS[a.status]} am ${dayTime(a.decided_at)}${a.status === 'rejected' ? ` von ${decidedBy(a)}` : ''}.`),
      a.decision_reason ? h('blockquote', { class: 'decision-reason' }, a.decision_reason) : null);
    return box;
  }
  if (a.status === 'draft') {
    append(box, h('p', {}, 'Der Antrag ist noch ein Entwurf; entschieden wird nach dem Einreichen.'));
    return box;
  }
  if (a.status === 'confirmed') {
    const approve = h('button', { type: 'button', class: 'button' }, 'Bewilligen und Karte ausstellen');
    approve.addEventListener('click', () => act.press(approve, async () => {
      await office.collection('card_applications').update(a.id, { status: 'approved' });
      return 'Der Antrag ist bewilligt, die Karte ausgestellt. Die Antragstellerin / der Antragsteller bekommt eine E-Mail.';
    }, box));
    append(box, h('p', {}, 'Alle Engagements sind bestätigt.'), h('p', { class: 'actions' }, approve));
  } else {
    append(box, h('p', {}, 'Bewilligen können Sie, sobald alle Engagements bestätigt sind. Liegt Ihnen eine Bestätigung auf anderem Weg vor (z. B. schriftlich), bestätigen Sie das Engagement selbst, mit Begründung. Ablehnen können Sie schon jetzt.'));
    // the office confirms an engagement on its own knowledge, with a reason
    for (const e of engagements.filter((x) => !x.confirmed_at)) {
      append(box, act.oneField({
        heading: h('h3', {}, `Engagement bei ${orgName(e)} selbst bestätigen`),
        field: { name: 'reason', label: `Begründung der Bestätigung (${orgName(e)})`, type: 'textarea', rows: 2,
          help: 'Zum Beispiel „Schriftliche Bestätigung des Vereins liegt vor“. Die Begründung sieht nur die Koordinierungsstelle.' },
        button: [`Engagement bei ${orgName(e)} bestätigen`, 'secondary'],
        missing: 'Bitte begründen Sie, warum die Koordinierungsstelle selbst bestätigt.',
        send: async (reason) => {
          await office.send(`/api/ben/card/engagements/${e.id}/confirm-by-office`, { method: 'POST', body: { reason } });
          return `Das Engagement bei ${orgName(e)} ist von der Koordinierungsstelle bestätigt.`;
        },
      }));
    }
  }
  append(box, act.oneField({
    heading: h('h3', {}, 'Ablehnen'),
    field: { name: 'decision_reason', label: 'Begründung', type: 'textarea', rows: 4,
      help: 'Die Begründung geht per E-Mail an die Antragstellerin / den Antragsteller und steht im Antrag.' },
    button: ['Antrag ablehnen', 'danger'],
    missing: 'Bitte begründen Sie die Ablehnung; die Begründung geht an die Antragstellerin / den Antragsteller.',
    send: async (reason) => {
      await office.collection('card_applications').update(a.id, { status: 'rejected', decision_reason: reason });
      return 'Der Antrag ist abgelehnt. Die Antragstellerin / der Antragsteller bekommt die Begründung per E-Mail.';
    },
  }));
  return box;
}
