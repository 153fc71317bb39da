// The organisation profile form, used to register a new organisation and
// to edit one's own. Field names are those of the organisations
// collection, so the API's field errors land next to the right field.
import { h, append, htmlToText, textToHTML } from './dom.js';
import { showFile } from './api.js';
import { ORG_KINDS, TOPICS } from './labels.js';
import { field, requiredNote } from './forms.js';

/** orgForm builds the form for org (null: a new registration). */
export function orgForm(org, { submitLabel }) {
  const o = org || {};
  const logoPreview = h('div', { class: 'logo-current' });
  if (o.logo) {
    append(logoPreview, 
      showFile(h('img', { alt: `Aktuelles Logo von ${o.name}`, width: 80, height: 80 }), o, o.logo, '160x160f'),
      field({ name: 'logo_remove', label: 'Logo entfernen', type: 'checkbox' }));
  }
  return h('form', { class: 'form', novalidate: true },
    requiredNote(),
    h('fieldset', {},
      h('legend', {}, 'Über die Organisation'),
      field({ name: 'name', label: 'Name', required: true, value: o.name, attrs: { maxlength: 200 } }),
      org ? null : field({ name: 'slug', label: 'Kurzadresse im Portal (optional)', value: '',
        help: 'Erscheint in der Adresse: /vereine/kurzadresse. Nur Kleinbuchstaben a–z, Ziffern und Bindestriche. Leer lassen: wird aus dem Namen gebildet.',
        attrs: { maxlength: 100, autocapitalize: 'none', spellcheck: 'false' } }),
      field({ name: 'kind', label: 'Art', type: 'select', required: true, value: o.kind || '',
        options: [['', 'Bitte wählen'], ...Object.entries(ORG_KINDS)] }),
      field({ name: 'topics', label: 'Themen', type: 'checkboxes', values: o.topics || [], options: Object.entries(TOPICS),
        help: 'Nach diesen Themen filtern Bürgerinnen und Bürger im Verzeichnis.' }),
      field({ name: 'description', label: 'Vorstellung', type: 'textarea', rows: 8, value: htmlToText(o.description || ''),
        help: 'Was Sie tun und wie man mitmachen kann. Absätze trennen Sie durch eine Leerzeile.' }),
      field({ name: 'meeting_times', label: 'Öffnungs- oder Treffzeiten', value: o.meeting_times, attrs: { maxlength: 500 },
        help: 'z. B. „dienstags 18–20 Uhr“' }),
      field({ name: 'address', label: 'Anschrift oder Treffpunkt', value: o.address, autocomplete: 'street-address', attrs: { maxlength: 300 } }),
      field({ name: 'website', label: 'Internetseite', type: 'url', value: o.website, autocomplete: 'url', help: 'Mit https://, z. B. https://mein-verein.de' })),
    h('fieldset', {},
      h('legend', {}, 'Kontakt'),
      field({ name: 'contact_name', label: 'Ansprechperson', value: o.contact_name, autocomplete: 'name', attrs: { maxlength: 120 } }),
      field({ name: 'email', label: 'E-Mail-Adresse', type: 'email', value: o.email, autocomplete: 'email' }),
      field({ name: 'phone', label: 'Telefon', type: 'tel', value: o.phone, autocomplete: 'tel', attrs: { maxlength: 40 } }),
      field({ name: 'contact_public', label: 'Kontaktdaten öffentlich zeigen', type: 'checkbox', checked: !!o.contact_public,
        help: 'Ohne dieses Häkchen sehen nur Sie und die Koordinierungsstelle Ansprechperson, E-Mail und Telefon.' })),
    h('fieldset', {},
      h('legend', {}, 'Logo'),
      logoPreview,
      field({ name: 'logo', label: o.logo ? 'Neues Logo hochladen' : 'Logo hochladen', type: 'file',
        help: 'PNG, JPEG, WebP oder SVG, höchstens 2 MB.', attrs: { accept: 'image/png,image/jpeg,image/webp,image/svg+xml' } })),
    h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, submitLabel)));
}

/**
 * orgBody reads the form into the body of a create or update request. The
 * description is sent only when its text changed, so formatting set by
 * the office survives an edit of other fields.
 */
export function orgBody(form, org) {
  const data = new FormData(form);
  const text = (name) => String(data.get(name) ?? '').trim();
  const body = {
    name: text('name'),
    kind: text('kind'),
    topics: data.getAll('topics').map(String),
    meeting_times: text('meeting_times'),
    address: text('address'),
    website: text('website'),
    contact_name: text('contact_name'),
    email: text('email'),
    phone: text('phone'),
    contact_public: data.get('contact_public') === 'true',
  };
  if (!org && text('slug')) body.slug = text('slug');
  const description = String(data.get('description') ?? '');
  if (!org || description.trim() !== htmlToText(org.description || '').trim()) {
    body.description = textToHTML(description);
  }
  const logo = data.get('logo');
  if (logo instanceof File && logo.size > 0) body.logo = logo;
  else if (org?.logo && data.get('logo_remove') === 'true') body['logo-'] = [org.logo];
  return body;
}
