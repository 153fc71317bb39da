// Creating or editing an opportunity of one's own organisation
// (/mein-verein/<slug>/angebote/neu or /<id>). The form is never rebuilt
// after an error, so nothing typed is lost.
import { h, append, htmlToText, textToHTML, dayKey, parseDate, berlinToDate } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { COMMITMENTS, COMMITMENT_HELP, OPPORTUNITY_STATUS } from '../lib/labels.js';
import { topicOptions } from '../lib/opportunities.js';
import { field, requiredNote, showErrors, showRequestError, submitting } from '../lib/forms.js';
import { pageHead, setFlash } from '../lib/ui.js';
import { editedOrganisation } from '../lib/own.js';
import { parseHours, hours } from '../lib/card.js';

const STATUS_HELP = {
  draft: 'nur für Ihre Redaktion sichtbar',
  published: 'unter „Mitmachen“ für alle sichtbar',
  closed: 'nicht mehr öffentlich, keine neuen Meldungen',
};

export default {
  title: 'Angebot bearbeiten',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const isNew = ctx.params.id === 'neu';
    let opp = null;
    const org = await editedOrganisation(ctx, 'Angebot bearbeiten', {
      failureText: 'Das Angebot konnte nicht geladen werden.',
      notFoundIsEmpty: true,
      more: isNew ? null : async (o) => {
        opp = await pb.collection('opportunities').getOne(ctx.params.id);
        if (opp.organisation !== o.id) opp = null;
      },
    });
    if (!org) return;
    const slug = encodeURIComponent(org.slug);
    const back = `/mein-verein/${slug}/angebote`;
    if (!isNew && !opp) {
      ctx.setTitle('Angebot nicht gefunden');
      append(ctx.main, pageHead('Angebot nicht gefunden'), h('p', {}, `Dieses Angebot gibt es bei ${org.name} nicht (mehr).`), h('p', {}, h('a', { href: back }, 'Zu den Angeboten')));
      return;
    }
    const o = opp || { status: 'draft', topics: [] };
    const title = isNew ? 'Neues Engagement-Angebot' : 'Angebot bearbeiten';
    ctx.setTitle(`${title} – ${org.name}`);
    const until = parseDate(o.published_until);

    const form = h('form', { class: 'form', novalidate: true },
      requiredNote(),
      h('fieldset', {},
        h('legend', {}, 'Was ist zu tun?'),
        field({ name: 'title', label: 'Titel', required: true, value: o.title, attrs: { maxlength: 200 },
          help: 'Kurz und konkret, z. B. „Fahrerin oder Fahrer für die Lebensmittelausgabe“.' }),
        field({ name: 'description', label: 'Beschreibung', type: 'textarea', rows: 7, value: htmlToText(o.description || ''),
          help: 'Was ist zu tun, für wen, wie arbeiten Sie neue Leute ein? Absätze trennen Sie durch eine Leerzeile.' }),
        field({ name: 'topics', label: 'Themen', type: 'checkboxes', values: o.topics, options: topicOptions(),
          help: 'Danach suchen Interessierte, und danach vermittelt die Koordinierungsstelle.' })),
      h('fieldset', {},
        h('legend', {}, 'Wann und wo?'),
        h('div', { class: 'field-row' },
          field({ name: 'commitment', label: 'Art des Engagements', type: 'select', required: true, value: o.commitment || '',
            options: [['', 'Bitte wählen'], ...Object.entries(COMMITMENTS).map(([k, v]) => [k, `${v} (${COMMITMENT_HELP[k]})`])],
            help: 'Einmalig, regelmäßig oder als Projekt auf Zeit.' }),
          field({ name: 'hours_per_week', label: 'Stunden pro Woche (etwa)', value: hours(o.hours_per_week),
            help: 'Zum Beispiel 2 oder 1,5. Leer = nach Absprache.', attrs: { inputmode: 'decimal', maxlength: 5 } })),
        field({ name: 'schedule', label: 'Wann?', value: o.schedule, attrs: { maxlength: 300 }, help: 'z. B. „samstags 10–13 Uhr“ oder „nach Absprache“' }),
        field({ name: 'location', label: 'Wo? (Ort mit Anschrift)', value: o.location, attrs: { maxlength: 300 } }),
        field({ name: 'requirements', label: 'Voraussetzungen', type: 'textarea', rows: 3, value: o.requirements, attrs: { maxlength: 2000 },
          help: 'z. B. Mindestalter, Führerschein, Sprachkenntnisse' }),
        field({ name: 'police_certificate', label: 'Ein erweitertes Führungszeugnis ist nötig', type: 'checkbox', checked: !!o.police_certificate,
          help: 'Zum Beispiel bei der Arbeit mit Kindern und Jugendlichen.' })),
      h('fieldset', {},
        h('legend', {}, 'Ansprechperson (öffentlich sichtbar)'),
        field({ name: 'contact_person', label: 'Name', value: o.contact_person, autocomplete: 'off', attrs: { maxlength: 120 } }),
        h('div', { class: 'field-row' },
          field({ name: 'contact_email', label: 'E-Mail', type: 'email', value: o.contact_email, autocomplete: 'off' }),
          field({ name: 'contact_phone', label: 'Telefon', type: 'tel', value: o.contact_phone, autocomplete: 'off', attrs: { maxlength: 40 } })),
        h('p', { class: 'field-help' }, 'Meldungen von Interessierten sehen Sie unabhängig davon unter „Meldungen“ in „Mein Verein“.')),
      h('fieldset', {},
        h('legend', {}, 'Veröffentlichung'),
        field({ name: 'status', label: 'Status', type: 'select', required: true, value: o.status,
          options: Object.entries(OPPORTUNITY_STATUS).filter(([k]) => !isNew || k !== 'closed').map(([k, v]) => [k, `${v} – ${STATUS_HELP[k]}`]) }),
        field({ name: 'published_until', label: 'Veröffentlicht bis', type: 'date', value: until ? dayKey(until) : '',
          help: 'Bis einschließlich diesem Tag sichtbar; danach wird das Angebot automatisch beendet. Leer = unbefristet.' })),
      h('p', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button' }, isNew ? 'Angebot anlegen' : 'Änderungen speichern'),
        h('a', { href: back }, 'Abbrechen')));

    append(ctx.main,
      h('p', { class: 'breadcrumb' }, h('a', { href: '/mein-verein' }, 'Mein Verein'), ' › ', h('a', { href: back }, `Angebote von ${org.name}`)),
      pageHead(title), form);

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const text = (name) => String(data.get(name) ?? '').trim();
      const errors = {};
      if (!text('title')) errors.title = 'Bitte geben Sie einen Titel ein.';
      if (!text('commitment')) errors.commitment = 'Bitte wählen Sie, welche Art von Engagement es ist.';
      const perWeek = parseHours(text('hours_per_week'));
      if (Number.isNaN(perWeek) || perWeek > 60) errors.hours_per_week = 'Bitte geben Sie die Stunden pro Woche als Zahl von 0 bis 60 an, z. B. 2 oder 1,5.';
      const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text('published_until'));
      if (text('published_until') && !day) errors.published_until = 'Bitte geben Sie ein gültiges Datum an.';
      if (Object.keys(errors).length) {
        showErrors(form, errors);
        return;
      }
      const body = {
        title: text('title'),
        topics: data.getAll('topics'),
        commitment: text('commitment'),
        hours_per_week: perWeek ?? 0,
        schedule: text('schedule'),
        location: text('location'),
        requirements: text('requirements'),
        police_certificate: data.get('police_certificate') === 'true',
        contact_person: text('contact_person'),
        contact_email: text('contact_email'),
        contact_phone: text('contact_phone'),
        status: text('status'),
        // the whole day counts: visible until its end in Bitburg
        published_until: day ? berlinToDate(+day[1], +day[2], +day[3], 23, 59).toISOString() : '',
      };
      const description = String(data.get('description') ?? '');
      if (isNew || description.trim() !== htmlToText(o.description || '').trim()) body.description = textToHTML(description);
      if (isNew) body.organisation = org.id;
      await submitting(form, async () => {
        try {
          const saved = isNew
            ? await pb.collection('opportunities').create(body)
            : await pb.collection('opportunities').update(o.id, body);
          const state = { draft: ' (Entwurf)', published: ' und veröffentlicht', closed: ' und beendet' }[saved.status] || '';
          setFlash(`Das Angebot „${saved.title}“ ist gespeichert${state}.`);
          ctx.navigate(back, { replace: true });
        } catch (err) {
          showRequestError(form, err);
        }
      });
    });
  },
};
