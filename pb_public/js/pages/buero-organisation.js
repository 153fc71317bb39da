// One organisation as the office decides on it: the profile as the public
// will see it, who edits it, and the decisions in place (publish, ask for
// changes by mail, archive), with the record's audit trail.
import { h, append, richText } from '../lib/dom.js';
import { orgLogo, topicList, badge } from '../lib/ui.js';
import { ORG_KINDS, ORG_STATUS, label } from '../lib/labels.js';
import { officeDetail, decisionBox } from '../lib/office-pages.js';
import { office, statusBadge, day, decidedBy, TONES } from '../lib/office.js';

export default officeDetail({
  title: 'Organisation – Büro',
  list: ['/buero/organisationen', 'Organisationen'],
  fetch: async (id) => ({
    org: await office.collection('organisations').getOne(id, { expand: 'editors,decided_by' }),
    // replies to the organisation's opportunities that wait for an answer for over 14 days
    waiting: (await office.collection('interests').getList(1, 1, {
      filter: office.filter('opportunity.organisation = {:id} && status = "new" && created < {:cut}', { id, cut: new Date(Date.now() - 14 * 86_400_000).toISOString().replace('T', ' ') }),
    })).totalItems,
  }),
  missing: 'Diese Organisation gibt es nicht.',
  failed: 'Die Organisation konnte nicht geladen werden.',
  show: ({ org, waiting }, act) => {
    const editors = org.expand?.editors || [];
    return {
      title: org.name,
      head: h('div', { class: 'org-head' }, orgLogo(org, 'large'),
        h('div', {}, h('h1', {}, org.name),
          h('p', { class: 'meta' }, label(ORG_KINDS, org.kind), ' · ', statusBadge(ORG_STATUS, org.status, TONES.organisation[org.status]),
            org.verified ? [' ', badge('geprüft', 'verified')] : null))),
      main: [
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
        decisions(org, act),
      ],
      audit: org.id,
    };
  },
  live: ['organisations'],
});

/** decisions: publish (again), archive, or ask the editors for changes by mail. */
function decisions(org, act) {
  const box = decisionBox();
  const setStatus = (status, button, done) => act.press(button, async () => {
    await office.collection('organisations').update(org.id, { status, ...(status === 'published' ? { verified: true } : {}) });
    return done;
  });
  const actions = h('div', { class: 'actions' });
  if (org.status !== 'published') {
    const publish = h('button', { type: 'button', class: 'button' }, org.status === 'archived' ? 'Wieder veröffentlichen' : 'Freigeben und veröffentlichen');
    publish.addEventListener('click', () => setStatus('published', publish, `„${org.name}“ ist veröffentlicht.`));
    actions.append(publish);
  }
  if (org.status !== 'archived') {
    const archive = h('button', { type: 'button', class: 'button danger' }, 'Archivieren');
    archive.addEventListener('click', () => {
      if (!confirm(`„${org.name}“ archivieren? Die Organisation verschwindet aus dem Portal; ihre Daten bleiben.`)) return;
      setStatus('archived', archive, `„${org.name}“ ist archiviert.`);
    });
    actions.append(archive);
  }
  append(box, h('p', {}, org.status === 'pending'
    ? 'Die Organisation wartet auf Ihre Freigabe. Passt etwas nicht, bitten Sie die Bearbeitenden per E-Mail um Änderungen.'
    : org.status === 'published' ? 'Die Organisation ist im Portal sichtbar.' : 'Die Organisation ist archiviert und nicht im Portal sichtbar.'), actions);

  append(box, act.oneField({
    heading: h('h3', {}, 'Um Änderungen bitten'),
    field: { name: 'message', label: 'Nachricht an die Bearbeitenden', type: 'textarea', rows: 5,
      help: 'Geht per E-Mail an alle Bearbeitenden (ohne Bearbeitende: an die E-Mail-Adresse der Organisation). Der Status bleibt, wie er ist.' },
    button: ['Nachricht senden', 'secondary'],
    missing: 'Bitte schreiben Sie, was die Organisation ändern oder ergänzen soll.',
    send: async (text) => {
      const res = await office.send(`/api/ben/office/organisations/${org.id}/request-changes`, { method: 'POST', body: { message: text } });
      return res.recipients === 1 ? 'Die Nachricht geht per E-Mail an eine Person.' : `Die Nachricht geht per E-Mail an ${res.recipients} Personen.`;
    },
  }));
  return box;
}
