// "Meine Karte" and "Meine Anträge": the logged-in citizen's volunteer
// cards (number, validity, status, QR code and PDF where BEN offers them,
// renewal) and applications (status in plain German, the office's reasons;
// continue, delete, withdraw, ask for new confirmation links). Group
// applications filed for members are listed in "Mein Verein".
import { h, append, clear, formatDateNumeric, parseDate } from '../lib/dom.js';
import { pb, errorText } from '../lib/api.js';
import { notice } from '../lib/forms.js';
import { loading, failure, empty, badge, pageHead, takeFlash } from '../lib/ui.js';
import { KINDS, CARD_STATUSES, applicationItem, applicationActions, organisationName, cardFile, cardFileAvailable } from '../lib/card.js';

// a renewal is offered from this many days before the card ends
const RENEW_DAYS = 90;
const OPEN = ['draft', 'submitted', 'confirmed'];

export default {
  title: 'Meine Ehrenamtskarte',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const cardsBox = h('div', {}, loading('Ihre Karte wird geladen …'));
    const applicationsBox = h('div', {}, loading('Ihre Anträge werden geladen …'));
    // outcomes of actions stay while the lists reload
    const cardsStatus = h('div', {});
    const applicationsStatus = h('div', {});
    const objectURLs = [];
    ctx.onLeave(() => { for (const url of objectURLs.splice(0)) URL.revokeObjectURL(url); });

    append(ctx.main,
      h('p', { class: 'breadcrumb' }, h('a', { href: '/ehrenamtskarte' }, 'Ehrenamtskarte')),
      pageHead('Meine Ehrenamtskarte', 'Ihre Karte und der Stand Ihrer Anträge.'),
      takeFlash(),
      h('section', { 'aria-labelledby': 'meine-karte' }, h('h2', { id: 'meine-karte' }, 'Meine Karte'), cardsStatus, cardsBox),
      h('section', { 'aria-labelledby': 'meine-antraege' },
        h('h2', { id: 'meine-antraege' }, 'Meine Anträge'),
        h('p', {}, h('a', { class: 'button', href: '/ehrenamtskarte/antrag' }, 'Neuen Antrag stellen')),
        applicationsStatus,
        applicationsBox));

    let cards = [];
    let applications = [];
    const load = async () => {
      try {
        const [c, a, e] = await Promise.all([
          pb.collection('cards').getFullList({ filter: pb.filter('holder = {:me}', { me: ctx.user.id }), sort: '-issued_at' }),
          pb.collection('card_applications').getFullList({ filter: pb.filter('applicant = {:me} && group_organisation = ""', { me: ctx.user.id }), sort: '-created' }),
          pb.collection('engagements').getFullList({ filter: pb.filter('application.applicant = {:me}', { me: ctx.user.id }), sort: 'created', expand: 'organisation' }),
        ]);
        if (!ctx.isCurrent()) return;
        cards = c;
        applications = a;
        showCards();
        showApplications(e);
      } catch (err) {
        append(clear(cardsBox), failure('Ihre Karte konnte nicht geladen werden.', load, err));
        clear(applicationsBox);
      }
    };

    // ---- cards ---------------------------------------------------------------

    function showCards() {
      clear(cardsBox);
      if (!cards.length) {
        append(cardsBox, empty('Sie haben noch keine Ehrenamtskarte.',
          h('p', {}, 'Nach der Bewilligung Ihres Antrags erscheint sie hier mit Nummer und Gültigkeit.')));
        return;
      }
      append(cardsBox, h('ul', { class: 'card-list' }, cards.map(cardItem)));
    }

    function cardItem(card) {
      // a card ended by its renewal is replaced, not run out
      const status = card.replaced_by ? { name: 'Ersetzt durch die neue Karte', kind: 'pending' }
        : CARD_STATUSES[card.status] || { name: card.status, kind: '' };
      const until = parseDate(card.valid_until);
      const qr = h('div', { class: 'card-qr' });
      const pdf = h('p', { class: 'card-pdf' });
      const item = h('li', { class: 'card volunteer-card' },
        h('div', { class: 'volunteer-card-body' },
          h('h3', {}, KINDS[card.kind] || 'Ehrenamtskarte'),
          h('dl', { class: 'facts' },
            h('dt', {}, 'Kartennummer'), h('dd', { class: 'card-number' }, card.number),
            h('dt', {}, 'Status'), h('dd', {}, badge(status.name, status.kind)),
            h('dt', {}, 'Ausgestellt am'), h('dd', {}, formatDateNumeric(card.issued_at)),
            h('dt', {}, 'Gültig bis'), h('dd', { class: 'card-valid-until' }, until ? formatDateNumeric(until) : 'unbefristet'),
            card.status === 'revoked' && card.revoked_reason ? [h('dt', {}, 'Grund des Entzugs'), h('dd', {}, card.revoked_reason)] : null),
          renewal(card, until),
          pdf),
        qr);
      if (card.status === 'active') offerFiles(card, qr, pdf);
      return item;
    }

    /** renewal offers to renew a card that ends soon or has ended, or links to the renewal under way. */
    function renewal(card, until) {
      if (card.status === 'revoked' || card.replaced_by || !until) return null;
      const open = applications.find((a) => a.previous_card === card.id && OPEN.includes(a.status));
      if (open) {
        return h('p', {}, 'Die Verlängerung ist beantragt. ',
          open.status === 'draft' ? h('a', { href: `/ehrenamtskarte/antrag/${open.id}` }, 'Verlängerungsantrag weiter bearbeiten') : null);
      }
      if (until.getTime() - Date.now() > RENEW_DAYS * 24 * 3600 * 1000) return null;
      return h('p', {}, h('button', { type: 'button', class: 'button secondary', on: { click: (ev) => renew(card, ev.currentTarget) } }, 'Verlängerung beantragen'));
    }

    async function renew(card, button) {
      button.disabled = true;
      try {
        const draft = await pb.send(`/api/ben/cards/${encodeURIComponent(card.id)}/renew`, { method: 'POST' });
        ctx.navigate(`/ehrenamtskarte/antrag/${draft.id}`);
      } catch (err) {
        button.disabled = false;
        notice(cardsStatus, errorText(err), 'error');
      }
    }

    /** offerFiles shows the card's QR code and a PDF download where BEN offers them for the card. */
    async function offerFiles(card, qr, pdf) {
      const [qrURL, hasPDF] = await Promise.all([cardFile(card.id, 'qr.svg'), cardFileAvailable(card.id, 'card.pdf')]);
      if (!ctx.isCurrent()) {
        if (qrURL) URL.revokeObjectURL(qrURL);
        return;
      }
      if (qrURL) {
        objectURLs.push(qrURL);
        qr.append(h('img', { src: qrURL, alt: `QR-Code der Ehrenamtskarte ${card.number}`, width: 180, height: 180 }),
          h('p', { class: 'muted' }, 'Zeigen Sie den Code bei Partnern vor; sie prüfen damit, ob die Karte gültig ist.'));
      }
      if (hasPDF) {
        pdf.append(h('button', { type: 'button', class: 'button secondary', on: { click: (ev) => downloadPDF(card, ev.currentTarget) } }, 'Karte als PDF herunterladen'));
      }
    }

    async function downloadPDF(card, button) {
      button.disabled = true;
      const url = await cardFile(card.id, 'card.pdf');
      button.disabled = false;
      if (!url) {
        notice(cardsStatus, 'Die Karte konnte nicht als PDF erstellt werden. Bitte versuchen Sie es später erneut.', 'error');
        return;
      }
      objectURLs.push(url);
      const link = h('a', { href: url, download: `ehrenamtskarte-${card.number}.pdf`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
    }

    // ---- applications --------------------------------------------------------

    function showApplications(engagements) {
      clear(applicationsBox);
      if (!applications.length) {
        append(applicationsBox, empty('Sie haben noch keinen Antrag gestellt.'));
        return;
      }
      append(applicationsBox, h('ul', { class: 'manage-list application-list' }, applications.map((a) =>
        applicationItem(a, engagements.filter((e) => e.application === a.id), organisationName,
          applicationActions(a, { status: applicationsStatus, reload: load })))));
    }

    await load();
    ctx.live(['card_applications', 'cards', 'engagements'], load);
  },
};
