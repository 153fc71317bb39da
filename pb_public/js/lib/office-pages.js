// The frames of the office's pages (/buero), so that each page in
// js/pages/buero-*.js states only what is its own:
//   officePage   a heading and what one request brings, kept current
//   officeList   filters from the address, the count, a table, the pages
//   officeDetail one record: breadcrumb, the outcome of the last action
//                kept and focused, the ways to act on it, the audit trail
// Every page needs a staff login (role buero unless it says otherwise) and
// reloads itself when one of its collections changes.
import { h, append, clear, urlWith } from './dom.js';
import { field, sending, onValueSubmit, notice } from './forms.js';
import { pageHead, failure, empty } from './ui.js';
import { requireStaff, officeNav, officeLive, auditTrail, pager, table } from './office.js';
import { fieldErrors } from './api.js';

/**
 * loader returns load: it fills box with what show(data) builds from what
 * fetch() brings, or, when that fails, with failed (a sentence, or a
 * function of the error) and a button to try again; then it calls shown.
 */
export function loader(box, { fetch, failed, show, shown = () => {} }) {
  const load = async () => {
    let data;
    try {
      data = await fetch();
    } catch (err) {
      clear(box).append(failure(typeof failed === 'function' ? failed(err) : failed, load, err));
      return;
    }
    clear(box);
    append(box, await show(data));
    shown();
  };
  return load;
}

/**
 * officePage is a page of the office: its navigation, heading and lead,
 * intro(ctx) (e.g. filters), then show(data, ctx) for what fetch(ctx)
 * brings, loaded again when one of the live collections changes.
 */
export function officePage({ title, heading, lead, decide = true, intro = () => null, fetch, failed, show, live }) {
  return {
    title,
    async render(ctx) {
      const staff = await requireStaff(ctx, { decide });
      if (!staff) return;
      const body = h('div', {});
      append(ctx.main, officeNav(staff), pageHead(heading, lead), intro(ctx), body);
      const load = loader(body, { fetch: () => fetch(ctx), failed, show: (data) => show(data, ctx) });
      await load();
      await officeLive(ctx, live, load);
    },
  };
}

/**
 * officeList is a page listing records a page at a time. filters: the
 * fields of the filter form in its order, named as in the address, each
 * {label, options} (a select; a value from the address counts only if it
 * is one of the options, otherwise the first one does) or {label, type:
 * 'search'}. list(values, page) fetches a page of records. items: the
 * records' noun, [one, many], for the count, the table's caption, the
 * form's name (search) and the sentence when loading fails (failed);
 * none(values) or none is said when nothing matches; columns and
 * row(record) make the table; submit is the form's button.
 */
export function officeList({
  path, filters, list, items: [one, many] = [], caption = many, search = `${many} filtern`, submit = 'Anzeigen',
  failed = `Die ${many} konnten nicht geladen werden.`, none, columns, row, ...frame
}) {
  const valuesOf = (query) => Object.fromEntries(Object.entries(filters).map(([name, f]) => {
    const value = (query.get(name) || '').trim();
    if (!f.options) return [name, value];
    return [name, f.options.some(([v]) => v === value) ? value : f.options[0][0]];
  }));
  const pageOf = (query) => Math.max(1, parseInt(query.get('seite') || '1', 10) || 1);
  const filterForm = (ctx) => {
    const values = valuesOf(ctx.query);
    const form = h('form', { class: 'filters', role: 'search', 'aria-label': search },
      Object.entries(filters).map(([name, f]) => field({ name, label: f.label, type: f.options ? 'select' : f.type, value: values[name], options: f.options })),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, submit)));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      ctx.navigate(urlWith(path, { ...Object.fromEntries(Object.keys(filters).map((name) => [name, String(data.get(name) || '').trim()])), seite: null }));
    });
    return form;
  };
  return officePage({
    ...frame,
    intro: filterForm,
    fetch: (ctx) => list(valuesOf(ctx.query), pageOf(ctx.query)),
    show: (result, ctx) => [
      one ? h('p', { class: 'result-count', role: 'status' }, result.totalItems === 1 ? `1 ${one}` : `${result.totalItems} ${many}`) : null,
      result.items.length
        ? [table(caption, columns, result.items.map(row)), pager(result, (p) => urlWith(path, { seite: String(p) }))]
        : empty(typeof none === 'function' ? none(valuesOf(ctx.query)) : none),
    ],
  });
}

/** choices are the options of a select from a table {value: [clause, text]}. */
export const choices = (table) => Object.entries(table).map(([value, [, text]]) => [value, text]);

/** allOf joins the filter clauses that apply (the others are empty) with &&. */
export const allOf = (...clauses) => clauses.filter(Boolean).join(' && ');

/**
 * officeDetail is the page of one record (ctx.params.id). list is [href,
 * text] of the breadcrumb back, or the page has a fixed heading (and
 * lead). fetch(id) brings the data; missing and failed say why it did not
 * (404, or anything else). show(data, act) returns {title (for the
 * document), head (above the outcome of the last action), main, audit
 * (record id or ids whose audit trail closes the page)}. act offers the
 * ways to act, each of which shows its outcome after reloading: done(text),
 * submit(form, work), press(button, work, where) and oneField(spec); act
 * also holds ctx and staff. A change of the live collections reloads the
 * page, unless someone is typing in it.
 */
export function officeDetail({ title, list, heading, lead, decide = true, fetch, missing, failed, show, live }) {
  return {
    title,
    async render(ctx) {
      const staff = await requireStaff(ctx, { decide });
      if (!staff) return;
      const id = ctx.params.id;
      const body = h('div', {});
      append(ctx.main, officeNav(staff), list ? h('p', { class: 'breadcrumb' }, h('a', { href: list[0] }, list[1])) : null,
        heading ? pageHead(heading, lead) : null, body);
      let message = ''; // the outcome of the last own action; stays while the page reloads itself
      let fresh = false; // whether it still needs the focus

      const load = loader(body, {
        fetch: () => fetch(id),
        failed: (err) => (err?.status === 404 ? missing : failed),
        show: async (data) => {
          const view = show(data, act);
          if (view.title) ctx.setTitle(`${view.title} – Büro`);
          return [view.head,
            message ? h('div', { class: 'notice notice-success', role: 'status', tabindex: '-1' }, message) : null,
            view.main,
            view.audit ? await auditTrail(view.audit) : null];
        },
        shown: () => {
          if (fresh) {
            body.querySelector('.notice[tabindex]')?.focus();
            fresh = false;
          }
        },
      });

      /** done shows text as the outcome of an action, says it, and reloads. */
      const done = async (text) => {
        message = text;
        fresh = true;
        ctx.announce(text);
        await load();
      };
      const act = {
        ctx, staff, done,
        /** submit runs work (which returns the outcome) while form is busy; a failure shows at form. */
        submit: (form, work) => sending(form, async () => done(await work())),
        /**
         * press runs work (which returns the outcome) for button, disabled
         * meanwhile; a failure is said in a notice on where.
         */
        press: async (button, work, where = body) => {
          button.disabled = true;
          try {
            await done(await work());
          } catch (err) {
            button.disabled = false;
            notice(where, 'Das hat nicht geklappt: ' + refusalText(err), 'error');
          }
        },
        /**
         * oneField is a small form to act with: a heading (an element), one
         * required field (options of field()), the button [text, class];
         * empty, the field asks with missing; send(value) returns the outcome.
         */
        oneField: ({ heading: title, field: opts, button: [text, tone], missing: ask, send }) => {
          const form = h('form', { class: 'form', novalidate: true },
            title,
            field({ ...opts, required: true }),
            h('p', {}, h('button', { type: 'submit', class: `button ${tone}` }, text)));
          onValueSubmit(form, opts.name, ask, async (value) => done(await send(value)));
          return form;
        },
      };

      await load();
      await officeLive(ctx, live, () => { if (!body.contains(document.activeElement) || document.activeElement === document.body) load(); });
    },
  };
}

/**
 * refusalText says why an action was refused: BEN's German sentences on
 * the fields of the record (a button has no field to mark, e.g. "Bewilligen"
 * refused for another person's card), else the answer's message.
 */
function refusalText(err) {
  const said = Object.values(fieldErrors(err));
  if (said.length) return said.join(' ');
  return err?.response?.message || 'bitte versuchen Sie es erneut.';
}

/** decisionBox is the section in which the office decides or acts. */
export const decisionBox = (title = 'Entscheidung', id = 'entscheidung') =>
  h('section', { class: 'decision-box', 'aria-labelledby': id }, h('h2', { id }, title));
