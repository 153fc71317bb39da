// News of the coordination office, newest first; follows changes live.
import { h, append, clear, formatDate } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { loading, failure, empty, pageHead } from '../lib/ui.js';

const PER_PAGE = 20;

export default {
  title: 'Neuigkeiten',
  async render(ctx) {
    const results = h('div', {}, loading('Neuigkeiten werden geladen …'));
    append(ctx.main, pageHead('Neuigkeiten', 'Aktuelles rund um Ehrenamt und Engagement in Bitburg.'), results);
    let page = 1;
    let items = [];
    const load = async ({ more = false } = {}) => {
      page = more ? page + 1 : 1;
      try {
        const list = await pb.collection('articles').getList(page, PER_PAGE, { filter: 'kind = "news"', sort: '-published_at' });
        if (!ctx.isCurrent()) return;
        items = more ? items.concat(list.items) : list.items;
        clear(results);
        if (!items.length) {
          append(results, empty('Noch keine Neuigkeiten.'));
          return;
        }
        append(results, h('ul', { class: 'news-list' }, items.map((a) => h('li', { class: 'card' },
          h('h2', {}, h('a', { href: `/neuigkeiten/${encodeURIComponent(a.slug)}` }, a.title)),
          h('p', { class: 'meta' }, formatDate(a.published_at)),
          a.summary ? h('p', {}, a.summary) : null))));
        if (list.page < list.totalPages) {
          append(results, h('p', { class: 'more' }, h('button', { type: 'button', class: 'button secondary', on: { click: () => load({ more: true }) } }, 'Ältere Neuigkeiten laden')));
        }
      } catch (err) {
        append(clear(results), failure('Die Neuigkeiten konnten nicht geladen werden.', () => load(), err));
      }
    };
    await load();
    ctx.live(['articles'], () => load());
  },
};
