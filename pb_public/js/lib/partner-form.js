// "Partner werden": a business or institution applies, without an account,
// to grant holders of the volunteer card a benefit. Only the office reads
// the application; accepted, it appears among the partners.
import { h } from './dom.js';
import { pb } from './api.js';
import { field, requiredNote, showErrors, showRequestError, submitting } from './forms.js';
import { consentField, checkContact, confirmation } from './opportunities.js';

/** partnerSection is the heading, the explanation and the form; categories are offered as suggestions. */
export function partnerSection(ctx, categories) {
  const box = h('section', { class: 'answer-box partner-apply', 'aria-labelledby': 'partner-werden' });
  const start = () => {
    const form = partnerForm(categories);
    box.replaceChildren(
      h('h2', { id: 'partner-werden', tabindex: '-1' }, 'Partner werden'),
      h('p', {}, 'Ihr Geschäft, Ihr Verein oder Ihre Einrichtung möchte Engagierten Danke sagen? Gewähren Sie Inhaberinnen und Inhabern der Ehrenamtskarte eine Vergünstigung – wir stellen Sie hier vor. Ein Konto brauchen Sie nicht; die Koordinierungsstelle meldet sich bei Ihnen.'),
      form);
    form.addEventListener('submit', (ev) => send(ev, form));
  };
  const send = async (ev, form) => {
    ev.preventDefault();
    const data = new FormData(form);
    const text = (name) => String(data.get(name) ?? '').trim();
    const errors = checkContact(new Map([['name', text('contact_name')], ['email', text('email')], ['consent', data.get('consent')]]));
    if (errors.name) errors.contact_name = 'Bitte nennen Sie eine Ansprechperson.';
    delete errors.name;
    if (errors.consent) errors.consent = 'Bitte willigen Sie ein, dass die Koordinierungsstelle Ihre Angaben zur Bearbeitung nutzt.';
    if (!text('business_name')) errors.business_name = 'Bitte geben Sie den Namen Ihres Geschäfts oder Ihrer Einrichtung an.';
    if (!text('category')) errors.category = 'Bitte wählen oder nennen Sie eine Kategorie, z. B. „Freizeit“.';
    if (!text('benefit')) errors.benefit = 'Bitte beschreiben Sie die Vergünstigung in einem Satz.';
    if (Object.keys(errors).length) {
      showErrors(form, errors);
      return;
    }
    const body = {};
    for (const name of ['business_name', 'contact_name', 'email', 'phone', 'address', 'website', 'category', 'benefit', 'message']) body[name] = text(name);
    body.consent = true;
    await submitting(form, async () => {
      try {
        await pb.collection('partner_applications').create(body);
      } catch (err) {
        showRequestError(form, err);
        return;
      }
      ctx.announce('Ihre Bewerbung ist eingegangen.');
      const again = h('button', { type: 'button', class: 'button secondary' }, 'Eine weitere Bewerbung schicken');
      again.addEventListener('click', start);
      confirmation(box, 'Vielen Dank für Ihre Bewerbung!',
        h('p', {}, `„${body.business_name}“ möchte Partner der Ehrenamtskarte werden – wunderbar. Eine Eingangsbestätigung ist per E-Mail an ${body.email} unterwegs.`),
        h('p', {}, 'Die Koordinierungsstelle prüft Ihre Angaben und meldet sich bei Ihnen. Sobald Sie aufgenommen sind, erscheint Ihre Vergünstigung auf dieser Seite.'),
        h('p', { class: 'actions' }, again));
    });
  };
  start();
  return box;
}

function partnerForm(categories) {
  const listId = 'partner-kategorien';
  const category = field({ name: 'category', label: 'Branche oder Kategorie', required: true, attrs: { maxlength: 60, list: listId },
    help: 'Zum Beispiel Freizeit, Kultur, Bildung, Gastronomie oder Einkaufen.' });
  category.append(h('datalist', { id: listId }, categories.map((c) => h('option', { value: c }))));
  return h('form', { class: 'form partner-form', novalidate: true },
    requiredNote(),
    h('fieldset', {},
      h('legend', {}, 'Ihr Betrieb'),
      field({ name: 'business_name', label: 'Name des Geschäfts oder der Einrichtung', required: true, autocomplete: 'organization', attrs: { maxlength: 200 } }),
      field({ name: 'address', label: 'Anschrift', autocomplete: 'street-address', attrs: { maxlength: 300 }, help: 'Erscheint bei Ihrer Vergünstigung.' }),
      field({ name: 'website', label: 'Internetseite (freiwillig)', type: 'url', autocomplete: 'url', help: 'Mit https://' }),
      category,
      field({ name: 'benefit', label: 'Ihre Vergünstigung für Inhaberinnen und Inhaber der Ehrenamtskarte', type: 'textarea', required: true, rows: 3,
        attrs: { maxlength: 1000 }, help: 'In einem Satz, z. B. „10 % auf alle Kurse“ oder „Zwei Eintrittskarten zum Preis von einer“.' })),
    h('fieldset', {},
      h('legend', {}, 'Ihre Ansprechperson'),
      field({ name: 'contact_name', label: 'Name', required: true, autocomplete: 'name', attrs: { maxlength: 120 } }),
      h('div', { class: 'field-row' },
        field({ name: 'email', label: 'E-Mail-Adresse', type: 'email', required: true, autocomplete: 'email', help: 'Hierhin schicken wir die Bestätigung und unsere Antwort.' }),
        field({ name: 'phone', label: 'Telefon (freiwillig)', type: 'tel', autocomplete: 'tel', attrs: { maxlength: 40 } })),
      field({ name: 'message', label: 'Nachricht an die Koordinierungsstelle (freiwillig)', type: 'textarea', rows: 3, attrs: { maxlength: 2000 } })),
    consentField('Ich bin einverstanden, dass die Koordinierungsstelle der Stadt Bitburg meine Angaben nutzt, um die Bewerbung zu bearbeiten.',
      'Die Kontaktdaten liest nur die Koordinierungsstelle; sie werden nach der Entscheidung gelöscht, wenn die Löschfrist abläuft.'),
    h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Bewerbung senden')));
}
