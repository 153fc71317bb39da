// One article: a news item (/neuigkeiten/<slug>) or an information page
// (/informationen/<slug>).
import { h, append, clear, richText, formatDate } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { failure } from '../lib/ui.js';

export default {
  title: 'Beitrag',
  async render(ctx) {
    const isNews = location.pathname.startsWith('/neuigkeiten/');
    const back = isNews ? ['/neuigkeiten', 'Neuigkeiten'] : ['/informationen', 'Informationen'];
    const box = h('div', {});
    append(ctx.main, h('p', { class: 'breadcrumb' }, h('a', { href: back[0] }, back[1])), box);
    const load = async () => {
      try {
        const a = await pb.collection('articles').getFirstListItem(pb.filter('slug = {:slug} && kind = {:kind}', { slug: ctx.params.slug, kind: isNews ? 'news' : 'page' }));
        if (!ctx.isCurrent()) return;
        ctx.setTitle(a.title);
        append(clear(box), 
          h('article', {},
            h('h1', {}, a.title),
            isNews ? h('p', { class: 'meta' }, formatDate(a.published_at)) : null,
            a.summary ? h('p', { class: 'lead' }, a.summary) : null,
            a.body ? richText(a.body) : null));
      } catch (err) {
        clear(box);
        if (err.status === 404) {
          ctx.setTitle('Nicht gefunden');
          append(box, h('h1', {}, 'Diesen Beitrag gibt es nicht'),
            h('p', {}, 'Vielleicht wurde er verschoben oder ist nicht mehr veröffentlicht.'),
            h('p', {}, h('a', { href: back[0] }, `Zu den ${back[1]}`)));
        } else {
          append(box, h('h1', {}, back[1]), failure('Der Beitrag konnte nicht geladen werden.', load, err));
        }
      }
    };
    await load();
    ctx.live(['articles'], load);
  },
};
