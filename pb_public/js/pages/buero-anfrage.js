// One enquiry as the office answers it: what the person wrote and wishes,
// the ranked suggestions among the published opportunities, and the
// referral (to an opportunity, or to a club) or closing in place.
import { h, append, clear } from '../lib/dom.js';
import { field, showErrors, showRequestError, submitting, notice } from '../lib/forms.js';
import { pageHead, failure, empty, topicList } from '../lib/ui.js';
import { COMMITMENTS, label } from '../lib/labels.js';
import { office, requireStaff, officeNav, officeLive, statusBadge, day, dayTime, auditTrail, decidedBy, ENQUIRY_STATUS } from '../lib/office.js';

export default {
  title: 'Anfrage – Büro',
  async render(ctx) {
    const staff = await requireStaff(ctx, { decide: true });
    if (!staff) return;
    const id = ctx.params.id;
    const body = h('div', {});
    append(ctx.main, officeNav(staff), h('p', { class: 'breadcrumb' }, h('a', { href: '/buero/anfragen' }, 'Anfragen')), body);
    let message = ''; // the outcome of the last own action; stays while the page reloads itself
    let fresh = false; // whether it still needs the focus

    const save = async (data, text, button) => {
      if (button) button.disabled = true;
      try {
        await office.collection('enquiries').update(id, data);
        message = text;
        fresh = true;
        ctx.announce(text);
        await load();
      } catch (err) {
        if (button) button.disabled = false;
        notice(body, 'Das hat nicht geklappt: ' + (err?.response?.message || 'bitte versuchen Sie es erneut.'), 'error');
      }
    };

    const load = async () => {
      let q;
      let suggestions = [];
      let orgs = [];
      try {
        q = await office.collection('enquiries').getOne(id, { expand: 'referred_opportunity,referred_organisation,decided_by' });
        if (['new', 'in_progress'].includes(q.status)) {
          suggestions = (await office.send(`/api/ben/enquiries/${id}/suggestions`, {})).items || [];
          orgs = await office.collection('organisations').getFullList({ filter: 'status = "published"', sort: 'name', fields: 'id,name' });
        }
      } catch (err) {
        clear(body).append(failure(err?.status === 404 ? 'Diese Anfrage gibt es nicht.' : 'Die Anfrage konnte nicht geladen werden.', load, err));
        return;
      }
      ctx.setTitle(`Anfrage von ${q.name} – Büro`);
      clear(body);
      append(body, 
        pageHead(`Anfrage von ${q.name}`),
        h('p', { class: 'meta' }, statusBadge(ENQUIRY_STATUS, q.status, q.status === 'new' ? 'pending' : q.status === 'matched' ? 'ok' : ''), ` · eingegangen am ${dayTime(q.created)}`),
        message ? h('div', { class: 'notice notice-success', role: 'status', tabindex: '-1' }, message) : null,
        h('dl', { class: 'facts' },
          h('dt', {}, 'E-Mail'), h('dd', {}, h('a', { href: `mailto:${q.email}` }, q.email)),
          h('dt', {}, 'Telefon'), h('dd', {}, q.phone || '–'),
          h('dt', {}, 'Themen'), h('dd', {}, q.topics?.length ? topicList(q.topics) : 'keine Angabe'),
          h('dt', {}, 'Art des Engagements'), h('dd', {}, q.availability?.length ? q.availability.map((c) => label(COMMITMENTS, c)).join(', ') : 'alles'),
          h('dt', {}, 'Stunden pro Woche'), h('dd', {}, q.hours_per_week ? String(q.hours_per_week).replace('.', ',') : 'keine Angabe'),
          h('dt', {}, 'Nachricht'), h('dd', { class: 'pre-line' }, q.message || '–')),
        q.status === 'matched' ? h('p', { class: 'notice notice-success' },
          'Vermittelt an ', q.expand?.referred_opportunity ? `„${q.expand.referred_opportunity.title}“ bei ` : '', q.expand?.referred_organisation ? `„${q.expand.referred_organisation.name}“` : '–',
          ` (${decidedBy(q)}, ${day(q.closed_at)}).`) : null,
        ['new', 'in_progress'].includes(q.status) ? work(q, suggestions, orgs) : null,
        await auditTrail(q.id));
      if (fresh) {
        body.querySelector('.notice[tabindex]')?.focus();
        fresh = false;
      }
    };

    const work = (q, suggestions, orgs) => {
      const box = h('div', {});
      append(box, h('section', { 'aria-labelledby': 'vorschlaege' },
        h('h2', { id: 'vorschlaege' }, 'Passende Engagement-Angebote'),
        suggestions.length ? h('ol', { class: 'link-list suggestion-list' }, suggestions.slice(0, 10).map((s) => {
          const o = s.opportunity;
          const refer = h('button', { type: 'button', class: 'button secondary' }, 'Hierhin vermitteln', h('span', { class: 'visually-hidden' }, `: „${o.title}“`));
          refer.addEventListener('click', () => save({ status: 'matched', referred_opportunity: o.id },
            `Die Anfrage ist an „${o.title}“ vermittelt.`, refer));
          return h('li', {},
            h('h3', {}, o.title), h('p', {}, `${o.expand?.organisation?.name || ''} · ${s.score} Punkte`),
            h('p', {}, s.reasons.length ? s.reasons.join(' · ') : 'Passt zu keinem Wunsch.'),
            h('p', {}, refer));
        })) : empty('Gerade ist kein Angebot veröffentlicht.')));

      const form = h('form', { class: 'form', novalidate: true },
        h('h2', {}, 'An eine Organisation vermitteln'),
        field({ name: 'referred_organisation', label: 'Organisation', type: 'select', required: true, options: [['', 'Bitte wählen'], ...orgs.map((o) => [o.id, o.name])],
          help: 'Wenn kein Angebot passt, aber ein Verein: die Person nimmt selbst Kontakt auf.' }),
        h('p', {}, h('button', { type: 'submit', class: 'button secondary' }, 'Vermitteln')));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const org = String(new FormData(form).get('referred_organisation') || '');
        if (!org) {
          showErrors(form, { referred_organisation: 'Bitte wählen Sie die Organisation.' });
          return;
        }
        await submitting(form, async () => {
          try {
            await office.collection('enquiries').update(q.id, { status: 'matched', referred_organisation: org, referred_opportunity: '' });
            message = 'Die Anfrage ist vermittelt.';
            fresh = true;
            ctx.announce(message);
            await load();
          } catch (err) {
            showRequestError(form, err);
          }
        });
      });
      append(box, form);

      const other = h('p', { class: 'actions' });
      if (q.status === 'new') {
        const progress = h('button', { type: 'button', class: 'button secondary' }, 'In Bearbeitung nehmen');
        progress.addEventListener('click', () => save({ status: 'in_progress' }, 'Die Anfrage ist in Bearbeitung.', progress));
        append(other, progress);
      }
      const close = h('button', { type: 'button', class: 'button danger' }, 'Ohne Vermittlung abschließen');
      close.addEventListener('click', () => {
        if (confirm('Die Anfrage ohne Vermittlung abschließen?')) save({ status: 'closed' }, 'Die Anfrage ist abgeschlossen.', close);
      });
      append(other, close);
      append(box, h('section', { 'aria-labelledby': 'abschluss' }, h('h2', { id: 'abschluss' }, 'Bearbeitung'), other));
      return box;
    };

    await load();
    await officeLive(ctx, ['enquiries'], () => { if (!body.contains(document.activeElement) || document.activeElement === document.body) load(); });
  },
};
