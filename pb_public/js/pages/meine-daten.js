// "Meine Daten": the data-protection self-service of a logged-in citizen or
// editor. See everything BEN stores about the account as a readable German
// overview (GET /api/ben/me/export.html: to read here, save or print as
// PDF) and download it as a JSON file (GET /api/ben/me/export, machine-
// readable, Art. 20 DSGVO); see and withdraw one's answers to
// opportunities; delete the account after typing its e-mail address.
import { h, append, clear, formatDateNumeric } from '../lib/dom.js';
import { pb, errorText } from '../lib/api.js';
import { INTEREST_STATUS, label } from '../lib/labels.js';
import { field, showErrors, showRequestError, submitting, notice } from '../lib/forms.js';
import { loading, failure, empty, badge, pageHead } from '../lib/ui.js';
import { DATA_PROTECTION } from '../lib/opportunities.js';

const EXPORT_URL = '/api/ben/me/export';
const EXPORT_FILE = 'ben-meine-daten.json';
const READABLE_URL = '/api/ben/me/export.html';
const READABLE_FILE = 'ben-meine-daten.html';

export default {
  title: 'Meine Daten',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const user = ctx.user;

    // ---- download ----------------------------------------------------------
    const downloadStatus = h('div', { class: 'download-status', 'aria-live': 'polite' });
    let fileURL = null;
    ctx.onLeave(() => { if (fileURL) URL.revokeObjectURL(fileURL); });
    const downloadButton = h('button', { type: 'button', class: 'button' }, 'Meine Daten herunterladen (JSON)');
    downloadButton.addEventListener('click', async () => {
      downloadButton.disabled = true;
      downloadButton.setAttribute('aria-busy', 'true');
      clear(downloadStatus).append(loading('Ihre Daten werden zusammengestellt …'));
      try {
        const data = await pb.send(EXPORT_URL, { method: 'GET' });
        const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
        if (fileURL) URL.revokeObjectURL(fileURL);
        fileURL = URL.createObjectURL(blob);
        const link = h('a', { href: fileURL, download: EXPORT_FILE }, `${EXPORT_FILE} speichern`);
        append(clear(downloadStatus), h('p', { class: 'notice notice-success' },
          'Ihre Daten sind zusammengestellt und werden heruntergeladen. Falls der Download nicht startet: ', link,
          ` (${Math.max(1, Math.round(blob.size / 1024))} KB).`));
        link.click();
      } catch (err) {
        append(clear(downloadStatus), failure('Ihre Daten konnten nicht zusammengestellt werden.', null, err));
      } finally {
        downloadButton.disabled = false;
        downloadButton.removeAttribute('aria-busy');
      }
    });

    // ---- readable overview -------------------------------------------------
    const readableBox = h('div', { class: 'export-box', 'aria-live': 'polite' });
    let readableURL = null;
    ctx.onLeave(() => {
      if (readableURL) URL.revokeObjectURL(readableURL);
      document.body.classList.remove('print-export');
    });
    const showButton = h('button', { type: 'button', class: 'button' }, 'Meine Daten als Übersicht anzeigen');
    showButton.addEventListener('click', async () => {
      showButton.disabled = true;
      showButton.setAttribute('aria-busy', 'true');
      clear(readableBox).append(loading('Ihre Daten werden zusammengestellt …'));
      try {
        const res = await fetch(READABLE_URL, { headers: { Authorization: pb.authStore.token } });
        if (!res.ok) throw Object.assign(new Error('export'), { status: res.status });
        const html = await res.text();
        // the file's own style sheet is for reading it offline; here the portal's applies
        const doc = new DOMParser().parseFromString(html.replace(/<style[\s\S]*?<\/style>/, ''), 'text/html');
        const content = doc.querySelector('main');
        if (readableURL) URL.revokeObjectURL(readableURL);
        readableURL = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
        const overview = h('div', { class: 'export-readable' });
        // BEN's own template with every value escaped; headings one level down, under this page's h2
        for (const heading of content.querySelectorAll('h1')) heading.remove();
        overview.append(...[...content.childNodes].map((n) => document.importNode(n, true)));
        for (const heading of [...overview.querySelectorAll('h2, h3, h4, h5')].reverse()) {
          const lower = document.createElement('h' + Math.min(6, Number(heading.tagName[1]) + 1));
          lower.append(...heading.childNodes);
          for (const a of heading.attributes) lower.setAttribute(a.name, a.value);
          heading.replaceWith(lower);
        }
        append(clear(readableBox),
          h('p', { class: 'actions' },
            h('a', { class: 'button secondary', href: readableURL, download: READABLE_FILE }, 'Übersicht speichern (HTML)'),
            h('button', { type: 'button', class: 'button secondary', on: { click: () => { document.body.classList.add('print-export'); window.print(); document.body.classList.remove('print-export'); } } },
              'Drucken oder als PDF speichern')),
          overview);
        ctx.announce('Ihre Daten werden angezeigt.');
      } catch (err) {
        append(clear(readableBox), failure('Ihre Daten konnten nicht zusammengestellt werden.', null, err));
      } finally {
        showButton.disabled = false;
        showButton.removeAttribute('aria-busy');
      }
    });

    // ---- own interests -----------------------------------------------------
    const interestsBox = h('div', {}, loading('Ihre Meldungen werden geladen …'));
    const loadInterests = async () => {
      try {
        const list = await pb.collection('interests').getFullList({
          filter: pb.filter('user = {:me}', { me: user.id }), sort: '-created', expand: 'opportunity',
        });
        if (!ctx.isCurrent()) return;
        clear(interestsBox);
        if (!list.length) {
          append(interestsBox, empty('Sie haben sich mit diesem Konto noch auf kein Angebot gemeldet.',
            h('p', {}, h('a', { href: '/mitmachen' }, 'Angebote zum Mitmachen ansehen'))));
          return;
        }
        append(interestsBox, h('ul', { class: 'manage-list' }, list.map((i) => {
          const opp = i.expand?.opportunity;
          const title = opp?.title || 'Angebot (nicht mehr öffentlich)';
          return h('li', { class: 'card manage-item' },
            h('div', {},
              h('h3', {}, opp ? h('a', { href: `/mitmachen/${encodeURIComponent(opp.id)}` }, title) : title),
              h('p', { class: 'meta' }, `Gemeldet am ${formatDateNumeric(i.created)} · Stand: `, badge(label(INTEREST_STATUS, i.status), i.status === 'engaged' ? 'ok' : '')),
              i.message ? h('p', { class: 'interest-message' }, i.message) : null),
            h('div', { class: 'item-actions' },
              h('button', { type: 'button', class: 'button danger', 'aria-label': `Meldung zurückziehen: ${title}`, on: { click: () => withdraw(i, title) } }, 'Zurückziehen')));
        })));
      } catch (err) {
        append(clear(interestsBox), failure('Ihre Meldungen konnten nicht geladen werden.', loadInterests, err));
      }
    };
    const withdraw = async (interest, title) => {
      if (!window.confirm(`Ihre Meldung auf „${title}“ zurückziehen? Der Verein sieht sie dann nicht mehr.`)) return;
      try {
        await pb.collection('interests').delete(interest.id);
        await loadInterests();
        notice(interestsBox, `Ihre Meldung auf „${title}“ ist zurückgezogen und gelöscht.`);
      } catch (err) {
        notice(interestsBox, errorText(err), 'error');
      }
    };

    // ---- deleting the account ----------------------------------------------
    const deleteForm = h('form', { class: 'form narrow', novalidate: true },
      field({ name: 'confirm_email', label: 'Zur Bestätigung: Ihre E-Mail-Adresse', type: 'email', autocomplete: 'off', required: true,
        help: `Geben Sie „${user.email}“ ein.` }),
      h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button danger' }, 'Konto endgültig löschen')));
    deleteForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const typed = String(new FormData(deleteForm).get('confirm_email') ?? '').trim();
      if (!typed) {
        showErrors(deleteForm, { confirm_email: 'Bitte geben Sie zur Bestätigung die E-Mail-Adresse Ihres Kontos ein.' });
        return;
      }
      if (typed.toLowerCase() !== String(user.email).toLowerCase()) {
        showErrors(deleteForm, { confirm_email: 'Die E-Mail-Adresse stimmt nicht mit Ihrem Konto überein. Das Konto wurde nicht gelöscht.' });
        return;
      }
      await submitting(deleteForm, async () => {
        try {
          await pb.collection('users').delete(user.id);
        } catch (err) {
          showRequestError(deleteForm, err);
          return;
        }
        pb.authStore.clear(); // logged out (the SDK does so too when the own account goes)
        ctx.setTitle('Konto gelöscht');
        ctx.announce('Ihr Konto ist gelöscht. Sie sind abgemeldet.');
        const heading = h('h1', { tabindex: '-1' }, 'Ihr Konto ist gelöscht');
        ctx.main.replaceChildren(heading,
          h('div', { class: 'notice notice-success', role: 'status' },
            h('p', {}, 'Ihr Benutzerkonto und Ihre Meldungen und Anfragen sind gelöscht. Sie sind abgemeldet.'),
            h('p', {}, 'Organisationen, für die Sie eingetragen waren, bleiben bestehen – ohne Sie in der Redaktion.')),
          h('p', {}, h('a', { class: 'button', href: '/' }, 'Zur Startseite')));
        heading.focus();
      });
    });

    append(ctx.main,
      h('p', { class: 'breadcrumb' }, h('a', { href: '/konto' }, 'Mein Konto')),
      pageHead('Meine Daten', `Angemeldet als ${user.name ? `${user.name} (${user.email})` : user.email}. Hier sehen Sie, was BEN über Sie speichert, und können Ihr Konto löschen.`),
      h('section', { class: 'export-section', 'aria-labelledby': 'daten-export' },
        h('h2', { id: 'daten-export' }, 'Alle Daten ansehen und herunterladen'),
        h('p', {}, 'Hier sehen Sie alles, was BEN zu Ihrem Konto speichert: Ihr Konto, Ihre Meldungen auf Angebote, Ihre Anfragen an die Koordinierungsstelle, Ihre Ehrenamtskarte, Ihre Vorschläge und Bewertungen und die Organisationen, für die Sie eingetragen sind. Auch was Sie vorher als Gast mit Ihrer E-Mail-Adresse geschickt haben, ist dabei.'),
        h('p', {}, showButton),
        readableBox,
        h('p', {}, 'Dieselben Daten gibt es als maschinenlesbare Datei (JSON), um sie zu einem anderen Anbieter mitzunehmen.'),
        h('p', {}, downloadButton),
        downloadStatus),
      h('section', { 'aria-labelledby': 'daten-meldungen' },
        h('h2', { id: 'daten-meldungen' }, 'Ihre Meldungen auf Angebote'),
        h('p', {}, 'So weit ist der Verein mit Ihrer Meldung. Ziehen Sie eine Meldung zurück, wird sie gelöscht.'),
        interestsBox),
      h('section', { class: 'danger-zone', 'aria-labelledby': 'daten-loeschen' },
        h('h2', { id: 'daten-loeschen' }, 'Konto löschen'),
        h('p', {}, 'Wenn Sie Ihr Konto löschen, löscht BEN sofort und endgültig:'),
        h('ul', {},
          h('li', {}, 'Ihr Benutzerkonto mit Name, E-Mail-Adresse und Telefonnummer,'),
          h('li', {}, 'Ihre Meldungen auf Angebote und Ihre Anfragen an die Koordinierungsstelle,'),
          h('li', {}, 'Ihre Anträge auf die Ehrenamtskarte; eine ausgestellte Karte wird gesperrt,'),
          h('li', {}, 'Ihren Eintrag in der Redaktion von Organisationen. Die Organisationen selbst und ihre Termine und Angebote bleiben.')),
        h('p', {}, 'Das lässt sich nicht rückgängig machen. Laden Sie vorher Ihre Daten herunter, wenn Sie sie behalten möchten. Mehr in den ',
          h('a', { href: DATA_PROTECTION }, 'Hinweisen zum Datenschutz'), '.'),
        deleteForm));

    await loadInterests();
    ctx.live(['interests'], loadInterests);
  },
};
