// The city medal: what it honours and how it is awarded, the open round with
// the nomination form (no account needed), and the awards given so far.
// The form is built once and never rebuilt after an error, so nothing typed
// is lost; the list of awards updates itself.
import { h, append, clear, richText, dayKey } from '../lib/dom.js';
import { pb, PUBLIC_ORGS } from '../lib/api.js';
import { AWARD_KINDS, label } from '../lib/labels.js';
import { field, requiredNote, showErrors, showRequestError, submitting } from '../lib/forms.js';
import { pageHead, loading, failure, empty, badge } from '../lib/ui.js';
import { consentField, confirmation } from '../lib/opportunities.js';
import { formatDay, dayOf, nominationWindow, orgLink } from '../lib/awards.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export default {
  title: 'Stadtmedaille',
  async render(ctx) {
    const roundSection = (...content) => h('section', { 'aria-labelledby': 'medaille-runde' },
      h('h2', { id: 'medaille-runde' }, 'Vorschläge für die Stadtmedaille'), ...content);
    const roundBox = h('div', {}, roundSection(loading('Die aktuelle Runde wird geladen …')));
    const awardsBox = h('div', {}, loading('Die Auszeichnungen werden geladen …'));

    append(ctx.main,
      pageHead('Stadtmedaille', 'Der Ehrenamtspreis der Stadt Bitburg für herausragendes Engagement.'),
      h('section', { 'aria-labelledby': 'medaille-wer' },
        h('h2', { id: 'medaille-wer' }, 'Wen die Stadt ehrt'),
        h('p', {}, 'Die Stadtmedaille würdigt Personen, Gruppen, Initiativen und Vereine, die sich in besonderer Weise für das Gemeinwohl in Bitburg einsetzen.')),
      h('section', { 'aria-labelledby': 'medaille-wie' },
        h('h2', { id: 'medaille-wie' }, 'So wird vergeben'),
        h('ul', {},
          h('li', {}, 'Die Medaille wird einmal in jeder Wahlperiode des Stadtrats (fünf Jahre) verliehen, jeweils für einen vorher festgelegten Handlungsbereich, z. B. Gesundheit, Jugend, Senioren oder Migration.'),
          h('li', {}, 'Bürgerinnen und Bürger reichen Vorschläge ein, solange die Runde geöffnet ist – ohne Konto, mit dem Formular auf dieser Seite.'),
          h('li', {}, 'Eine Jury, die der ', h('a', { href: '/arbeitskreis' }, 'Arbeitskreis „Engagierte Stadt Bitburg“'), ' bestellt, prüft die Vorschläge; die städtischen Gremien entscheiden.'))),
      roundBox,
      h('section', { 'aria-labelledby': 'medaille-bisher' },
        h('h2', { id: 'medaille-bisher' }, 'Bisherige Auszeichnungen'),
        awardsBox),
      h('section', { 'aria-labelledby': 'medaille-mehr' },
        h('h2', { id: 'medaille-mehr' }, 'Weitere Formen der Anerkennung'),
        h('p', {}, 'Dankesbriefe des Bürgermeisters, die ', h('a', { href: '/ehrenamtskarte' }, 'Ehrenamtskarte'), ' und Ehrungen beim Vereinsfest „Bitburg engagiert sich“ – die Termine finden Sie im ', h('a', { href: '/termine' }, 'Kalender'), '.'),
        h('p', {}, 'Sie gehören zur Jury? ', h('a', { href: '/jury' }, 'Zur Bewertung der Vorschläge'), '.')));

    const loadRound = async () => {
      let rounds;
      let periods;
      try {
        [rounds, periods] = await Promise.all([
          pb.collection('award_rounds').getFullList({ filter: 'kind = "stadtmedaille"', sort: '-nominations_from', expand: 'period,ceremony' }),
          pb.collection('election_periods').getFullList({ sort: 'starts_on' }),
        ]);
      } catch (err) {
        if (!ctx.isCurrent()) return;
        roundBox.replaceChildren(roundSection(failure('Die aktuelle Runde konnte nicht geladen werden.', loadRound, err)));
        return;
      }
      if (!ctx.isCurrent()) return;
      const open = rounds.find((r) => r.status === 'published' && nominationWindow(r) === 'open');
      if (open) await showOpenRound(open);
      else roundBox.replaceChildren(roundSection(...noOpenRound(rounds, periods)));
    };

    const showOpenRound = async (round) => {
      let orgs = [];
      try {
        orgs = await pb.collection('organisations').getFullList({ filter: PUBLIC_ORGS, sort: 'name', fields: 'id,name' });
      } catch {
        // then only a name can be given; the API checks the rest
      }
      if (!ctx.isCurrent()) return;
      const form = nominationForm(orgs, round, ctx.user);
      const intro = () => h('p', {}, 'Ein Konto brauchen Sie dafür nicht. Sie erhalten eine Eingangsbestätigung per E-Mail.');
      const formBox = h('section', { class: 'answer-box', 'aria-labelledby': 'vorschlag-titel' },
        h('h2', { id: 'vorschlag-titel' }, 'Vorschlag einreichen'), intro(), form);
      roundBox.replaceChildren(
        roundSection(
          h('p', {}, 'Jetzt ist die Zeit für Ihren Vorschlag: Wen sollte die Stadt Bitburg ehren?'),
          h('p', {}, h('a', { class: 'button', href: '#vorschlag-titel' }, 'Zum Formular')),
          roundFacts(round),
          round.description ? richText(round.description) : null),
        formBox);

      const restart = () => {
        const fresh = nominationForm(orgs, round, ctx.user);
        const heading = h('h2', { id: 'vorschlag-titel', tabindex: '-1' }, 'Vorschlag einreichen');
        formBox.replaceChildren(heading, intro(), fresh);
        fresh.addEventListener('submit', (ev) => send(ev, fresh));
        heading.focus();
      };
      const send = async (ev, form) => {
        ev.preventDefault();
        const data = new FormData(form);
        const errors = checkNomination(data);
        if (Object.keys(errors).length) {
          showErrors(form, errors);
          return;
        }
        const body = {
          round: round.id,
          nominee_name: String(data.get('nominee_name') ?? '').trim(),
          nominee_organisation: String(data.get('nominee_organisation') ?? ''),
          reason: String(data.get('reason') ?? '').trim(),
          nominator_name: String(data.get('nominator_name') ?? '').trim(),
          nominator_email: String(data.get('nominator_email') ?? '').trim(),
          consent: true,
          website: String(data.get('website') ?? ''), // the honeypot; the API throws filled ones away
        };
        await submitting(form, async () => {
          try {
            await pb.collection('nominations').create(body);
          } catch (err) {
            showRequestError(form, err);
            return;
          }
          const org = orgs.find((o) => o.id === body.nominee_organisation);
          const who = [body.nominee_name, org ? (body.nominee_name ? `(${org.name})` : org.name) : ''].filter(Boolean).join(' ');
          ctx.announce('Ihr Vorschlag ist eingegangen.');
          confirmation(formBox, 'Vielen Dank für Ihren Vorschlag!',
            h('p', {}, `Ihr Vorschlag „${who}“ für die Stadtmedaille ist bei der Koordinierungsstelle eingegangen.`),
            h('p', {}, `Eine Eingangsbestätigung ist per E-Mail an ${body.nominator_email} unterwegs.`),
            h('p', {}, `Vorschläge sind bis zum ${formatDay(round.nominations_until)} möglich. Danach prüft die Jury alle Vorschläge; die Entscheidung treffen die städtischen Gremien.`),
            h('p', { class: 'actions' },
              h('button', { type: 'button', class: 'button secondary', on: { click: restart } }, 'Noch jemanden vorschlagen')));
        });
      };
      form.addEventListener('submit', (ev) => send(ev, form));
    };

    const loadAwards = async () => {
      try {
        const list = await pb.collection('awards').getFullList({
          filter: 'kind = "stadtmedaille" || kind = "ehrenamtspreis" || kind = "projektpreis"',
          sort: '-awarded_at', expand: 'recipient_organisation,round',
        });
        if (!ctx.isCurrent()) return;
        append(clear(awardsBox), list.length
          ? h('ul', { class: 'award-list' }, list.map(awardItem))
          : empty('Noch sind keine Auszeichnungen eingetragen.'));
      } catch (err) {
        if (ctx.isCurrent()) append(clear(awardsBox), failure('Die Auszeichnungen konnten nicht geladen werden.', loadAwards, err));
      }
    };

    await Promise.all([loadRound(), loadAwards()]);
    ctx.live(['awards', 'organisations'], loadAwards);
  },
};

/** roundFacts are the round's title, field of action, deadline and ceremony. */
function roundFacts(round) {
  const ceremony = round.expand?.ceremony;
  const period = round.expand?.period;
  const facts = [
    round.title ? ['Runde', round.title] : null,
    ['Handlungsbereich', round.field_of_action],
    ['Vorschläge bis', h('strong', {}, formatDay(round.nominations_until))],
    period ? ['Wahlperiode', period.name] : null,
    ceremony ? ['Verleihung', h('a', { href: `/termine/${encodeURIComponent(ceremony.id)}` }, ceremony.title)] : null,
  ].filter(Boolean);
  return h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/**
 * noOpenRound says that no nominations are taken now and when the next
 * chance comes, as far as the rounds and election periods tell.
 */
function noOpenRound(rounds, periods) {
  const out = [h('p', { class: 'notice notice-info' }, 'Zurzeit werden keine Vorschläge für die Stadtmedaille angenommen.')];
  const upcoming = rounds.filter((r) => r.status === 'published' && nominationWindow(r) === 'upcoming')
    .sort((a, b) => String(a.nominations_from).localeCompare(String(b.nominations_from)))[0];
  if (upcoming) {
    out.push(h('p', {}, `Die nächste Runde ist ausgeschrieben: Vorschläge sind vom ${formatDay(upcoming.nominations_from)} bis zum ${formatDay(upcoming.nominations_until)} möglich`,
      upcoming.field_of_action ? `, Handlungsbereich ${upcoming.field_of_action}.` : '.'));
    return out;
  }
  const today = dayKey(new Date());
  const current = periods.find((p) => dayOf(p.starts_on) <= today && today <= dayOf(p.ends_on));
  const currentRound = current && rounds.find((r) => r.period === current.id);
  const next = periods.find((p) => dayOf(p.starts_on) > (current ? dayOf(current.ends_on) : today));
  if (currentRound) {
    const closed = nominationWindow(currentRound) === 'closed';
    out.push(h('p', {}, `In der Wahlperiode ${current.name} wurde die Stadtmedaille für den Handlungsbereich ${currentRound.field_of_action} ausgeschrieben`,
      closed ? `; die Vorschlagsfrist endete am ${formatDay(currentRound.nominations_until)}.` : '.',
      currentRound.status === 'decided' ? ' Die Runde ist entschieden.' : closed ? ' Die Jury prüft die Vorschläge; die städtischen Gremien entscheiden.' : ''));
    out.push(h('p', {}, next
      ? `Die nächste Runde folgt in der Wahlperiode ${next.name}, die am ${formatDay(next.starts_on)} beginnt.`
      : `Die nächste Runde folgt in der nächsten Wahlperiode, nach der Kommunalwahl${current.ends_on ? ` (die laufende Wahlperiode endet am ${formatDay(current.ends_on)})` : ''}.`));
  } else if (current) {
    out.push(h('p', {}, `Die Runde der Wahlperiode ${current.name} ist noch nicht ausgeschrieben. Sobald sie beginnt, finden Sie hier den Handlungsbereich, die Frist und das Formular für Ihren Vorschlag.`));
  } else if (next) {
    out.push(h('p', {}, `Die nächste Runde folgt in der Wahlperiode ${next.name}, die am ${formatDay(next.starts_on)} beginnt.`));
  }
  out.push(h('p', {}, 'Fragen zur Stadtmedaille beantwortet die ', h('a', { href: '/kontakt' }, 'Koordinierungsstelle'), '.'));
  return out;
}

/** nominationForm is the empty form for a nomination to round; a logged-in user finds their name and address filled in. */
function nominationForm(orgs, round, user) {
  return h('form', { class: 'form nomination-form', novalidate: true },
    requiredNote(),
    h('fieldset', {},
      h('legend', {}, 'Wen schlagen Sie vor?'),
      h('p', { class: 'field-help' }, 'Nennen Sie eine Person oder Gruppe, wählen Sie eine Organisation aus dem Verzeichnis – oder beides.'),
      field({ name: 'nominee_name', label: 'Name der Person oder Gruppe', attrs: { maxlength: 200 },
        help: 'Zum Beispiel „Gertrud Muster“ oder „Die Lesepaten der Stadtbücherei“.' }),
      orgs.length ? field({ name: 'nominee_organisation', label: 'Organisation aus dem Verzeichnis', type: 'select',
        options: [['', 'Keine Organisation auswählen'], ...orgs.map((o) => [o.id, o.name])],
        help: 'Vereine, Initiativen und Einrichtungen, die im Portal eingetragen sind.' }) : null,
      field({ name: 'reason', label: 'Warum schlagen Sie sie vor?', type: 'textarea', required: true, rows: 7, attrs: { maxlength: 5000 },
        help: `Wofür und seit wann engagiert sich die Person, Gruppe oder Organisation? Was zeichnet das Engagement im Handlungsbereich ${round.field_of_action} aus?` })),
    h('fieldset', {},
      h('legend', {}, 'Ihre Angaben'),
      h('div', { class: 'field-row' },
        field({ name: 'nominator_name', label: 'Ihr Name', required: true, value: user?.name || '', autocomplete: 'name', attrs: { maxlength: 120 } }),
        field({ name: 'nominator_email', label: 'Ihre E-Mail-Adresse', type: 'email', required: true, value: user?.email || '', autocomplete: 'email',
          help: 'Hierhin schicken wir die Eingangsbestätigung. Die Jury sieht Ihre E-Mail-Adresse nicht.' }))),
    honeypot(),
    consentField('Ich bin einverstanden, dass meine Angaben für die Auswahl gespeichert und der Jury gezeigt werden; meine E-Mail-Adresse sieht nur die Koordinierungsstelle.',
      'Sie können die Einwilligung jederzeit widerrufen.'),
    h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Vorschlag senden')));
}

/**
 * honeypot is a field that people never see or reach, so they leave it
 * empty; bots fill it, and the API quietly throws such nominations away.
 */
function honeypot() {
  return h('div', { class: 'hp-field', 'aria-hidden': 'true' },
    h('label', { for: 'vorschlag-website' }, 'Website (bitte leer lassen)'),
    h('input', { type: 'text', id: 'vorschlag-website', name: 'website', tabindex: '-1', autocomplete: 'off' }));
}

/** checkNomination finds what a nomination lacks before it is sent; the API checks again. */
function checkNomination(data) {
  const errors = {};
  if (!String(data.get('nominee_name') ?? '').trim() && !data.get('nominee_organisation')) {
    errors.nominee_name = 'Bitte nennen Sie die Person oder Gruppe, die Sie vorschlagen, oder wählen Sie eine Organisation aus.';
  }
  if (!String(data.get('reason') ?? '').trim()) errors.reason = 'Bitte begründen Sie Ihren Vorschlag: Wofür und wie lange engagiert sich die Person, Gruppe oder Organisation?';
  if (!String(data.get('nominator_name') ?? '').trim()) errors.nominator_name = 'Bitte geben Sie Ihren Namen ein.';
  const email = String(data.get('nominator_email') ?? '').trim();
  if (!email) errors.nominator_email = 'Bitte geben Sie Ihre E-Mail-Adresse ein, damit wir Ihnen den Eingang bestätigen können.';
  else if (!EMAIL.test(email)) errors.nominator_email = 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.';
  if (data.get('consent') !== 'true') errors.consent = 'Bitte willigen Sie ein, dass Ihre Angaben für die Auswahl gespeichert und der Jury gezeigt werden.';
  return errors;
}

/** awardItem is a published award: who, what, when, and why. */
function awardItem(award) {
  const org = award.expand?.recipient_organisation;
  const name = String(award.recipient_name || '').trim();
  const round = award.expand?.round;
  return h('li', { class: 'card award-card' },
    h('h3', {}, name || orgLink(org) || 'Ohne Namen', name && org ? [' (', orgLink(org), ')'] : null),
    h('p', { class: 'meta' }, badge(label(AWARD_KINDS, award.kind), award.kind === 'stadtmedaille' ? 'kind-vereinsfest' : ''), ' ',
      h('time', { datetime: String(award.awarded_at).slice(0, 10) }, formatDay(award.awarded_at)),
      round?.field_of_action ? ` · Handlungsbereich ${round.field_of_action}` : ''),
    h('p', { class: 'citation' }, award.citation));
}
