// Creating or editing an event of one's own organisation
// (/mein-verein/<slug>/termine/neu or /<id>): also whole days, repeating
// dates (a weekly training is one event with a rule, RFC 5545), single
// dates of a series called off, and calling the event off.
import { h, append, htmlToText, textToHTML, toInputValue, fromInputValue } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { EVENT_KINDS, EDITOR_EVENT_KINDS } from '../lib/labels.js';
import { field, requiredNote, showRequestError, submitting } from '../lib/forms.js';
import { pageHead, setFlash } from '../lib/ui.js';
import { editedOrganisation } from '../lib/own.js';

export default {
  title: 'Termin bearbeiten',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const isNew = ctx.params.id === 'neu';
    let event = null;
    const org = await editedOrganisation(ctx, 'Termin bearbeiten', {
      failureText: 'Der Termin konnte nicht geladen werden.',
      notFoundIsEmpty: true,
      more: isNew ? null : async (o) => {
        event = await pb.collection('events').getOne(ctx.params.id);
        if (event.organisation !== o.id) event = null;
      },
    });
    if (!org) return;
    const slug = encodeURIComponent(org.slug);
    const back = `/mein-verein/${slug}/termine`;
    if (!isNew && !event) {
      ctx.setTitle('Termin nicht gefunden');
      append(ctx.main, pageHead('Termin nicht gefunden'), h('p', {}, `Diesen Termin gibt es bei ${org.name} nicht (mehr).`), h('p', {}, h('a', { href: back }, 'Zu den Terminen')));
      return;
    }
    if (event?.kind === 'vereinsfest') {
      append(ctx.main, pageHead(event.title), h('p', {}, 'Das Vereinsfest „Bitburg engagiert sich“ pflegt die Koordinierungsstelle.'), h('p', {}, h('a', { href: back }, 'Zu den Terminen')));
      return;
    }
    const e = event || { kind: 'termin', published: false };
    const title = isNew ? 'Neuer Termin' : 'Termin bearbeiten';
    const [repeatChoice, untilValue] = readRule(e.rrule || '');
    ctx.setTitle(`${title} – ${org.name}`);

    const form = h('form', { class: 'form', novalidate: true },
      requiredNote(),
      field({ name: 'title', label: 'Titel', required: true, value: e.title, attrs: { maxlength: 200 } }),
      field({ name: 'kind', label: 'Art', type: 'select', required: true, value: e.kind, options: EDITOR_EVENT_KINDS.map((k) => [k, EVENT_KINDS[k]]) }),
      h('div', { class: 'field-row' },
        field({ name: 'starts_at', label: 'Beginn', type: 'datetime-local', required: true, value: toInputValue(e.starts_at), help: 'Datum und Uhrzeit (Ortszeit Bitburg)' }),
        field({ name: 'ends_at', label: 'Ende', type: 'datetime-local', required: true, value: toInputValue(e.ends_at), help: 'Muss nach dem Beginn liegen' })),
      field({ name: 'all_day', label: 'Ganztägig', type: 'checkbox', checked: !!e.all_day,
        help: 'Es zählen nur die Tage von Beginn und Ende; die Uhrzeiten werden nicht angezeigt.' }),
      h('fieldset', { class: 'field-group' },
        h('legend', {}, 'Wiederholung'),
        field({ name: 'repeat', label: 'Wie oft', type: 'select', value: repeatChoice,
          options: REPEAT_CHOICES, help: 'Der Beginn oben ist der erste Termin der Reihe; Wochentag und Uhrzeit gelten für alle.' }),
        field({ name: 'until', label: 'Letzter Termin am', type: 'date', value: untilValue, help: 'Leer lassen, wenn die Reihe kein festes Ende hat.' }),
        field({ name: 'rrule', label: 'Eigene Regel', value: repeatChoice === 'eigene' ? e.rrule : '', attrs: { maxlength: 500, spellcheck: 'false' },
          help: 'Nur bei „Eigene Regel“, nach RFC 5545, z. B. FREQ=WEEKLY;BYDAY=TU,TH (dienstags und donnerstags) oder FREQ=MONTHLY;BYDAY=-1FR (letzter Freitag im Monat).' }),
        field({ name: 'exdates', label: 'Einzelne Termine abgesagt', value: (e.exdates || []).map(germanDate).join(', '),
          help: 'Tage der Reihe, die ausfallen, als TT.MM.JJJJ, durch Kommas getrennt.' })),
      field({ name: 'location', label: 'Ort mit Anschrift', value: e.location, attrs: { maxlength: 300 } }),
      field({ name: 'description', label: 'Beschreibung', type: 'textarea', rows: 6, value: htmlToText(e.description || ''),
        help: 'Programm, Zielgruppe, Kosten. Absätze trennen Sie durch eine Leerzeile.' }),
      field({ name: 'registration_url', label: 'Link zur Anmeldung', type: 'url', value: e.registration_url, help: 'Falls eine Anmeldung nötig ist, mit https://' }),
      field({ name: 'capacity', label: 'Plätze für Anmeldungen über BEN', type: 'number', value: e.capacity || '', attrs: { min: 0, step: 1, inputmode: 'numeric' },
        help: 'Mit einer Zahl melden sich Teilnehmende auf der Seite des Termins an; wer darüber hinaus kommt, steht auf der Warteliste und rückt nach. Leer lassen, wenn keine Anmeldung über BEN nötig ist.' }),
      field({ name: 'cancelled', label: 'Abgesagt', type: 'checkbox', checked: !!e.cancelled,
        help: 'Der Termin bleibt bis zu seinem Ende durchgestrichen sichtbar, damit alle, die ihn im Kalender haben, es erfahren.' }),
      field({ name: 'published', label: 'Veröffentlichen', type: 'checkbox', checked: !!e.published,
        help: 'Erst veröffentlichte Termine erscheinen im Kalender des Portals, in der Schnittstelle und im Kalender-Abo.' }),
      h('p', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button' }, isNew ? 'Termin anlegen' : 'Änderungen speichern'),
        h('a', { href: back }, 'Abbrechen')));

    append(ctx.main, 
      h('p', { class: 'breadcrumb' }, h('a', { href: '/mein-verein' }, 'Mein Verein'), ' › ', h('a', { href: back }, `Termine von ${org.name}`)),
      pageHead(title), form);

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const text = (name) => String(data.get(name) ?? '').trim();
      const body = {
        title: text('title'),
        kind: text('kind'),
        starts_at: fromInputValue(text('starts_at')),
        ends_at: fromInputValue(text('ends_at')),
        location: text('location'),
        registration_url: text('registration_url'),
        capacity: text('capacity') === '' ? null : Number(text('capacity')),
        published: data.get('published') === 'true',
        all_day: data.get('all_day') === 'true',
        cancelled: data.get('cancelled') === 'true',
        rrule: writeRule(text('repeat'), text('until'), text('rrule')),
        exdates: text('exdates').split(/[,;\s]+/).filter(Boolean).map(isoDate),
      };
      const description = String(data.get('description') ?? '');
      if (isNew || description.trim() !== htmlToText(e.description || '').trim()) body.description = textToHTML(description);
      if (isNew) body.organisation = org.id;
      await submitting(form, async () => {
        try {
          const saved = isNew
            ? await pb.collection('events').create(body)
            : await pb.collection('events').update(e.id, body);
          setFlash(`Der Termin „${saved.title}“ ist gespeichert${saved.published ? ' und veröffentlicht' : ' (Entwurf)'}.`);
          ctx.navigate(back, { replace: true });
        } catch (err) {
          showRequestError(form, err);
        }
      });
    });
  },
};

const REPEAT_CHOICES = [
  ['', 'Einmalig'],
  ['FREQ=DAILY', 'Täglich'],
  ['FREQ=WEEKLY', 'Jede Woche'],
  ['FREQ=WEEKLY;INTERVAL=2', 'Alle zwei Wochen'],
  ['FREQ=MONTHLY', 'Jeden Monat am selben Tag'],
  ['eigene', 'Eigene Regel (unten)'],
];

/** readRule finds the choice and the last date ("2027-12-31") of a stored rule. */
function readRule(rule) {
  if (!rule) return ['', ''];
  const m = /^(.*?);UNTIL=(\d{4})(\d{2})(\d{2})$/.exec(rule);
  const base = m ? m[1] : rule;
  if (REPEAT_CHOICES.some(([value]) => value === base && value !== 'eigene' && value !== '')) {
    return [base, m ? `${m[2]}-${m[3]}-${m[4]}` : ''];
  }
  return ['eigene', ''];
}

/** writeRule makes the rule to store from the form's choice. */
function writeRule(choice, until, own) {
  if (choice === 'eigene') return own;
  if (!choice) return '';
  return until ? `${choice};UNTIL=${until.replaceAll('-', '')}` : choice;
}

/** germanDate writes "2027-03-23" as "23.03.2027". */
const germanDate = (iso) => iso.split('-').reverse().join('.');

/** isoDate reads "23.03.2027" (or "2027-03-23"); anything else is sent as typed, and the server names the error. */
function isoDate(text) {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : text;
}
