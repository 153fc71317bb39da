// Registering a new organisation: it is stored as pending with the user as
// its editor (the server makes sure of that) until the office publishes it.
import { h, append } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { showRequestError, submitting } from '../lib/forms.js';
import { orgForm, orgBody } from '../lib/org-form.js';
import { pageHead, setFlash } from '../lib/ui.js';

export default {
  title: 'Organisation anmelden',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const form = orgForm(null, { submitLabel: 'Anmeldung absenden' });
    append(ctx.main, 
      h('p', { class: 'breadcrumb' }, h('a', { href: '/mein-verein' }, 'Mein Verein')),
      pageHead('Organisation anmelden', 'Nach dem Absenden prüft die Koordinierungsstelle Ihre Angaben. Sobald sie die Organisation freischaltet, erscheint sie im Verzeichnis. Bis dahin können Sie das Profil weiter bearbeiten und Termine vorbereiten.'),
      form);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      await submitting(form, async () => {
        try {
          const org = await pb.collection('organisations').create(orgBody(form, null));
          setFlash(`Danke! „${org.name}“ ist angemeldet und wartet auf die Freigabe durch die Koordinierungsstelle.`);
          ctx.navigate('/mein-verein', { replace: true });
        } catch (err) {
          showRequestError(form, err);
        }
      });
    });
  },
};
