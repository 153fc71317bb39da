// Form building and the API's field errors shown next to the fields.
// A form is never rebuilt after an error: what was typed stays.
import { h, clear } from './dom.js';
import { errorText, fieldErrors } from './api.js';

let uid = 0;

/**
 * field builds one labelled form control with room for help and an error.
 * opts: name, label, type (text, email, url, tel, password, number,
 * datetime-local, textarea, select, checkbox, checkboxes, radios, file), value,
 * required, help, autocomplete, options ([value, label] pairs), checked,
 * values (for checkboxes; radios take value), and further input attributes in attrs.
 */
export function field(opts) {
  const id = `f-${opts.name}-${++uid}`;
  const helpId = opts.help ? id + '-hilfe' : null;
  const errorId = id + '-fehler';
  const describedBy = [helpId].filter(Boolean).join(' ') || null;
  const required = opts.required ? true : null;
  const labelText = [opts.label, opts.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null];
  const help = opts.help ? h('p', { class: 'field-help', id: helpId }, opts.help) : null;
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });

  if (opts.type === 'checkboxes') {
    const values = new Set(opts.values || []);
    return h('fieldset', { class: 'field field-group', 'data-field': opts.name, 'aria-describedby': describedBy },
      h('legend', {}, labelText),
      help,
      h('div', { class: 'checkbox-grid' },
        (opts.options || []).map(([value, text]) => {
          const cid = `${id}-${value}`;
          return h('div', { class: 'checkbox' },
            h('input', { type: 'checkbox', id: cid, name: opts.name, value, checked: values.has(value) }),
            h('label', { for: cid }, text));
        })),
      error);
  }

  if (opts.type === 'radios') {
    // one choice of a few, e.g. a score: a fieldset whose legend names the group
    return h('fieldset', { class: 'field field-group', 'data-field': opts.name, 'aria-describedby': describedBy },
      h('legend', {}, labelText),
      help,
      h('div', { class: 'radio-row' },
        (opts.options || []).map(([value, text]) => {
          const rid = `${id}-${value}`;
          return h('div', { class: 'checkbox radio' },
            h('input', { type: 'radio', id: rid, name: opts.name, value, required, checked: String(opts.value ?? '') === String(value) }),
            h('label', { for: rid }, text));
        })),
      error);
  }

  if (opts.type === 'checkbox') {
    return h('div', { class: 'field field-checkbox', 'data-field': opts.name },
      h('div', { class: 'checkbox' },
        h('input', { type: 'checkbox', id, name: opts.name, value: 'true', checked: !!opts.checked, 'aria-describedby': describedBy }),
        h('label', { for: id }, labelText)),
      help, error);
  }

  let control;
  const common = { id, name: opts.name, required, 'aria-describedby': describedBy, autocomplete: opts.autocomplete || null, ...(opts.attrs || {}) };
  if (opts.type === 'textarea') {
    control = h('textarea', { rows: opts.rows || 6, ...common });
    control.value = opts.value ?? '';
  } else if (opts.type === 'select') {
    control = h('select', common,
      (opts.options || []).map(([value, text]) => h('option', { value, selected: String(opts.value ?? '') === String(value) }, text)));
  } else {
    control = h('input', { type: opts.type || 'text', ...common });
    if (opts.type !== 'file' && opts.value !== undefined && opts.value !== null) control.value = opts.value;
  }
  return h('div', { class: 'field', 'data-field': opts.name },
    h('label', { for: id }, labelText),
    help, control, error);
}

/** requiredNote explains the asterisk once per form. */
export const requiredNote = () => h('p', { class: 'form-note' }, 'Pflichtfelder sind mit * markiert.');

/** clearErrors removes every error message from form. */
export function clearErrors(form) {
  form.querySelector('.form-errors')?.remove();
  for (const wrapper of form.querySelectorAll('[data-field]')) {
    const error = wrapper.querySelector('.field-error');
    if (error) {
      error.hidden = true;
      clear(error);
    }
    for (const control of wrapper.querySelectorAll('input, select, textarea')) {
      control.removeAttribute('aria-invalid');
      const ids = (control.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== error?.id);
      if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
      else control.removeAttribute('aria-describedby');
    }
    wrapper.classList.remove('has-error');
  }
}

/**
 * showErrors shows the API's field errors next to their fields and a
 * summary with links above the form, and moves the focus to the summary.
 * messages: {field: sentence}; general: sentence for the summary.
 */
export function showErrors(form, messages, general) {
  clearErrors(form);
  const items = [];
  // the summary lists the fields in the order of the form
  const order = [...form.querySelectorAll('[data-field]')].map((el) => el.dataset.field);
  const rank = (name) => (order.includes(name) ? order.indexOf(name) : -1);
  const entries = Object.entries(messages).sort(([a], [b]) => rank(a) - rank(b));
  for (const [name, message] of entries) {
    const wrapper = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (!wrapper) {
      items.push(h('li', {}, message));
      continue;
    }
    wrapper.classList.add('has-error');
    const error = wrapper.querySelector('.field-error');
    error.textContent = message;
    error.hidden = false;
    const controls = wrapper.querySelectorAll('input, select, textarea');
    for (const control of controls) {
      control.setAttribute('aria-invalid', 'true');
      const ids = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      control.setAttribute('aria-describedby', [...ids, error.id].join(' '));
    }
    const label = wrapper.querySelector('label, legend')?.textContent.replace(/\s*\*$/, '') || name;
    const first = controls[0];
    items.push(h('li', {}, first
      ? h('a', { href: '#' + first.id, on: { click: (ev) => { ev.preventDefault(); first.focus(); } } }, `${label}: ${message}`)
      : `${label}: ${message}`));
  }
  const summary = h('div', { class: 'form-errors', role: 'alert', tabindex: '-1' },
    h('h2', {}, general || 'Bitte prüfen Sie Ihre Angaben'),
    items.length ? h('ul', {}, items) : null);
  form.prepend(summary);
  summary.focus();
}

/** showRequestError shows a failed request on form: field errors or one sentence. */
export function showRequestError(form, err) {
  const messages = fieldErrors(err);
  showErrors(form, messages, Object.keys(messages).length ? 'Bitte prüfen Sie Ihre Angaben' : errorText(err));
}

/**
 * submitting disables the form's submit button while work runs and
 * announces it; returns what work returned.
 */
export async function submitting(form, work) {
  const button = form.querySelector('[type="submit"]');
  const label = button?.textContent;
  if (button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.textContent = 'Bitte warten …';
  }
  try {
    return await work();
  } finally {
    if (button) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      button.textContent = label;
    }
  }
}

/** sending runs work while form's submit button is busy; a failed request shows its errors at form. */
export function sending(form, work) {
  return submitting(form, async () => {
    try {
      await work();
    } catch (err) {
      showRequestError(form, err);
    }
  });
}

/**
 * onValueSubmit handles form's submit for its one required field name: an
 * empty field (after trimming) gets missing, a value goes to work(value)
 * through sending.
 */
export function onValueSubmit(form, name, missing, work) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const value = String(new FormData(form).get(name) || '').trim();
    if (!value) {
      showErrors(form, { [name]: missing });
      return;
    }
    await sending(form, () => work(value));
  });
}

/** notice shows a message at the top of container (role=status, or alert for an error), focuses and returns it. */
export function notice(container, text, kind = 'success') {
  container.querySelector(':scope > .notice')?.remove();
  const box = h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', tabindex: '-1' }, text);
  container.prepend(box);
  box.focus();
  return box;
}
