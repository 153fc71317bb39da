// Editing the profile of one's own organisation (logo included). Only its
// editors get the form; the API refuses everybody else anyway.
import { h, append } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { showRequestError, submitting, clearErrors, notice } from '../lib/forms.js';
import { orgForm, orgBody } from '../lib/org-form.js';
import { pageHead } from '../lib/ui.js';
import { editedOrganisation } from '../lib/own.js';

export default {
  title: 'Profil bearbeiten',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    let org = await editedOrganisation(ctx, 'Profil bearbeiten');
    if (!org) return;
    ctx.setTitle(`${org.name} bearbeiten`);
    const slug = encodeURIComponent(org.slug);
    const formBox = h('div', {});
    const showForm = () => {
      const form = orgForm(org, { submitLabel: 'Änderungen speichern' });
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        await submitting(form, async () => {
          try {
            org = await pb.collection('organisations').update(org.id, orgBody(form, org));
          } catch (err) {
            showRequestError(form, err);
            return;
          }
          clearErrors(form);
          showForm();
          notice(formBox, 'Die Änderungen sind gespeichert.');
        });
      });
      formBox.replaceChildren(form);
    };
    showForm();
    append(ctx.main, 
      h('p', { class: 'breadcrumb' }, h('a', { href: '/mein-verein' }, 'Mein Verein')),
      pageHead(`${org.name}: Profil bearbeiten`),
      h('p', { class: 'actions' },
        h('a', { href: `/mein-verein/${slug}/termine` }, 'Termine verwalten'),
        org.status === 'published' ? h('a', { href: `/vereine/${slug}` }, 'Öffentliche Seite ansehen') : null),
      formBox);
  },
};
