// Creating or editing an event of one's own organisation
// (/mein-verein/<slug>/termine/neu or /<id>).
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
    ctx.setTitle(`${title} – ${org.name}`);

    const form = h('form', { class: 'form', novalidate: true },
      requiredNote(),
      field({ name: 'title', label: 'Titel', required: true, value: e.title, attrs: { maxlength: 200 } }),
      field({ name: 'kind', label: 'Art', type: 'select', required: true, value: e.kind, options: EDITOR_EVENT_KINDS.map((k) => [k, EVENT_KINDS[k]]) }),
      h('div', { class: 'field-row' },
        field({ name: 'starts_at', label: 'Beginn', type: 'datetime-local', required: true, value: toInputValue(e.starts_at), help: 'Datum und Uhrzeit (Ortszeit Bitburg)' }),
        field({ name: 'ends_at', label: 'Ende', type: 'datetime-local', required: true, value: toInputValue(e.ends_at), help: 'Muss nach dem Beginn liegen' })),
      field({ name: 'location', label: 'Ort mit Anschrift', value: e.location, attrs: { maxlength: 300 } }),
      field({ name: 'description', label: 'Beschreibung', type: 'textarea', rows: 6, value: htmlToText(e.description || ''),
        help: 'Programm, Zielgruppe, Kosten. Absätze trennen Sie durch eine Leerzeile.' }),
      field({ name: 'registration_url', label: 'Link zur Anmeldung', type: 'url', value: e.registration_url, help: 'Falls eine Anmeldung nötig ist, mit https://' }),
      field({ name: 'capacity', label: 'Höchstzahl der Teilnehmenden', type: 'number', value: e.capacity || '', attrs: { min: 0, step: 1, inputmode: 'numeric' }, help: 'Leer lassen, wenn unbegrenzt.' }),
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
