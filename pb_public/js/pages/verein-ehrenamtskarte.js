// The volunteer card in "Mein Verein" (/mein-verein/<slug>/ehrenamtskarte):
// the engagements at one's own organisation that applicants ask it to
// confirm, with a confirm button each, and group applications the
// organisation files for its members. Editors see of an applicant only the
// name and the engagement, never birth date or address.
import { h, append, clear, formatDateNumeric } from '../lib/dom.js';
import { pb, errorText } from '../lib/api.js';
import { notice } from '../lib/forms.js';
import { loading, failure, empty, pageHead, takeFlash } from '../lib/ui.js';
import { editedOrganisation } from '../lib/own.js';
import { applicationItem, applicationActions, organisationName, engagementFacts, cardAPI, cardFile } from '../lib/card.js';

// how many confirmed engagements are listed for reference
const RECENT = 20;

export default {
  title: 'Ehrenamtskarte: Engagements bestätigen',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const org = await editedOrganisation(ctx, 'Ehrenamtskarte');
    if (!org) return;
    ctx.setTitle(`Ehrenamtskarte – ${org.name}`);
    const slug = encodeURIComponent(org.slug);
    const openBox = h('div', {}, loading('Engagements werden geladen …'));
    const doneBox = h('div', {});
    const groupBox = h('div', {});
    const openStatus = h('div', {});
    const groupStatus = h('div', {});
    const cardsBox = h('div', {});

    append(ctx.main,
      h('p', { class: 'breadcrumb' }, h('a', { href: '/mein-verein' }, 'Mein Verein')),
      pageHead(`Ehrenamtskarte: ${org.name}`, 'Wer sich bei Ihnen engagiert und die Ehrenamtskarte beantragt, nennt Ihre Organisation. Hier bestätigen Sie diese Angaben – und stellen Anträge für Ihre Mitglieder.'),
      takeFlash(),
      h('section', { 'aria-labelledby': 'zu-bestaetigen' },
        h('h2', { id: 'zu-bestaetigen' }, 'Zu bestätigen'),
        h('p', {}, 'Bitte bestätigen Sie nur, was stimmt. Stimmt eine Angabe nicht, bestätigen Sie nicht und geben Sie der Koordinierungsstelle Bescheid.'),
        openStatus, openBox),
      h('section', { 'aria-labelledby': 'bestaetigt' }, h('h2', { id: 'bestaetigt' }, 'Zuletzt bestätigt'), doneBox),
      h('section', { 'aria-labelledby': 'sammelantrag' },
        h('h2', { id: 'sammelantrag' }, 'Sammelantrag für Mitglieder'),
        h('p', {}, 'Ihre Organisation kann die Karte für mehrere Mitglieder beantragen: Legen Sie für jedes Mitglied einen Antrag mit dessen Angaben an. Hier sehen Sie den Stand aller Anträge für Mitglieder.'),
        h('p', {}, h('a', { class: 'button', href: `/ehrenamtskarte/antrag?verein=${slug}` }, 'Antrag für ein Mitglied anlegen')),
        groupStatus, groupBox),
      h('section', { 'aria-labelledby': 'karten-mitglieder' },
        h('h2', { id: 'karten-mitglieder' }, 'Karten Ihrer Mitglieder'),
        h('p', {}, 'Die Person, für die Sie die Karte beantragt haben, bekommt eine Einladung, sie in ein eigenes Konto zu übernehmen. Bis dahin können Sie die Karte hier für sie ausdrucken.'),
        cardsBox));

    const load = async () => {
      try {
        const [engagements, group, groupEngagements, groupCards] = await Promise.all([
          pb.collection('engagements').getFullList({ filter: pb.filter('organisation = {:org}', { org: org.id }), sort: '-created', expand: 'application' }),
          pb.collection('card_applications').getFullList({ filter: pb.filter('applicant = {:me} && group_organisation = {:org}', { me: ctx.user.id, org: org.id }), sort: '-created' }),
          pb.collection('engagements').getFullList({ filter: pb.filter('application.group_organisation = {:org} && application.applicant = {:me}', { org: org.id, me: ctx.user.id }), sort: 'created', expand: 'organisation' }),
          // unclaimed cards of the organisation's group applications (the cards' rule shows them to its editors)
          pb.collection('cards').getFullList({ filter: pb.filter('holder = "" && status = "active" && application.group_organisation = {:org}', { org: org.id }), sort: '-issued_at', expand: 'application' }),
        ]);
        if (!ctx.isCurrent()) return;
        // editors who filed a group application see its engagements as applicants: name and status come from the application
        const status = (e) => e.application_status || e.expand?.application?.status;
        const name = (e) => e.applicant_name || [e.expand?.application?.first_name, e.expand?.application?.last_name].filter(Boolean).join(' ');
        const open = engagements.filter((e) => !e.confirmed_at && status(e) === 'submitted');
        const done = engagements.filter((e) => e.confirmed_at).sort((a, b) => String(b.confirmed_at).localeCompare(String(a.confirmed_at))).slice(0, RECENT);

        append(clear(openBox), open.length
          ? h('ul', { class: 'manage-list confirm-list' }, open.map((e) => openItem(e, name(e))))
          : empty('Zurzeit wartet kein Engagement auf Ihre Bestätigung.'));
        append(clear(doneBox), done.length
          ? h('ul', { class: 'link-list' }, done.map((e) => h('li', {}, `${name(e)} – ${e.role}`, h('p', {}, `bestätigt am ${formatDateNumeric(e.confirmed_at)}`))))
          : h('p', { class: 'muted' }, 'Noch keine.'));
        append(clear(groupBox), group.length
          ? h('ul', { class: 'manage-list application-list' }, group.map((a) => applicationItem(a, groupEngagements.filter((e) => e.application === a.id), organisationName,
            applicationActions(a, { status: groupStatus, reload: load }))))
          : h('p', { class: 'muted' }, 'Sie haben noch keine Anträge für Mitglieder gestellt.'));
        append(clear(cardsBox), groupCards.length
          ? h('ul', { class: 'manage-list' }, groupCards.map(cardItem))
          : h('p', { class: 'muted' }, 'Zurzeit gibt es keine Karte, die noch niemand übernommen hat.'));
      } catch (err) {
        append(clear(openBox), failure('Die Engagements konnten nicht geladen werden.', load, err));
      }
    };

    function cardItem(c) {
      const who = [c.expand?.application?.first_name, c.expand?.application?.last_name].filter(Boolean).join(' ') || c.number;
      const button = h('button', { type: 'button', class: 'button secondary' }, 'Karte als PDF herunterladen', h('span', { class: 'visually-hidden' }, `: ${who}`));
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          const url = await cardFile(c.id, 'card.pdf');
          if (!url) throw new Error('Die Karte konnte nicht geladen werden. Bitte versuchen Sie es später erneut.');
          const link = h('a', { href: url, download: `ehrenamtskarte-${c.number}.pdf`, hidden: true });
          document.body.append(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(url), 60_000);
        } catch (err) {
          notice(groupStatus, errorText(err), 'error');
        } finally {
          button.disabled = false;
        }
      });
      return h('li', { class: 'card manage-item' },
        h('div', { class: 'card-body' }, h('h3', {}, who),
          h('p', { class: 'meta' }, `Karte ${c.number}`, c.valid_until ? `, gültig bis ${formatDateNumeric(c.valid_until)}` : ', unbefristet')),
        h('div', { class: 'item-actions' }, button));
    }

    function openItem(e, name) {
      const headingId = `engagement-${e.id}`;
      // nobody confirms an application about themselves (also not one they filed): BEN says so
      if (e.may_confirm !== true) {
        return h('li', { class: 'card manage-item', 'aria-labelledby': headingId },
          h('div', { class: 'card-body' },
            h('h3', { id: headingId }, name || 'Antrag'),
            engagementFacts(e),
            h('p', { class: 'muted' }, e.may_confirm_reason
              || 'Diesen Antrag haben Sie selbst gestellt: Das Engagement bestätigt eine andere Person Ihrer Organisation oder die Koordinierungsstelle.')));
      }
      const button = h('button', { type: 'button', class: 'button' }, 'Angaben bestätigen', h('span', { class: 'visually-hidden' }, `: ${name}, ${e.role}`));
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          await cardAPI(`/engagements/${encodeURIComponent(e.id)}/confirm`);
        } catch (err) {
          button.disabled = false;
          notice(openStatus, errorText(err), 'error');
          return;
        }
        await load();
        notice(openStatus, `Das Engagement von ${name} (${e.role}) ist bestätigt. Vielen Dank!`);
      });
      return h('li', { class: 'card manage-item', 'aria-labelledby': headingId },
        h('div', { class: 'card-body' },
          h('h3', { id: headingId }, name || 'Antrag'),
          engagementFacts(e),
          e.contact_name ? h('p', { class: 'meta' }, `Genannte Ansprechperson: ${e.contact_name}`) : null),
        h('div', { class: 'item-actions' }, button));
    }

    await load();
    ctx.live(['engagements', 'card_applications'], load);
  },
};
