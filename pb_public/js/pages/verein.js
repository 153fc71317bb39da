// One organisation: profile, logo, contact data where public, its open
// opportunities to get involved, its upcoming events (live) and its
// calendar feed. Its editors see links to edit it.
import { h, append, clear, richText, safeURL } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { ORG_KINDS, ORG_STATUS, label } from '../lib/labels.js';
import { loading, failure, empty, eventItem, upcomingDates, orgLogo, topicList, badge, calendarBox, liveNote } from '../lib/ui.js';
import { PUBLIC_OPPORTUNITIES, opportunityItem } from '../lib/opportunities.js';

export default {
  title: 'Verein',
  async render(ctx) {
    let org;
    try {
      org = await pb.collection('organisations').getFirstListItem(pb.filter('slug = {:slug}', { slug: ctx.params.slug }));
    } catch (err) {
      if (err.status === 404) {
        ctx.setTitle('Nicht gefunden');
        append(ctx.main, h('h1', {}, 'Diese Organisation gibt es nicht'),
          h('p', {}, 'Vielleicht hat sich die Adresse geändert, oder die Organisation ist (noch) nicht veröffentlicht.'),
          h('p', {}, h('a', { href: '/vereine' }, 'Zum Verzeichnis der Vereine und Initiativen')));
        return;
      }
      append(ctx.main, h('h1', {}, 'Verein'), failure('Die Organisation konnte nicht geladen werden.', () => ctx.navigate(location.pathname, { replace: true }), err));
      return;
    }
    ctx.setTitle(org.name);
    const isEditor = !!ctx.user && Array.isArray(org.editors) && org.editors.includes(ctx.user.id);
    const feedPath = `/api/ben/organisations/${encodeURIComponent(org.slug)}/events.ics`;

    const contact = [];
    if (org.contact_name) contact.push(['Ansprechperson', org.contact_name]);
    if (org.email) contact.push(['E-Mail', h('a', { href: `mailto:${org.email}` }, org.email)]);
    if (org.phone) contact.push(['Telefon', h('a', { href: `tel:${org.phone.replace(/[^\d+]/g, '')}` }, org.phone)]);
    const website = safeURL(org.website);
    if (website && /^https?:/.test(website)) contact.push(['Internetseite', h('a', { href: website, rel: 'noopener noreferrer' }, org.website.replace(/^https?:\/\//, ''))]);
    if (org.address) contact.push(['Anschrift', org.address]);
    if (org.meeting_times) contact.push(['Treffzeiten', org.meeting_times]);

    const eventsBox = h('div', {}, loading('Termine werden geladen …'));
    const oppsBox = h('div', {}, loading('Angebote werden geladen …'));

    append(ctx.main, 
      h('p', { class: 'breadcrumb' }, h('a', { href: '/vereine' }, 'Vereine & Initiativen')),
      h('div', { class: 'org-head' },
        orgLogo(org, 'large'),
        h('div', {},
          h('h1', {}, org.name),
          h('p', { class: 'meta' }, label(ORG_KINDS, org.kind),
            org.verified ? [' ', badge('Von der Koordinierungsstelle geprüft', 'verified')] : null,
            org.status !== 'published' ? [' ', badge(label(ORG_STATUS, org.status), 'pending')] : null),
          topicList(org.topics))),
      isEditor ? h('div', { class: 'editor-bar', role: 'region', 'aria-label': 'Für die Redaktion' },
        h('p', {}, 'Sie bearbeiten diese Organisation.'),
        h('p', { class: 'actions' },
          h('a', { class: 'button', href: `/mein-verein/${encodeURIComponent(org.slug)}` }, 'Profil bearbeiten'),
          h('a', { class: 'button secondary', href: `/mein-verein/${encodeURIComponent(org.slug)}/termine` }, 'Termine verwalten'))) : null,
      h('div', { class: 'columns org-columns' },
        h('div', {},
          h('section', { 'aria-labelledby': 'vorstellung' },
            h('h2', { id: 'vorstellung' }, 'Vorstellung'),
            org.description ? richText(org.description) : h('p', { class: 'muted' }, 'Noch keine Beschreibung.')),
          h('section', { 'aria-labelledby': 'mitmachen-org' },
            h('h2', { id: 'mitmachen-org' }, 'Mitmachen'),
            oppsBox),
          h('section', { 'aria-labelledby': 'termine-org' },
            h('h2', { id: 'termine-org' }, 'Kommende Termine'),
            liveNote(),
            eventsBox)),
        h('aside', { 'aria-labelledby': 'kontakt' },
          h('h2', { id: 'kontakt' }, 'Kontakt'),
          contact.length
            ? h('dl', { class: 'facts' }, contact.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))
            : h('p', { class: 'muted' }, 'Keine öffentlichen Kontaktdaten.'),
          org.status === 'published'
            ? calendarBox(feedPath, 'Termine abonnieren', `Alle Termine von ${org.name} automatisch in Ihrem Kalender.`)
            : null)));

    const loadEvents = async () => {
      try {
        const dates = await upcomingDates({ perPage: 50, organisation: org.id });
        append(clear(eventsBox), dates.length
          ? h('ul', { class: 'event-list' }, dates.map((e) => eventItem(e, { showOrganiser: false })))
          : empty('Zurzeit sind keine Termine eingetragen.'));
      } catch (err) {
        append(clear(eventsBox), failure('Die Termine konnten nicht geladen werden.', loadEvents, err));
      }
    };
    const loadOpportunities = async () => {
      try {
        const list = await pb.collection('opportunities').getFullList({
          filter: pb.filter(`${PUBLIC_OPPORTUNITIES} && organisation = {:org}`, { org: org.id }), sort: '-published_at,title',
        });
        if (!ctx.isCurrent()) return;
        append(clear(oppsBox), list.length
          ? h('ul', { class: 'card-grid opportunity-list' }, list.map((o) => opportunityItem(o)))
          : empty(`${org.name} sucht gerade niemanden über BEN.`, h('p', {}, h('a', { href: '/mitmachen' }, 'Alle Angebote zum Mitmachen'))));
      } catch (err) {
        append(clear(oppsBox), failure('Die Angebote konnten nicht geladen werden.', loadOpportunities, err));
      }
    };
    await Promise.all([loadEvents(), loadOpportunities()]);
    ctx.live(['events', 'organisations'], loadEvents);
    ctx.live(['opportunities'], loadOpportunities);
  },
};
