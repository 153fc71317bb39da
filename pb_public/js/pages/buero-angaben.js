// The office's own facts (collection "office"): what imprint, privacy
// notice, accessibility statement and the contact block show. Which facts
// are still missing says the server (the legal pages' list, the same that
// makes the inbox item); staff of both roles maintain them, as the
// collection's rule allows.
import { h, toInputValue } from '../lib/dom.js';
import { field, showErrors } from '../lib/forms.js';
import { officeDetail } from '../lib/office-pages.js';
import { office, day, mayDecide } from '../lib/office.js';

const GROUPS = [
  ['Kontakt und Impressum', [
    ['body_name', 'Name der öffentlichen Stelle', 'text', 'Zum Beispiel „Stadt Bitburg“.'],
    ['office_name', 'Name der Koordinierungsstelle', 'text'],
    ['address', 'Anschrift', 'textarea', 'Straße, Postleitzahl und Ort, wie sie im Impressum stehen sollen.'],
    ['phone', 'Telefon', 'tel'],
    ['email', 'E-Mail-Adresse', 'email'],
    ['opening_hours', 'Sprechzeiten', 'textarea'],
    ['represented_by', 'Vertretungsberechtigt', 'text', 'Zum Beispiel „Bürgermeister …“.'],
    ['content_responsible', 'Verantwortlich für den Inhalt', 'text', 'Name und Anschrift nach § 18 Abs. 2 Medienstaatsvertrag.'],
    ['supervisory_authority', 'Aufsichtsbehörde', 'text'],
    ['vat_id', 'Umsatzsteuer-Identifikationsnummer (wenn vorhanden)', 'text'],
    ['imprint_text', 'Weitere Angaben für das Impressum', 'textarea', 'Freiwillig. Eine Zeile mit „## “ am Anfang beginnt einen Abschnitt; Leerzeilen trennen Absätze.'],
  ]],
  ['Datenschutz', [
    ['dpo_contact', 'Datenschutzbeauftragte oder Datenschutzbeauftragter', 'textarea', 'Name oder Funktion und wie man sie oder ihn erreicht.'],
    ['privacy_text', 'Eigene Abschnitte der Datenschutzerklärung', 'textarea', 'Freiwillig. Die Tabelle, was BEN speichert, erzeugt BEN selbst.'],
  ]],
  ['Barrierefreiheit', [
    ['accessibility_status', 'Stand der Barrierefreiheit', 'select', '', [['', 'bitte wählen'], ['vollstaendig', 'vollständig vereinbar'], ['teilweise', 'teilweise vereinbar'], ['nicht', 'nicht vereinbar']]],
    ['accessibility_reviewed_on', 'Datum der Erklärung zur Barrierefreiheit', 'date'],
    ['accessibility_method', 'Wie bewertet wurde', 'text', 'Zum Beispiel „Selbstbewertung“.'],
    ['accessibility_gaps', 'Weitere bekannte Barrieren', 'textarea'],
  ]],
];

export default officeDetail({
  title: 'Angaben der Koordinierungsstelle – Büro',
  heading: 'Angaben der Koordinierungsstelle',
  lead: 'Was Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit und der Kontaktblock jeder Seite zeigen.',
  decide: false,
  fetch: async () => ({
    record: (await office.collection('office').getList(1, 1, { sort: 'created' })).items[0],
    missing: (await office.send('/api/ben/legal/impressum', {})).missing || [],
  }),
  failed: 'Die Angaben konnten nicht geladen werden.',
  show: ({ record, missing }, act) => {
    if (!record) return { main: h('p', {}, 'Es gibt noch keinen Datensatz mit den Angaben. Die IT legt ihn im Dashboard an.') };
    return {
      main: [
        missing.length
          ? h('div', { class: 'notice notice-warning' },
            h('p', {}, `Noch fehlen ${missing.length === 1 ? 'eine Angabe' : `${missing.length} Angaben`}; bis dahin zeigen die Seiten „noch nicht eingetragen“:`),
            h('ul', {}, missing.map((f) => h('li', {}, f.label))))
          : h('p', { class: 'notice notice-success' }, 'Alle Pflichtangaben sind eingetragen.'),
        h('p', {}, 'Zuletzt geändert am ', day(record.updated), '. Ansehen: ',
          h('a', { href: '/impressum' }, 'Impressum'), ', ', h('a', { href: '/datenschutz' }, 'Datenschutz'), ', ',
          h('a', { href: '/barrierefreiheit' }, 'Barrierefreiheit'), '.'),
        factsForm(record, act),
      ],
      audit: mayDecide(act.staff) ? record.id : null, // the audit log is the buero's to read
    };
  },
  live: ['office'],
});

/** factsForm edits the facts, in groups. */
function factsForm(record, act) {
  const form = h('form', { class: 'form', novalidate: true },
    GROUPS.map(([legend, fields]) => h('fieldset', {}, h('legend', {}, legend),
      fields.map(([name, label, type, help, options]) => field({
        name, label, type, help: help || undefined, options, rows: 3,
        value: type === 'date' ? toInputValue(record[name]).slice(0, 10) : record[name] ?? '',
      })))),
    h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Angaben speichern')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = {};
    for (const [, fields] of GROUPS) {
      for (const [name, , type] of fields) {
        const value = String(new FormData(form).get(name) ?? '').trim();
        data[name] = type === 'date' && value ? `${value} 00:00:00.000Z` : value;
      }
    }
    if (data.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(data.email)) {
      showErrors(form, { email: 'Bitte geben Sie eine gültige E-Mail-Adresse an.' });
      return;
    }
    await act.submit(form, async () => {
      await office.collection('office').update(record.id, data);
      return 'Die Angaben sind gespeichert. Impressum, Datenschutzerklärung und Erklärung zur Barrierefreiheit zeigen sie sofort.';
    });
  });
  return form;
}
