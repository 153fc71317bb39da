// A guest's registration for an event, opened from the link in the e-mail
// (/termine/anmeldung#<token>). The token sits in the address's fragment,
// so it never reaches a server log. The page shows the registration, asks
// for the confirmation with a button (a mail scanner that opens the link
// confirms nothing) and offers to cancel it before the event starts.
import { h, append, clear, formatRange } from '../lib/dom.js';
import { pb, errorText } from '../lib/api.js';
import { loading, badge } from '../lib/ui.js';
import { REGISTRATION_STATUS, STATUS_KIND } from '../lib/registrations.js';

const linkAPI = (token, path = '', method = 'GET') =>
  pb.send(`/api/ben/registrations/link/${encodeURIComponent(token)}${path}`, { method });

export default {
  title: 'Ihre Anmeldung',
  async render(ctx) {
    const token = decodeURIComponent(location.hash.replace(/^#/, '')).trim();
    const box = h('div', { 'aria-live': 'polite' }, loading('Ihre Anmeldung wird geladen …'));
    append(ctx.main, h('h1', {}, 'Ihre Anmeldung'), box);

    const invalid = (err) => [
      h('p', {}, err?.status === 404 && err.response?.message ? err.response.message : errorText(err)),
      h('p', {}, 'Fragen zu einem Termin beantwortet der Veranstalter; Sie finden ihn auf der Seite des Termins unter ', h('a', { href: '/termine' }, 'Termine'), '.'),
    ];
    if (!/^[A-Za-z0-9_-]{40,}$/.test(token)) {
      box.replaceChildren(h('p', {}, 'Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus der E-Mail vollständig – er endet mit einer langen Zeichenfolge nach dem Zeichen „#“.'));
      return;
    }

    let view;
    try {
      view = await linkAPI(token);
    } catch (err) {
      if (!ctx.isCurrent()) return;
      box.replaceChildren(h('div', { class: 'state state-error' }, h('h2', {}, 'Dieser Link funktioniert nicht mehr'), ...invalid(err)));
      return;
    }
    if (!ctx.isCurrent()) return;
    show(view, false);

    function show(v, justConfirmed) {
      const ev = v.event;
      const status = v.status === 'waitlisted' && v.waiting_position
        ? `Sie stehen auf der Warteliste, auf Platz ${v.waiting_position}. Sagt jemand ab, rücken Sie automatisch nach, und wir schreiben Ihnen.`
        : v.status === 'waitlisted' ? 'Sie stehen auf der Warteliste.' : 'Ein Platz ist für Sie reserviert.';
      const cancel = h('button', { type: 'button', class: 'button secondary' }, 'Von diesem Termin abmelden');
      cancel.addEventListener('click', () => cancelRegistration(v, cancel));
      const confirm = h('button', { type: 'button', class: 'button' }, 'Anmeldung bestätigen');
      confirm.addEventListener('click', () => confirmRegistration(confirm));
      append(clear(box),
        v.confirmed
          ? h('div', { class: 'notice notice-success', role: 'status', tabindex: '-1' },
            h('p', {}, justConfirmed ? `Danke, ${v.name}: Ihre Anmeldung ist bestätigt.` : `Ihre Anmeldung ist bestätigt, ${v.name}.`))
          : h('div', { class: 'notice notice-info', role: 'status' },
            h('p', {}, `Guten Tag ${v.name}, bitte bestätigen Sie Ihre Anmeldung bis ${v.confirm_until}. Sonst verfällt sie, und der Platz geht an andere.`),
            h('p', {}, confirm)),
        h('section', { class: 'card', 'aria-labelledby': 'anmeldung-termin' },
          h('h2', { id: 'anmeldung-termin' }, h('a', { href: `/termine/${encodeURIComponent(ev.id)}` }, ev.title)),
          h('dl', { class: 'facts' },
            h('dt', {}, 'Wann'), h('dd', {}, formatRange(ev.starts_at, ev.ends_at)),
            ev.location ? [h('dt', {}, 'Wo'), h('dd', {}, ev.location)] : null,
            h('dt', {}, 'Stand'), h('dd', {}, badge(REGISTRATION_STATUS[v.status] || v.status, STATUS_KIND[v.status] || '')))),
        h('p', {}, status),
        v.can_cancel
          ? [h('p', {}, 'Sie können nicht kommen? Dann melden Sie sich bitte ab, damit jemand von der Warteliste nachrücken kann. Bewahren Sie die E-Mail mit diesem Link dafür auf.'),
            h('p', {}, cancel)]
          : h('p', { class: 'muted' }, 'Der Termin hat begonnen; eine Abmeldung ist nicht mehr möglich.'));
    }

    async function confirmRegistration(button) {
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      let v;
      try {
        v = await linkAPI(token, '/confirm', 'POST');
      } catch (err) {
        button.disabled = false;
        button.removeAttribute('aria-busy');
        box.append(h('div', { class: 'notice notice-error', role: 'alert' }, ...invalid(err)));
        return;
      }
      show(v, true);
      box.querySelector('.notice-success')?.focus();
      ctx.announce('Ihre Anmeldung ist bestätigt.');
    }

    async function cancelRegistration(v, button) {
      if (!window.confirm(`Von „${v.event.title}“ abmelden? Das lässt sich nicht rückgängig machen.`)) return;
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      try {
        await linkAPI(token, '/cancel', 'POST');
      } catch (err) {
        button.disabled = false;
        button.removeAttribute('aria-busy');
        box.append(h('div', { class: 'notice notice-error', role: 'alert' }, ...invalid(err)));
        return;
      }
      // the link is used up; it should not stay in the address bar or history
      history.replaceState(null, '', location.pathname);
      const heading = h('h2', { tabindex: '-1' }, 'Sie sind abgemeldet');
      box.replaceChildren(h('div', { class: 'confirm-outcome', role: 'status' }, heading,
        h('p', {}, `Ihre Anmeldung zu „${v.event.title}“ ist storniert. Ihr Platz geht an die nächste Person auf der Warteliste.`),
        h('p', {}, h('a', { href: '/termine' }, 'Weitere Termine ansehen'))));
      heading.focus();
    }
  },
};
