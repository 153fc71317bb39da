// The contact person's confirmation of an engagement, opened from the link
// in the e-mail (/ehrenamtskarte/bestaetigen#<token>). The token sits in the
// address's fragment; the page shows what is to be confirmed and offers one
// button. A link works once and for 14 days.
import { h, append, formatDateNumeric } from '../lib/dom.js';
import { errorText } from '../lib/api.js';
import { loading } from '../lib/ui.js';
import { engagementFacts, cardAPI } from '../lib/card.js';

export default {
  title: 'Engagement bestätigen',
  async render(ctx) {
    const token = decodeURIComponent(location.hash.replace(/^#/, '')).trim();
    const box = h('div', {}, loading('Die Angaben werden geladen …'));
    append(ctx.main, h('h1', {}, 'Engagement bestätigen'), box);

    // outcome replaces the page's content below the heading and takes the focus
    const outcome = (title, ...content) => {
      const heading = h('h2', { tabindex: '-1' }, title);
      box.replaceChildren(h('div', { class: 'confirm-outcome', role: 'status' }, heading, ...content));
      heading.focus();
    };
    const invalid = (err) => [
      h('p', {}, err?.status === 404 && err.response?.message ? err.response.message : errorText(err)),
      h('p', {}, 'Stimmen die Angaben nicht oder haben Sie Fragen? Wenden Sie sich bitte an die Koordinierungsstelle Ehrenamt der Stadt Bitburg.'),
    ];

    if (!/^[A-Za-z0-9_-]{20,}$/.test(token)) {
      box.replaceChildren(h('p', {}, 'Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus der E-Mail vollständig – er endet mit einer langen Zeichenfolge nach dem Zeichen „#“.'));
      return;
    }
    const path = `/confirmations/${encodeURIComponent(token)}`;
    let engagement;
    try {
      engagement = await cardAPI(path, 'GET');
    } catch (err) {
      if (!ctx.isCurrent()) return;
      box.replaceChildren(h('div', { class: 'state state-error' }, h('h2', {}, 'Dieser Link funktioniert nicht mehr'), ...invalid(err)));
      return;
    }
    if (!ctx.isCurrent()) return;

    const button = h('button', { type: 'button', class: 'button' }, 'Angaben bestätigen');
    const facts = engagementFacts(engagement);
    facts.prepend(h('dt', {}, 'Name'), h('dd', {}, engagement.applicant_name),
      h('dt', {}, 'Organisation'), h('dd', {}, engagement.organisation));
    box.replaceChildren(
      h('p', { class: 'lead' }, `${engagement.applicant_name} beantragt die Ehrenamtskarte Rheinland-Pfalz und gibt an, sich bei ${engagement.organisation} zu engagieren. Sie sind als Ansprechperson genannt.`),
      h('section', { class: 'card confirm-facts', 'aria-labelledby': 'angaben' },
        h('h2', { id: 'angaben' }, 'Die Angaben'),
        facts),
      h('p', {}, 'Stimmen die Angaben, bestätigen Sie sie bitte. Stimmen sie nicht, bestätigen Sie nicht und geben Sie der Koordinierungsstelle Ehrenamt der Stadt Bitburg Bescheid.'),
      h('p', {}, button));

    button.addEventListener('click', async () => {
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      button.textContent = 'Bitte warten …';
      try {
        await cardAPI(path, 'POST');
      } catch (err) {
        outcome('Die Bestätigung hat nicht geklappt', ...invalid(err));
        return;
      }
      // the link is used up; it should not stay in the address bar or history
      history.replaceState(null, '', location.pathname);
      outcome('Vielen Dank!',
        h('p', {}, `Sie haben das Engagement von ${engagement.applicant_name} bei ${engagement.organisation} bestätigt (${formatDateNumeric(new Date())}).`),
        h('p', {}, 'Sobald alle Angaben des Antrags bestätigt sind, entscheidet die Koordinierungsstelle. Sie müssen nichts weiter tun.'));
    });
  },
};
