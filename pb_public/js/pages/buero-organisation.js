// One organisation as the office decides on it: the profile as the public
// will see it, who edits it, and the decisions in place (publish, ask for
// changes by mail, archive), with the record's audit trail.
import { h, append, clear, richText } from '../lib/dom.js';
import { field, showErrors, showRequestError, submitting, notice } from '../lib/forms.js';
import { pageHead, failure, orgLogo, topicList, badge } from '../lib/ui.js';
import { ORG_KINDS, ORG_STATUS, label } from '../lib/labels.js';
import { office, requireStaff, officeNav, officeLive, statusBadge, day, auditTrail, decidedBy } from '../lib/office.js';

export default {
  title: 'Organisation – Büro',
  async render(ctx) {
    const staff = await requireStaff(ctx, { decide: true });
    if (!staff) return;
    const id = ctx.params.id;
    const body = h('div', {});
    append(ctx.main, officeNav(staff), h('p', { class: 'breadcrumb' }, h('a', { href: '/buero/organisationen' }, 'Organisationen')), body);

    let message = ''; // the outcome of the last own action; stays while the page reloads itself
    let fresh = false; // whether it still needs the focus
    const load = async () => {
      let org;
      let waiting = 0;
      try {
        org = await office.collection('organisations').getOne(id, { expand: 'editors,decided_by' });
        waiting = (await office.collection('interests').getList(1, 1, {
          filter: office.filter('opportunity.organisation = {:id} && status = "new" && created < {:cut}', { id, cut: new Date(Date.now() - 14 * 86_400_000).toISOString().replace('T', ' ') }),
        })).totalItems;
      } catch (err) {
        clear(body).append(failure(err?.status === 404 ? 'Diese Organisation gibt es nicht.' : 'Die Organisation konnte nicht geladen werden.', load, err));
        return;
      }
      ctx.setTitle(`${org.name} – Büro`);
      clear(body);
      const editors = org.expand?.editors || [];
      append(body, 
        h('div', { class: 'org-head' }, orgLogo(org, 'large'),
          h('div', {}, h('h1', {}, org.name),
            h('p', { class: 'meta' }, label(ORG_KINDS, org.kind), ' · ', statusBadge(ORG_STATUS, org.status, org.status === 'pending' ? 'pending' : org.status === 'published' ? 'ok' : ''),
              org.verified ? [' ', badge('geprüft', 'verified')] : null))),
        message ? h('div', { class: 'notice notice-success', role: 'status', tabindex: '-1' }, message) : null,
        h('div', { class: 'columns org-columns' },
          h('section', { 'aria-labelledby': 'profil' },
            h('h2', { id: 'profil' }, 'Profil, wie es die Öffentlichkeit sieht'),
            org.description ? richText(org.description) : h('p', { class: 'muted' }, 'Noch keine Beschreibung.'),
            topicList(org.topics),
            h('dl', { class: 'facts' },
              h('dt', {}, 'Anschrift'), h('dd', {}, org.address || '–'),
              h('dt', {}, 'Treffzeiten'), h('dd', {}, org.meeting_times || '–'),
              h('dt', {}, 'Internetseite'), h('dd', {}, org.website ? h('a', { href: org.website, rel: 'noopener noreferrer' }, org.website) : '–'),
              h('dt', {}, 'Kontakt'), h('dd', {}, [org.contact_name, org.email, org.phone].filter(Boolean).join(' · ') || '–',
                h('br'), h('span', { class: 'muted' }, org.contact_public ? 'öffentlich sichtbar' : 'nur für die Bearbeitenden und das Büro sichtbar')))),
          h('section', { 'aria-labelledby': 'verwaltung' },
            h('h2', { id: 'verwaltung' }, 'Verwaltung'),
            h('dl', { class: 'facts' },
              h('dt', {}, 'Angemeldet am'), h('dd', {}, day(org.created)),
              h('dt', {}, 'Zuletzt geändert'), h('dd', {}, day(org.updated)),
              h('dt', {}, 'Entschieden von'), h('dd', {}, decidedBy(org))),
            h('h3', {}, 'Bearbeitende'),
            editors.length ? h('ul', {}, editors.map((u) => h('li', {}, u.name || 'ohne Namen'))) : h('p', { class: 'muted' }, 'Niemand.'),
            waiting ? h('p', { class: 'notice notice-error' }, `${waiting === 1 ? 'Eine Meldung' : waiting + ' Meldungen'} auf Angebote dieser Organisation ${waiting === 1 ? 'wartet' : 'warten'} seit über 14 Tagen auf Antwort. Erinnern Sie die Bearbeitenden mit einer Nachricht.`) : null)),
        decisions(org),
        await auditTrail(org.id));
      if (fresh) {
        body.querySelector('.notice[tabindex]')?.focus();
        fresh = false;
      }
    };

    const setStatus = async (org, status, button, done) => {
      button.disabled = true;
      try {
        await office.collection('organisations').update(org.id, { status, ...(status === 'published' ? { verified: true } : {}) });
        message = done;
        fresh = true;
        ctx.announce(done);
        await load();
      } catch (err) {
        button.disabled = false;
        notice(body, 'Das hat nicht geklappt: ' + (err?.response?.message || 'bitte versuchen Sie es erneut.'), 'error');
      }
    };

    const decisions = (org) => {
      const box = h('section', { class: 'decision-box', 'aria-labelledby': 'entscheidung' }, h('h2', { id: 'entscheidung' }, 'Entscheidung'));
      const actions = h('div', { class: 'actions' });
      if (org.status !== 'published') {
        const publish = h('button', { type: 'button', class: 'button' }, org.status === 'archived' ? 'Wieder veröffentlichen' : 'Freigeben und veröffentlichen');
        publish.addEventListener('click', () => setStatus(org, 'published', publish, `„${org.name}“ ist veröffentlicht.`));
        actions.append(publish);
      }
      if (org.status !== 'archived') {
        const archive = h('button', { type: 'button', class: 'button danger' }, 'Archivieren');
        archive.addEventListener('click', () => {
          if (!confirm(`„${org.name}“ archivieren? Die Organisation verschwindet aus dem Portal; ihre Daten bleiben.`)) return;
          setStatus(org, 'archived', archive, `„${org.name}“ ist archiviert.`);
        });
        actions.append(archive);
      }
      append(box, h('p', {}, org.status === 'pending'
        ? 'Die Organisation wartet auf Ihre Freigabe. Passt etwas nicht, bitten Sie die Bearbeitenden per E-Mail um Änderungen.'
        : org.status === 'published' ? 'Die Organisation ist im Portal sichtbar.' : 'Die Organisation ist archiviert und nicht im Portal sichtbar.'), actions);

      const form = h('form', { class: 'form', novalidate: true },
        h('h3', {}, 'Um Änderungen bitten'),
        field({ name: 'message', label: 'Nachricht an die Bearbeitenden', type: 'textarea', required: true, rows: 5,
          help: 'Geht per E-Mail an alle Bearbeitenden (ohne Bearbeitende: an die E-Mail-Adresse der Organisation). Der Status bleibt, wie er ist.' }),
        h('p', {}, h('button', { type: 'submit', class: 'button secondary' }, 'Nachricht senden')));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const text = String(new FormData(form).get('message') || '').trim();
        if (!text) {
          showErrors(form, { message: 'Bitte schreiben Sie, was die Organisation ändern oder ergänzen soll.' });
          return;
        }
        await submitting(form, async () => {
          try {
            const res = await office.send(`/api/ben/office/organisations/${org.id}/request-changes`, { method: 'POST', body: { message: text } });
            message = res.sent === 1 ? 'Die Nachricht ist an eine Person verschickt.' : `Die Nachricht ist an ${res.sent} Personen verschickt.`;
            fresh = true;
            ctx.announce(message);
            await load();
          } catch (err) {
            showRequestError(form, err);
          }
        });
      });
      append(box, form);
      return box;
    };

    await load();
    await officeLive(ctx, ['organisations'], () => { if (!body.contains(document.activeElement) || document.activeElement === document.body) load(); });
  },
};
