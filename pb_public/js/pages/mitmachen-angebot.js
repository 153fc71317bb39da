// One opportunity (/mitmachen/<id>): what, when, where, who, and the form to
// answer it. Logged-in citizens find their name and address filled in and
// see when they have answered already. Changes of the opportunity arrive
// live without touching the form, so nothing typed is lost.
import { h, append, clear, richText, formatDateNumeric } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { COMMITMENTS, INTEREST_STATUS, label } from '../lib/labels.js';
import { field, requiredNote, showErrors, showRequestError, submitting } from '../lib/forms.js';
import { failure, badge } from '../lib/ui.js';
import { opportunityFacts, consentField, checkContact, confirmation, isOpen } from '../lib/opportunities.js';

export default {
  title: 'Engagement-Angebot',
  async render(ctx) {
    const details = h('div', {});
    const answerBox = h('section', { class: 'answer-box', 'aria-labelledby': 'melden-titel' });
    append(ctx.main, h('p', { class: 'breadcrumb' }, h('a', { href: '/mitmachen' }, 'Mitmachen')), details);

    let opp = null;
    let formShown = false;

    const load = async () => {
      try {
        opp = await pb.collection('opportunities').getOne(ctx.params.id, { expand: 'organisation' });
      } catch (err) {
        if (!ctx.isCurrent()) return;
        clear(details);
        if (err.status === 404) {
          ctx.setTitle('Angebot nicht gefunden');
          answerBox.remove();
          append(details, h('h1', {}, 'Dieses Angebot gibt es nicht (mehr)'),
            h('p', {}, 'Vielleicht hat der Verein schon genug Helferinnen und Helfer gefunden, oder das Angebot ist abgelaufen.'),
            h('p', { class: 'actions' }, h('a', { class: 'button', href: '/mitmachen' }, 'Zu allen Angeboten'), h('a', { href: '/kontakt' }, 'Kontakt zur Koordinierungsstelle')));
        } else {
          append(details, h('h1', {}, 'Engagement-Angebot'), failure('Das Angebot konnte nicht geladen werden.', load, err));
        }
        return;
      }
      if (!ctx.isCurrent()) return;
      ctx.setTitle(opp.title);
      const org = opp.expand?.organisation;
      const open = isOpen(opp);
      append(clear(details),
        h('h1', {}, opp.title),
        h('p', { class: 'meta' }, badge(label(COMMITMENTS, opp.commitment)),
          opp.status === 'draft' ? [' ', badge('Entwurf – nicht öffentlich', 'pending')] : null,
          opp.status === 'closed' || (opp.status === 'published' && !open && org?.status === 'published') ? [' ', badge('Beendet', 'pending')] : null,
          org ? ` ${org.name}` : ''),
        h('div', { class: 'opportunity-columns' },
          h('div', {}, opp.description ? richText(opp.description) : h('p', { class: 'muted' }, 'Der Verein hat keine weitere Beschreibung eingetragen.')),
          h('div', {}, opportunityFacts(opp))));
      if (!open) {
        // only the club's editors see an opportunity that is not public
        answerBox.remove();
        const why = opp.status === 'draft' ? 'Dieses Angebot ist ein Entwurf und nur für Ihre Redaktion sichtbar.'
          : org && org.status !== 'published' ? 'Ihre Organisation ist noch nicht freigegeben; das Angebot ist deshalb noch nicht öffentlich.'
            : 'Dieses Angebot ist beendet. Neue Meldungen sind nicht mehr möglich.';
        append(details, h('p', { class: 'notice notice-error' }, why));
        return;
      }
      if (!answerBox.isConnected) ctx.main.append(answerBox);
      if (!formShown) {
        formShown = true;
        await showAnswer(org);
      }
    };

    const showAnswer = async (org) => {
      const club = org?.name || 'dem Verein';
      if (ctx.user) {
        try {
          const mine = await pb.collection('interests').getList(1, 1, {
            filter: pb.filter('opportunity = {:opp} && user = {:me}', { opp: opp.id, me: ctx.user.id }), skipTotal: true,
          });
          if (mine.items[0]) {
            const i = mine.items[0];
            append(clear(answerBox),
              h('h2', { id: 'melden-titel' }, 'Ihre Meldung'),
              h('p', {}, `Sie haben sich am ${formatDateNumeric(i.created)} auf dieses Angebot gemeldet. Stand: `, badge(label(INTEREST_STATUS, i.status), i.status === 'engaged' ? 'ok' : '')),
              h('p', {}, 'Ihre Meldungen und alle Ihre Daten finden Sie unter ', h('a', { href: '/meine-daten' }, 'Meine Daten'), '.'));
            return;
          }
        } catch {
          // then the form shows; the API refuses a second answer in German
        }
      }

      const form = h('form', { class: 'form', novalidate: true },
        requiredNote(),
        h('div', { class: 'field-row' },
          field({ name: 'name', label: 'Ihr Name', required: true, value: ctx.user?.name || '', autocomplete: 'name', attrs: { maxlength: 120 } }),
          field({ name: 'email', label: 'Ihre E-Mail-Adresse', type: 'email', required: true, value: ctx.user?.email || '', autocomplete: 'email' })),
        field({ name: 'message', label: 'Ihre Nachricht an den Verein', type: 'textarea', rows: 5, attrs: { maxlength: 2000 },
          help: 'Zum Beispiel, wann Sie Zeit haben, was Sie mitbringen oder was Sie noch wissen möchten.' }),
        consentField(`Ich bin einverstanden, dass „${club}“ und die Koordinierungsstelle der Stadt Bitburg meine Angaben nutzen, um mit mir Kontakt aufzunehmen.`,
          'Sie können die Einwilligung jederzeit widerrufen.'),
        h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Interesse senden')));

      append(clear(answerBox),
        h('h2', { id: 'melden-titel' }, 'Interesse melden'),
        h('p', {}, `Schreiben Sie „${club}“ direkt – unverbindlich. Die Ansprechpersonen antworten an Ihre E-Mail-Adresse; eine Bestätigung erhalten Sie sofort.`),
        ctx.user ? null : h('p', { class: 'muted' }, 'Ein Konto brauchen Sie dafür nicht. Mit ',
          h('a', { href: '/anmelden?weiter=' + encodeURIComponent(location.pathname) }, 'Anmeldung'), ' sehen Sie später, was aus Ihrer Meldung geworden ist.'),
        form);

      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const data = new FormData(form);
        const missing = checkContact(data);
        if (Object.keys(missing).length) {
          showErrors(form, missing);
          return;
        }
        const body = {
          opportunity: opp.id,
          name: String(data.get('name')).trim(),
          email: String(data.get('email')).trim(),
          message: String(data.get('message') ?? '').trim(),
          consent: true,
        };
        await submitting(form, async () => {
          try {
            await pb.collection('interests').create(body);
          } catch (err) {
            showRequestError(form, err);
            return;
          }
          ctx.announce('Ihr Interesse ist gesendet.');
          confirmation(answerBox, 'Vielen Dank für Ihr Interesse!',
            h('p', {}, `Ihre Nachricht ist bei „${club}“ angekommen. Die Ansprechpersonen melden sich bei Ihnen unter ${body.email}.`),
            h('p', {}, 'Eine Bestätigung ist per E-Mail an Sie unterwegs.'),
            h('p', { class: 'actions' },
              h('a', { href: '/mitmachen' }, 'Weitere Angebote ansehen'),
              ctx.user ? h('a', { href: '/meine-daten' }, 'Ihre Meldungen unter „Meine Daten“') : null));
        });
      });
    };

    await load();
    ctx.live(['opportunities', 'organisations'], load);
  },
};
