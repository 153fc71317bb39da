// "Ideen für Bitburg": citizens' ideas and feedback. Published ideas are
// listed with their status and the answer of the office or the working
// group, never with the name of whoever sent them; anyone may send an idea
// (with an account or as a guest). The list updates itself; the form is
// never rebuilt, so nothing typed is lost.
import { h, append, clear, formatDateNumeric, urlWith } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { TOPICS, label } from '../lib/labels.js';
import { field, requiredNote, showErrors, showRequestError, submitting } from '../lib/forms.js';
import { pageHead, loading, failure, empty, badge, liveNote } from '../lib/ui.js';
import { consentField, checkContact, confirmation } from '../lib/opportunities.js';

const IDEA_STATUS = {
  submitted: 'Eingegangen',
  published: 'Veröffentlicht',
  in_progress: 'In Arbeit',
  done: 'Umgesetzt',
  declined: 'Abgelehnt',
};
const STATUS_KIND = { submitted: 'pending', published: '', in_progress: 'pending', done: 'ok', declined: 'rejected' };
const IDEA_TOPICS = { ...TOPICS, sonstiges: 'Anderes Thema' };

export default {
  title: 'Ideen für Bitburg',
  async render(ctx) {
    const user = ctx.user;
    const count = h('p', { class: 'result-count', role: 'status' });
    const list = h('div', {}, loading('Die Ideen werden geladen …'));
    const own = h('div', {});
    const filter = h('form', { class: 'filters', 'aria-label': 'Ideen filtern' },
      field({ name: 'stand', label: 'Stand', type: 'select', value: ctx.query.get('stand') || '',
        options: [['', 'Alle'], ...Object.entries(IDEA_STATUS).filter(([k]) => k !== 'submitted')] }),
      field({ name: 'thema', label: 'Thema', type: 'select', value: ctx.query.get('thema') || '',
        options: [['', 'Alle Themen'], ...Object.entries(IDEA_TOPICS)] }),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Anzeigen')));
    const formBox = h('section', { class: 'answer-box', 'aria-labelledby': 'idee-titel' },
      h('h2', { id: 'idee-titel' }, 'Ihre Idee für Bitburg'),
      h('p', {}, 'Was fehlt, was könnte besser werden, wo möchten Sie mitanpacken? Die Koordinierungsstelle liest jede Idee, veröffentlicht sie hier (ohne Ihren Namen) und antwortet – allein oder mit dem Arbeitskreis „Engagierte Stadt Bitburg“.'),
      ideaForm(user));

    append(ctx.main,
      pageHead('Ideen für Bitburg', 'Bürgerinnen und Bürger gestalten mit: Ideen und Rückmeldungen zum Engagement in unserer Stadt, und was daraus geworden ist.'),
      h('p', {}, h('a', { href: '#idee-titel' }, 'Eigene Idee einreichen')),
      own,
      h('section', { 'aria-labelledby': 'ideen-liste' }, h('h2', { id: 'ideen-liste' }, 'Veröffentlichte Ideen'), filter, liveNote(), count, list),
      formBox);

    const load = async () => {
      const q = new URLSearchParams(location.search);
      const parts = ['published_at != ""'];
      const params = {};
      if (IDEA_STATUS[q.get('stand')]) { parts.push('status = {:status}'); params.status = q.get('stand'); }
      if (IDEA_TOPICS[q.get('thema')]) { parts.push('topic = {:topic}'); params.topic = q.get('thema'); }
      try {
        const [items, mine] = await Promise.all([
          pb.collection('ideas').getFullList({ filter: pb.filter(parts.join(' && '), params), sort: '-published_at' }),
          user ? pb.collection('ideas').getFullList({ filter: pb.filter('user = {:me}', { me: user.id }), sort: '-created' }) : [],
        ]);
        if (!ctx.isCurrent()) return;
        count.textContent = items.length === 1 ? '1 Idee' : `${items.length} Ideen`;
        clear(list).append(items.length
          ? h('ul', { class: 'idea-list' }, items.map((i) => ideaItem(i)))
          : empty(parts.length > 1 ? 'Keine Ideen für diese Auswahl.' : 'Noch sind keine Ideen veröffentlicht. Machen Sie den Anfang!'));
        clear(own);
        if (mine.length) {
          own.append(h('section', { 'aria-labelledby': 'meine-ideen' }, h('h2', { id: 'meine-ideen' }, 'Ihre Ideen'),
            h('ul', { class: 'idea-list' }, mine.map((i) => ideaItem(i, true)))));
        }
      } catch (err) {
        if (ctx.isCurrent()) append(clear(list), failure('Die Ideen konnten nicht geladen werden.', load, err));
      }
    };

    const apply = (ev) => {
      ev?.preventDefault();
      const data = new FormData(filter);
      history.replaceState(null, '', urlWith('/ideen', { stand: data.get('stand'), thema: data.get('thema') }));
      load();
    };
    filter.addEventListener('submit', apply);
    filter.addEventListener('change', apply);

    const send = async (ev, form) => {
      ev.preventDefault();
      const data = new FormData(form);
      const errors = user ? {} : checkContact(data);
      if (errors.consent) errors.consent = 'Bitte willigen Sie ein, dass die Koordinierungsstelle Ihren Namen und Ihre E-Mail-Adresse nutzt, um Ihnen zu antworten.';
      if (!String(data.get('title') ?? '').trim()) errors.title = 'Bitte fassen Sie Ihre Idee in einem Satz zusammen.';
      if (!String(data.get('text') ?? '').trim()) errors.text = 'Bitte beschreiben Sie Ihre Idee.';
      if (Object.keys(errors).length) {
        showErrors(form, errors);
        return;
      }
      const body = { title: String(data.get('title')).trim(), text: String(data.get('text')).trim(), topic: String(data.get('topic') ?? '') };
      if (!user) Object.assign(body, { name: String(data.get('name')).trim(), email: String(data.get('email')).trim(), consent: true });
      await submitting(form, async () => {
        try {
          await pb.collection('ideas').create(body);
        } catch (err) {
          showRequestError(form, err);
          return;
        }
        ctx.announce('Ihre Idee ist eingegangen.');
        const again = h('button', { type: 'button', class: 'button secondary' }, 'Noch eine Idee einreichen');
        confirmation(formBox, 'Vielen Dank für Ihre Idee!',
          h('p', {}, `Ihre Idee „${body.title}“ ist bei der Koordinierungsstelle eingegangen. Eine Bestätigung ist per E-Mail an ${user ? user.email : body.email} unterwegs.`),
          h('p', {}, 'Sobald die Koordinierungsstelle sie veröffentlicht oder beantwortet, schreiben wir Ihnen.'),
          h('p', { class: 'actions' }, again));
        again.addEventListener('click', () => {
          const fresh = ideaForm(user);
          const heading = h('h2', { id: 'idee-titel', tabindex: '-1' }, 'Ihre Idee für Bitburg');
          formBox.replaceChildren(heading, fresh);
          fresh.addEventListener('submit', (e) => send(e, fresh));
          heading.focus();
        });
        if (user) load();
      });
    };
    formBox.querySelector('form').addEventListener('submit', (ev) => send(ev, ev.currentTarget));

    await load();
    await ctx.live(['ideas'], load);
  },
};

/** ideaItem is an idea with its status and answer; mine shows one's own, also unpublished. */
function ideaItem(i, mine = false) {
  return h('li', { class: 'card idea-item' },
    h('h3', {}, i.title),
    h('p', { class: 'meta' },
      badge(IDEA_STATUS[i.status] || i.status, STATUS_KIND[i.status] || ''),
      i.topic ? ` ${label(IDEA_TOPICS, i.topic)}` : '',
      i.published_at ? ` · veröffentlicht am ${formatDateNumeric(i.published_at)}` : mine ? ` · eingereicht am ${formatDateNumeric(i.created)}, noch nicht veröffentlicht` : ''),
    h('p', { class: 'idea-text' }, i.text),
    i.response
      ? h('div', { class: 'idea-response' },
        h('p', { class: 'label' }, 'Antwort', i.responded_at ? ` vom ${formatDateNumeric(i.responded_at)}` : '', ':'),
        h('p', {}, i.response))
      : null);
}

/** ideaForm is the empty form; an account's name and address are taken from the account. */
function ideaForm(user) {
  return h('form', { class: 'form idea-form', novalidate: true },
    requiredNote(),
    field({ name: 'title', label: 'Ihre Idee in einem Satz', required: true, attrs: { maxlength: 200 } }),
    field({ name: 'text', label: 'Beschreibung', type: 'textarea', required: true, rows: 6, attrs: { maxlength: 5000 },
      help: 'Was genau schlagen Sie vor, und warum? Sie können auch eine Rückmeldung zu einem Angebot der Stadt geben.' }),
    field({ name: 'topic', label: 'Thema', type: 'select', options: [['', 'Bitte wählen (freiwillig)'], ...Object.entries(IDEA_TOPICS)] }),
    user
      ? h('p', { class: 'muted' }, `Sie senden die Idee mit Ihrem Konto (${user.name || user.email}). Ihr Name wird nicht veröffentlicht.`)
      : [h('fieldset', {},
        h('legend', {}, 'Damit wir Ihnen antworten können'),
        h('div', { class: 'field-row' },
          field({ name: 'name', label: 'Ihr Name', required: true, autocomplete: 'name', attrs: { maxlength: 120 } }),
          field({ name: 'email', label: 'Ihre E-Mail-Adresse', type: 'email', required: true, autocomplete: 'email',
            help: 'Hierhin schicken wir die Bestätigung und unsere Antwort. Name und Adresse werden nie veröffentlicht.' }))),
      consentField('Ich bin einverstanden, dass die Koordinierungsstelle meinen Namen und meine E-Mail-Adresse nutzt, um mir zu antworten.',
        'Ihre Idee selbst kann ohne Ihren Namen veröffentlicht werden.')],
    h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Idee senden')));
}
