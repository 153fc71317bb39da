// "Mein Konto": a citizen's own area. What BEN holds for them at a glance –
// the volunteer card and applications, the clubs they edit (with what waits
// for them), their answers to opportunities, their juries, their data – and
// their name, e-mail address (confirmed by a link to the new address) and
// password.
import { h, append, clear, formatDateNumeric } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { INTEREST_STATUS, ROUND_STATUS, ORG_STATUS, label } from '../lib/labels.js';
import { STATUSES, CARD_STATUSES, KINDS } from '../lib/card.js';
import { field, showErrors, showRequestError, submitting, notice, requiredNote } from '../lib/forms.js';
import { loading, failure, empty, badge, pageHead } from '../lib/ui.js';
import { clubCounters, counterText } from '../lib/own.js';
import { REGISTRATION_STATUS, STATUS_KIND, OWN_PAGE } from '../lib/registrations.js';

/** part is one section of the page, loaded on its own so that one failure spoils nothing else. */
function part(id, title, intro) {
  const box = h('div', {}, loading());
  const section = h('section', { class: 'account-part', 'aria-labelledby': id }, h('h2', { id }, title), intro ? h('p', {}, intro) : null, box);
  return { section, box };
}

export default {
  title: 'Mein Konto',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const me = ctx.user;
    const card = part('konto-karte', 'Meine Ehrenamtskarte');
    const applications = part('konto-antraege', 'Meine Anträge');
    const clubs = part('konto-vereine', 'Meine Vereine');
    const answers = part('konto-meldungen', 'Meine Meldungen auf Angebote');
    const registrations = part('konto-anmeldungen', 'Meine Anmeldungen zu Terminen');
    const jury = part('konto-jury', 'Jury');
    clubs.section.hidden = true;
    jury.section.hidden = true;

    const toc = h('nav', { class: 'account-toc', 'aria-label': 'Bereiche von Mein Konto' },
      h('ul', { class: 'link-list compact' },
        h('li', {}, h('a', { href: '#konto-karte' }, 'Ehrenamtskarte')),
        h('li', {}, h('a', { href: '#konto-antraege' }, 'Anträge')),
        h('li', {}, h('a', { href: '#konto-meldungen' }, 'Meldungen')),
        h('li', {}, h('a', { href: '#konto-anmeldungen' }, 'Anmeldungen')),
        h('li', {}, h('a', { href: '/meine-daten' }, 'Meine Daten')),
        h('li', {}, h('a', { href: '#konto-zugang' }, 'Name, E-Mail und Passwort'))));

    append(ctx.main,
      pageHead('Mein Konto', `Angemeldet als ${me.name ? `${me.name} (${me.email})` : me.email}.`),
      toc,
      card.section, applications.section, clubs.section, answers.section, registrations.section, jury.section,
      h('section', { class: 'account-part', 'aria-labelledby': 'konto-daten' },
        h('h2', { id: 'konto-daten' }, 'Meine Daten'),
        h('p', {}, 'Sehen Sie alles, was BEN über Sie speichert, laden Sie es herunter oder löschen Sie Ihr Konto.'),
        h('p', {}, h('a', { class: 'button secondary', href: '/meine-daten' }, 'Zu Meine Daten'))),
      accessSection(ctx));

    const fail = (p, text, retry) => (err) => { if (ctx.isCurrent()) append(clear(p.box), failure(text, retry, err)); };

    const loadCard = async () => {
      const [cards, apps] = await Promise.all([
        pb.collection('cards').getFullList({ filter: pb.filter('holder = {:me}', { me: me.id }), sort: '-issued_at' }),
        pb.collection('card_applications').getFullList({ filter: pb.filter('applicant = {:me} && group_organisation = ""', { me: me.id }), sort: '-created' }),
      ]);
      if (!ctx.isCurrent()) return;
      clear(card.box);
      if (!cards.length) {
        append(card.box, empty('Sie haben noch keine Ehrenamtskarte.',
          h('p', {}, h('a', { href: '/ehrenamtskarte' }, 'Wer sie bekommt und wie Sie sie beantragen'))));
      } else {
        append(card.box, h('ul', { class: 'link-list' }, cards.map((c) => {
          const s = CARD_STATUSES[c.status] || { name: c.status, kind: '' };
          return h('li', {}, `${label(KINDS, c.kind)} Nr. ${c.number} `, badge(s.name, s.kind),
            c.valid_until ? ` · gültig bis ${formatDateNumeric(c.valid_until)}` : ' · gültig ohne Ablaufdatum');
        })), h('p', {}, h('a', { class: 'button secondary', href: '/ehrenamtskarte/meine' }, 'Karte zeigen, drucken oder verlängern')));
      }
      clear(applications.box);
      if (!apps.length) {
        append(applications.box, empty('Sie haben noch keinen Antrag gestellt.', h('p', {}, h('a', { href: '/ehrenamtskarte/antrag' }, 'Ehrenamtskarte beantragen'))));
        return;
      }
      append(applications.box, h('ul', { class: 'manage-list' }, apps.map((a) => {
        const s = STATUSES[a.status] || { name: a.status, text: '', kind: '' };
        return h('li', { class: 'card manage-item' }, h('div', {},
          h('h3', {}, h('a', { href: `/ehrenamtskarte/antrag/${encodeURIComponent(a.id)}` }, `${label(KINDS, a.kind)}: Antrag vom ${formatDateNumeric(a.created)}`)),
          h('p', { class: 'meta' }, 'Stand: ', badge(s.name, s.kind)), s.text ? h('p', {}, s.text) : null));
      })));
    };

    const loadClubs = async () => {
      const orgs = await pb.collection('organisations').getFullList({ filter: pb.filter('editors.id ?= {:me}', { me: me.id }), sort: 'name' });
      if (!ctx.isCurrent()) return;
      clubs.section.hidden = orgs.length === 0;
      if (!orgs.length) {
        clear(clubs.box);
        return;
      }
      const counts = await Promise.all(orgs.map((o) => clubCounters(o).catch(() => null)));
      if (!ctx.isCurrent()) return;
      append(clear(clubs.box), h('ul', { class: 'manage-list' }, orgs.map((o, i) => {
        const slug = encodeURIComponent(o.slug);
        const c = counts[i];
        return h('li', { class: 'card manage-item' }, h('div', {},
          h('h3', {}, h('a', { href: `/mein-verein/${slug}` }, o.name)),
          h('p', { class: 'meta' }, badge(label(ORG_STATUS, o.status), o.status === 'published' ? 'ok' : 'pending')),
          h('ul', { class: 'action-list' },
            h('li', {}, h('a', { href: `/mein-verein/${slug}/ehrenamtskarte` }, 'Engagements bestätigen', c ? counterText(c.confirmations, 'offen') : '',
              h('span', { class: 'visually-hidden' }, `: ${o.name}`))),
            h('li', {}, h('a', { href: `/mein-verein/${slug}/meldungen` }, 'Meldungen auf Angebote', c ? counterText(c.replies, 'neu') : '',
              h('span', { class: 'visually-hidden' }, `: ${o.name}`))),
            h('li', {}, h('a', { href: `/mein-verein/${slug}/termine` }, 'Termine', h('span', { class: 'visually-hidden' }, `: ${o.name}`))))));
      })), h('p', {}, h('a', { href: '/mein-verein' }, 'Alles zu Ihren Vereinen unter „Mein Verein“')));
    };

    const loadAnswers = async () => {
      const list = await pb.collection('interests').getFullList({
        filter: pb.filter('user = {:me}', { me: me.id }), sort: '-created', expand: 'opportunity,opportunity.organisation',
      });
      if (!ctx.isCurrent()) return;
      clear(answers.box);
      if (!list.length) {
        append(answers.box, empty('Sie haben sich noch auf kein Angebot gemeldet.', h('p', {}, h('a', { href: '/mitmachen' }, 'Angebote zum Mitmachen ansehen'))));
        return;
      }
      append(answers.box, h('ul', { class: 'link-list' }, list.map((i) => {
        const opp = i.expand?.opportunity;
        const club = opp?.expand?.organisation?.name;
        return h('li', {},
          opp ? h('a', { href: `/mitmachen/${encodeURIComponent(opp.id)}` }, opp.title) : 'Angebot (nicht mehr öffentlich)',
          club ? ` bei ${club}` : '', ` · gemeldet am ${formatDateNumeric(i.created)} · Stand: `,
          badge(label(INTEREST_STATUS, i.status), i.status === 'engaged' ? 'ok' : ''));
      })), h('p', {}, 'Zurückziehen können Sie eine Meldung unter ', h('a', { href: '/meine-daten' }, 'Meine Daten'), '.'));
    };

    const loadRegistrations = async () => {
      const list = await pb.collection('event_registrations').getFullList({
        filter: pb.filter('user = {:me} && status != "cancelled" && event.ends_at >= @now', { me: me.id }), sort: 'event.starts_at', expand: 'event',
      });
      if (!ctx.isCurrent()) return;
      clear(registrations.box);
      append(registrations.box, list.length
        ? h('ul', { class: 'link-list' }, list.map((r) => {
          const ev = r.expand?.event;
          return h('li', {}, ev ? h('a', { href: `/termine/${encodeURIComponent(ev.id)}` }, ev.title) : 'Termin',
            ev ? ` am ${formatDateNumeric(ev.starts_at)} · ` : ' · ', badge(REGISTRATION_STATUS[r.status] || r.status, STATUS_KIND[r.status] || ''),
            r.status === 'waitlisted' && r.waiting_position ? ` (Platz ${r.waiting_position} der Warteliste)` : '');
        }))
        : empty('Sie sind zu keinem kommenden Termin angemeldet.', h('p', {}, h('a', { href: '/termine' }, 'Termine mit Anmeldung finden'))),
      h('p', {}, h('a', { class: 'button secondary', href: OWN_PAGE }, 'Alle Anmeldungen, abmelden')));
    };

    const loadJury = async () => {
      const rounds = await pb.collection('award_rounds').getFullList({ filter: pb.filter('jury.id ?= {:me}', { me: me.id }), sort: '-nominations_from' });
      if (!ctx.isCurrent()) return;
      jury.section.hidden = rounds.length === 0;
      if (!rounds.length) {
        clear(jury.box);
        return;
      }
      append(clear(jury.box), h('ul', { class: 'link-list' }, rounds.map((r) => h('li', {}, r.title, ' ', badge(label(ROUND_STATUS, r.status))))),
        h('p', {}, h('a', { class: 'button secondary', href: '/jury' }, 'Vorschläge bewerten')));
    };

    await Promise.all([
      loadCard().catch(fail(card, 'Ihre Karte und Anträge konnten nicht geladen werden.', loadCard)),
      loadClubs().catch(fail(clubs, 'Ihre Vereine konnten nicht geladen werden.', loadClubs)),
      loadAnswers().catch(fail(answers, 'Ihre Meldungen konnten nicht geladen werden.', loadAnswers)),
      loadRegistrations().catch(fail(registrations, 'Ihre Anmeldungen konnten nicht geladen werden.', loadRegistrations)),
      loadJury().catch(fail(jury, 'Ihre Jury-Runden konnten nicht geladen werden.', loadJury)),
    ]);
    ctx.live(['interests', 'cards', 'card_applications'], () => { loadCard().catch(() => {}); loadAnswers().catch(() => {}); });
    ctx.live(['event_registrations'], () => { loadRegistrations().catch(() => {}); });
  },
};

/** accessSection changes name, e-mail address and password. */
function accessSection(ctx) {
  const me = ctx.user;

  const nameForm = h('form', { class: 'form narrow', novalidate: true, 'aria-labelledby': 'zugang-name' },
    h('h3', { id: 'zugang-name' }, 'Name und Telefon'),
    field({ name: 'name', label: 'Vor- und Nachname', required: true, autocomplete: 'name', value: me.name || '', attrs: { maxlength: 120 } }),
    field({ name: 'phone', label: 'Telefon (freiwillig)', type: 'tel', autocomplete: 'tel', value: me.phone || '', attrs: { maxlength: 40 } }),
    h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Name speichern')));
  nameForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = new FormData(nameForm);
    const name = String(data.get('name') || '').trim();
    if (!name) {
      showErrors(nameForm, { name: 'Bitte geben Sie Ihren Namen ein.' });
      return;
    }
    await submitting(nameForm, async () => {
      try {
        await pb.collection('users').update(me.id, { name, phone: String(data.get('phone') || '').trim() });
      } catch (err) {
        showRequestError(nameForm, err);
        return;
      }
      nameForm.querySelector('.form-errors')?.remove();
      notice(nameForm, 'Ihr Name ist gespeichert.');
    });
  });

  const emailForm = h('form', { class: 'form narrow', novalidate: true, 'aria-labelledby': 'zugang-email' },
    h('h3', { id: 'zugang-email' }, 'E-Mail-Adresse'),
    h('p', {}, `Ihre E-Mail-Adresse ist ${me.email}. Eine neue Adresse gilt, sobald Sie sie mit dem Link bestätigt haben, den wir an die neue Adresse schicken.`),
    field({ name: 'newEmail', label: 'Neue E-Mail-Adresse', type: 'email', required: true, autocomplete: 'email' }),
    h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Bestätigungslink schicken')));
  emailForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const newEmail = String(new FormData(emailForm).get('newEmail') || '').trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(newEmail)) {
      showErrors(emailForm, { newEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.' });
      return;
    }
    if (newEmail.toLowerCase() === String(me.email).toLowerCase()) {
      showErrors(emailForm, { newEmail: 'Das ist schon Ihre E-Mail-Adresse.' });
      return;
    }
    await submitting(emailForm, async () => {
      try {
        await pb.collection('users').requestEmailChange(newEmail);
      } catch (err) {
        showRequestError(emailForm, err);
        return;
      }
      emailForm.querySelector('.form-errors')?.remove();
      emailForm.reset();
      notice(emailForm, `Wir haben einen Link an ${newEmail} geschickt. Öffnen Sie ihn und bestätigen Sie mit Ihrem Passwort; bis dahin gilt Ihre bisherige Adresse.`);
    });
  });

  const passwordForm = h('form', { class: 'form narrow', novalidate: true, 'aria-labelledby': 'zugang-passwort' },
    h('h3', { id: 'zugang-passwort' }, 'Passwort'),
    requiredNote(),
    field({ name: 'oldPassword', label: 'Bisheriges Passwort', type: 'password', required: true, autocomplete: 'current-password' }),
    field({ name: 'password', label: 'Neues Passwort', type: 'password', required: true, autocomplete: 'new-password', help: 'Mindestens 8 Zeichen.' }),
    field({ name: 'passwordConfirm', label: 'Neues Passwort wiederholen', type: 'password', required: true, autocomplete: 'new-password' }),
    h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Passwort ändern')));
  passwordForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(passwordForm));
    const errors = {};
    if (!data.oldPassword) errors.oldPassword = 'Bitte geben Sie Ihr bisheriges Passwort ein.';
    if (!data.password) errors.password = 'Bitte geben Sie ein neues Passwort ein.';
    else if (data.password.length < 8) errors.password = 'Bitte geben Sie mindestens 8 Zeichen ein.';
    if (data.password && data.passwordConfirm !== data.password) errors.passwordConfirm = 'Die beiden Passwörter stimmen nicht überein.';
    if (Object.keys(errors).length) {
      showErrors(passwordForm, errors);
      return;
    }
    await submitting(passwordForm, async () => {
      try {
        await pb.collection('users').update(me.id, data);
      } catch (err) {
        showRequestError(passwordForm, err);
        return;
      }
      // a new password ends every login, this one too: log in again with it
      try {
        await pb.collection('users').authWithPassword(me.email, data.password);
      } catch {
        ctx.navigate('/anmelden?weiter=/konto', { replace: true });
        return;
      }
      passwordForm.reset();
      passwordForm.querySelector('.form-errors')?.remove();
      notice(passwordForm, 'Ihr Passwort ist geändert. Auf anderen Geräten müssen Sie sich neu anmelden.');
    });
  });

  return h('section', { class: 'account-part', 'aria-labelledby': 'konto-zugang' },
    h('h2', { id: 'konto-zugang' }, 'Name, E-Mail und Passwort'),
    nameForm, emailForm, passwordForm);
}
