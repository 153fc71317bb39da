// "Kontakt": the office's address, phone and hours (from the office's
// facts, GET /api/ben/legal/kontakt), and an enquiry to the coordination
// office, which advises and finds a club that fits (Vermittlung). Only the
// office reads it. After sending, the same wishes lead to the matching
// opportunities.
import { h, append } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { COMMITMENTS, OFFICE_NAME } from '../lib/labels.js';
import { field, requiredNote, showErrors, showRequestError, submitting } from '../lib/forms.js';
import { pageHead } from '../lib/ui.js';
import { parseHours } from '../lib/card.js';
import { consentField, checkContact, confirmation, commitmentHelp, topicOptions } from '../lib/opportunities.js';
import { legalHTML } from './rechtliches.js';

export default {
  title: 'Kontakt aufnehmen',
  async render(ctx) {
    const user = ctx.user;
    const form = h('form', { class: 'form', novalidate: true },
      requiredNote(),
      h('fieldset', {},
        h('legend', {}, 'So erreichen wir Sie'),
        field({ name: 'name', label: 'Ihr Name', required: true, value: user?.name || '', autocomplete: 'name', attrs: { maxlength: 120 } }),
        h('div', { class: 'field-row' },
          field({ name: 'email', label: 'Ihre E-Mail-Adresse', type: 'email', required: true, value: user?.email || '', autocomplete: 'email',
            help: 'Hierhin schicken wir unsere Antwort.' }),
          field({ name: 'phone', label: 'Telefon (freiwillig)', type: 'tel', value: user?.phone || '', autocomplete: 'tel',
            help: 'Wenn Sie lieber einen Rückruf möchten.', attrs: { maxlength: 40 } }))),
      h('fieldset', {},
        h('legend', {}, 'Ihr Wunsch'),
        field({ name: 'topics', label: 'Welche Themen interessieren Sie?', type: 'checkboxes', options: topicOptions(),
          help: 'Mehrere möglich. Wenn Sie noch nicht wissen, was passt, lassen Sie die Felder frei.' }),
        field({ name: 'availability', label: 'Welche Art von Engagement passt zu Ihnen?', type: 'checkboxes',
          options: Object.entries(COMMITMENTS), help: commitmentHelp() }),
        field({ name: 'hours_per_week', label: 'Wie viele Stunden pro Woche haben Sie etwa?', help: 'Zum Beispiel 2 oder 1,5.',
          attrs: { inputmode: 'decimal', maxlength: 5, class: 'short-input' } }),
        field({ name: 'message', label: 'Ihre Nachricht', type: 'textarea', rows: 6, attrs: { maxlength: 4000 },
          help: 'Was können Sie gut, was möchten Sie ausprobieren, wann haben Sie Zeit? Oder Ihre Frage an uns.' })),
      consentField('Ich bin einverstanden, dass die Koordinierungsstelle der Stadt Bitburg meine Angaben nutzt, um mich zu beraten und an Vereine zu vermitteln.',
        'Ihre Angaben liest nur die Koordinierungsstelle. Sie können die Einwilligung jederzeit widerrufen.'),
      h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Anfrage senden')));
    const box = h('section', { 'aria-labelledby': 'anfrage-titel' }, h('h2', { id: 'anfrage-titel', class: 'visually-hidden' }, 'Ihre Anfrage'), form);

    const contactBox = h('section', { class: 'contact-box', 'aria-labelledby': 'so-erreichen' },
      h('h2', { id: 'so-erreichen' }, 'So erreichen Sie uns'));
    pb.send('/api/ben/legal/kontakt', { method: 'GET' })
      .then((page) => { if (ctx.isCurrent()) contactBox.append(legalHTML(page.html)); })
      .catch(() => contactBox.append(h('p', {}, 'Die Anschrift konnte nicht geladen werden; sie steht auch unten auf jeder Seite.')));

    append(ctx.main,
      pageHead('Kontakt aufnehmen', `Sie möchten sich engagieren und wissen noch nicht wo? Die ${OFFICE_NAME} berät Sie persönlich und bringt Sie mit einem Verein oder einer Initiative zusammen, die zu Ihnen passt.`),
      contactBox,
      h('p', {}, 'Lieber selbst stöbern? Unter ', h('a', { href: '/mitmachen' }, 'Mitmachen'), ' finden Sie die Angebote der Vereine.'),
      box);

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const errors = checkContact(data);
      const time = parseHours(data.get('hours_per_week'));
      if (Number.isNaN(time) || time > 60) errors.hours_per_week = 'Bitte geben Sie die Stunden pro Woche als Zahl von 0 bis 60 an, z. B. 2 oder 1,5.';
      if (Object.keys(errors).length) {
        showErrors(form, errors);
        return;
      }
      const body = {
        name: String(data.get('name')).trim(),
        email: String(data.get('email')).trim(),
        phone: String(data.get('phone') ?? '').trim(),
        topics: data.getAll('topics'),
        availability: data.getAll('availability'),
        hours_per_week: time ?? 0,
        message: String(data.get('message') ?? '').trim(),
        consent: true,
      };
      await submitting(form, async () => {
        try {
          await pb.collection('enquiries').create(body);
        } catch (err) {
          showRequestError(form, err);
          return;
        }
        ctx.announce('Ihre Anfrage ist gesendet.');
        const wish = new URLSearchParams();
        if (body.topics.length) wish.set('themen', body.topics.join(','));
        if (body.availability.length) wish.set('arten', body.availability.join(','));
        if (body.hours_per_week) wish.set('zeit', String(body.hours_per_week));
        confirmation(box, 'Vielen Dank für Ihre Anfrage!',
          h('p', {}, `Ihre Anfrage ist bei der Koordinierungsstelle angekommen. Wir melden uns bei Ihnen unter ${body.email}${body.phone ? ` oder ${body.phone}` : ''}.`),
          h('p', {}, 'Eine Bestätigung ist per E-Mail an Sie unterwegs.'),
          h('p', { class: 'actions' },
            h('a', { href: '/mitmachen' + (wish.toString() ? '?' + wish : '') }, 'Schon jetzt passende Angebote ansehen')));
      });
    });
  },
};
