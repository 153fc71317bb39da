// The legal pages: Impressum, Datenschutzerklärung and Erklärung zur
// Barrierefreiheit. BEN writes them on the server from the office's facts
// and the privacy registry (GET /api/ben/legal/<name>); the text is
// already in the page when it is first loaded, so that it reads without
// JavaScript too. Facts the office has not filled in yet are marked.
import { h, append, clear } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { loading, failure } from '../lib/ui.js';

/** legalHTML turns the server's HTML (BEN's own templates, every value escaped) into nodes. */
export function legalHTML(html) {
  return document.createRange().createContextualFragment(html);
}

export default {
  title: () => ({ impressum: 'Impressum', datenschutz: 'Datenschutzerklärung', barrierefreiheit: 'Erklärung zur Barrierefreiheit' }[location.pathname.replace(/^\/|\/$/g, '')] || ''),
  async render(ctx) {
    const name = location.pathname.replace(/^\/|\/$/g, '');
    const box = h('div', { class: 'legal-page' }, loading());
    append(ctx.main, box);
    const load = async () => {
      try {
        const page = await pb.send(`/api/ben/legal/${encodeURIComponent(name)}`, { method: 'GET' });
        if (!ctx.isCurrent()) return;
        ctx.setTitle(page.title);
        clear(box).append(legalHTML(page.html));
      } catch (err) {
        append(clear(box), h('h1', {}, 'Rechtliche Hinweise'), failure('Diese Seite konnte nicht geladen werden.', load, err));
      }
    };
    await load();
    ctx.live(['office'], load);
  },
};
