// Discount partners of the volunteer card: active partners with their
// benefit and address, filtered by category (/partner?kategorie=Kultur).
// No map tiles from the internet: a list with addresses.
import { h, append, clear, safeURL, formatDateNumeric } from '../lib/dom.js';
import { pb, fileURL } from '../lib/api.js';
import { field } from '../lib/forms.js';
import { loading, failure, empty, pageHead } from '../lib/ui.js';
import { partnerSection } from '../lib/partner-form.js';

export default {
  title: 'Partner & Vergünstigungen',
  async render(ctx) {
    const results = h('div', { class: 'results' }, loading('Partner werden geladen …'));
    const count = h('p', { class: 'result-count', role: 'status' });
    const filterBox = h('div', {});
    const applyBox = h('div', {});
    append(ctx.main, 
      pageHead('Partner & Vergünstigungen', 'Mit der Ehrenamtskarte Rheinland-Pfalz erhalten Sie bei diesen Partnern in Bitburg eine Vergünstigung. Zeigen Sie einfach Ihre Karte vor.'),
      h('p', {}, 'Noch keine Karte? ', h('a', { href: '/ehrenamtskarte' }, 'So erhalten Sie die Ehrenamtskarte'),
        ' · Ihr Betrieb möchte mitmachen? ', h('a', { href: '#partner-werden' }, 'Partner werden')),
      h('p', { class: 'partner-check' }, 'Für Partner: Ob eine Karte echt und gültig ist, prüfen Sie auf der Seite ',
        h('a', { href: '/karte-pruefen' }, 'Karte prüfen'),
        ' – mit der Kamera Ihres Telefons, auch ohne Internetverbindung. Den QR-Code der Karte können Sie auch mit der gewöhnlichen Kamera-App scannen.'),
      filterBox, count, results, applyBox);

    let all = [];
    const show = () => {
      const category = new URLSearchParams(location.search).get('kategorie') || '';
      const list = category ? all.filter((p) => p.category === category) : all;
      count.textContent = list.length === 1 ? '1 Partner' : `${list.length} Partner`;
      clear(results);
      if (!list.length) {
        append(results, empty(category ? 'In dieser Kategorie gibt es zurzeit keine Partner.' : 'Zurzeit sind keine Partner eingetragen.'));
        return;
      }
      append(results, h('ul', { class: 'card-grid partner-grid' }, list.map(partnerCard)));
    };

    const load = async () => {
      try {
        all = await pb.collection('partners').getFullList({ sort: 'category,name' });
      } catch (err) {
        append(clear(results), failure('Die Partner konnten nicht geladen werden.', load, err));
        return;
      }
      if (!ctx.isCurrent()) return;
      const categories = [...new Set(all.map((p) => p.category).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'de'));
      const current = new URLSearchParams(location.search).get('kategorie') || '';
      const form = h('form', { class: 'filters', 'aria-label': 'Partner filtern' },
        field({ name: 'kategorie', label: 'Kategorie', type: 'select', value: current,
          options: [['', 'Alle Kategorien'], ...categories.map((c) => [c, c])] }),
        h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Anzeigen')));
      const apply = (ev) => {
        ev?.preventDefault();
        const value = new FormData(form).get('kategorie');
        history.replaceState(null, '', '/partner' + (value ? '?kategorie=' + encodeURIComponent(value) : ''));
        show();
      };
      form.addEventListener('submit', apply);
      form.addEventListener('change', apply);
      append(clear(filterBox), form);
      // the form is built once: a live update of the list keeps what was typed
      if (!applyBox.firstChild) applyBox.append(partnerSection(ctx, categories));
      show();
    };
    await load();
    ctx.live(['partners'], load);
  },
};

function partnerCard(p) {
  const website = safeURL(p.website);
  return h('li', { class: 'card partner-card' },
    p.logo ? h('img', { class: 'logo logo-small', alt: '', src: fileURL(p, p.logo, '160x160f'), width: 64, height: 64, loading: 'lazy' }) : null,
    h('div', { class: 'card-body' },
      h('h3', {}, p.name),
      h('p', { class: 'meta' }, p.category),
      h('p', { class: 'benefit' }, p.benefit),
      p.address ? h('p', {}, h('span', { class: 'visually-hidden' }, 'Anschrift: '), p.address) : null,
      p.valid_until ? h('p', { class: 'meta' }, `Gültig bis ${formatDateNumeric(p.valid_until)}`) : null,
      website && /^https?:/.test(website) ? h('p', {}, h('a', { href: website, rel: 'noopener noreferrer', 'aria-label': `Internetseite von ${p.name}` }, 'Internetseite')) : null));
}
