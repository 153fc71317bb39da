// The application for the volunteer card: the kind of card, personal data,
// one to five engagements, live hints from BEN's eligibility check (the
// same rule that guards the submission), saving the draft and submitting.
//   /ehrenamtskarte/antrag            a new application
//   /ehrenamtskarte/antrag/:id        a draft saved before
//   /ehrenamtskarte/antrag?verein=…   a group application: an organisation's
//                                     editor applies for one of its members
// The form is never rebuilt after an error, so nothing typed is lost.
import { h, append } from '../lib/dom.js';
import { pb, errorText, fieldErrors, fieldMessage, PUBLIC_ORGS } from '../lib/api.js';
import { field, requiredNote, showErrors, clearErrors, notice } from '../lib/forms.js';
import { pageHead, failure, setFlash } from '../lib/ui.js';
import { loadOwnOrganisation, notEditor } from '../lib/own.js';
import { ALLOWANCES, MAX_ENGAGEMENTS, STATUSES, parseHours, hours, dateValue, storedDate, cardAPI } from '../lib/card.js';

// the choice "my organisation is not in BEN" of the organisation select
const OTHER = 'andere';
// how long typing pauses before the hints are checked
const HINT_DELAY = 400;

const required = (name) => fieldMessage(name, { code: 'validation_required' });

export default {
  title: 'Ehrenamtskarte beantragen',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const loaded = await load(ctx);
    if (!loaded || !ctx.isCurrent()) return;
    const { application, group } = loaded;
    const back = group ? `/mein-verein/${encodeURIComponent(group.slug)}/ehrenamtskarte` : '/ehrenamtskarte/meine';
    if (application && application.status !== 'draft') {
      showSubmitted(ctx, application, back);
      return;
    }
    new ApplicationForm(ctx, loaded, back).show();
  },
};

/**
 * load fetches what the form needs: the public organisations, a stored
 * draft with its engagements, and the organisation of a group application.
 * It returns null when it has already told the person why there is no form.
 */
async function load(ctx) {
  const groupSlug = ctx.query.get('verein');
  let application = null;
  let stored = [];
  let orgs = [];
  let group = null;
  try {
    const loading = [pb.collection('organisations').getFullList({ filter: PUBLIC_ORGS, sort: 'name', fields: 'id,name' })];
    if (ctx.params.id) {
      loading.push(pb.collection('card_applications').getOne(ctx.params.id),
        pb.collection('engagements').getFullList({ filter: pb.filter('application = {:id}', { id: ctx.params.id }), sort: 'created' }));
    }
    [orgs, application, stored = []] = await Promise.all(loading);
    if (application?.group_organisation) {
      group = await pb.collection('organisations').getOne(application.group_organisation, { fields: 'id,name,slug' }).catch(() => null);
    } else if (groupSlug && !application) {
      group = await loadOwnOrganisation(groupSlug, ctx.user);
      if (!group) {
        notEditor(ctx);
        return null;
      }
    }
  } catch (err) {
    if (err.status === 404) {
      ctx.setTitle('Antrag nicht gefunden');
      append(ctx.main, pageHead('Antrag nicht gefunden'),
        h('p', {}, 'Diesen Antrag gibt es nicht oder er gehört zu einem anderen Konto.'),
        h('p', {}, h('a', { href: '/ehrenamtskarte/meine' }, 'Zu Ihren Anträgen')));
      return null;
    }
    append(ctx.main, pageHead('Ehrenamtskarte beantragen'),
      failure('Das Antragsformular konnte nicht geladen werden.', () => ctx.navigate(location.pathname + location.search, { replace: true }), err));
    return null;
  }
  return { application, stored, orgs, group };
}

/** showSubmitted says that an application past its draft cannot be changed. */
function showSubmitted(ctx, application, back) {
  ctx.setTitle('Antrag bereits eingereicht');
  append(ctx.main, pageHead('Antrag bereits eingereicht'),
    h('p', {}, `Dieser Antrag hat den Status „${STATUSES[application.status]?.name || application.status}“ und kann nicht mehr geändert werden.`),
    h('p', {}, h('a', { href: back }, 'Zur Übersicht der Anträge')));
}

/**
 * ApplicationForm is the form of one application (new or a draft): the
 * person, the engagements, the live hints and saving or submitting.
 */
class ApplicationForm {
  constructor(ctx, { application, stored, orgs, group }, back) {
    this.ctx = ctx;
    this.application = application;
    this.stored = stored;
    this.orgs = orgs;
    this.group = group;
    this.back = back;
    this.self = !group;
    this.removed = []; // ids of stored engagements the person took out
    this.nextKey = 0;
    this.timer = null;
    this.asked = 0;
    this.title = group ? `Ehrenamtskarte für ein Mitglied von ${group.name}` : 'Ehrenamtskarte beantragen';
    this.build(application || { kind: 'standard' });
  }

  // ---- the form ----------------------------------------------------------

  build(a) {
    const { self } = this;
    const hint = (id) => h('p', { class: 'field-hint', id, 'aria-live': 'polite' });
    this.birthHint = hint('hinweis-geburtsdatum');
    this.residentHint = hint('hinweis-wohnsitz');
    this.engagementsHint = hint('hinweis-engagement');
    this.engagementsError = h('p', { class: 'field-error', id: 'fehler-engagement', role: 'alert', hidden: true });
    this.summary = h('p', { class: 'eligibility-summary', id: 'hinweis-voraussetzungen', hidden: true });
    this.list = h('div', { class: 'engagement-list' });
    this.addButton = h('button', { type: 'button', class: 'button secondary', on: { click: () => this.addBlock() } }, 'Weiteres Engagement hinzufügen');
    this.limitNote = h('p', { class: 'muted', hidden: true }, `Ein Antrag kann höchstens ${MAX_ENGAGEMENTS} Engagements enthalten.`);

    const birth = field({ name: 'birth_date', label: 'Geburtsdatum', type: 'date', required: true, value: dateValue(a.birth_date), autocomplete: self ? 'bday' : null,
      help: 'Die Karte gibt es ab 14 Jahren.' });
    describe(birth.querySelector('input'), this.birthHint.id);
    birth.append(this.birthHint);
    const resident = field({ name: 'resident_in_bitburg', label: self ? 'Ich wohne in Bitburg' : 'Das Mitglied wohnt in Bitburg', type: 'checkbox', checked: !!a.resident_in_bitburg,
      help: 'Wer nicht in Bitburg wohnt, braucht ein Engagement in Bitburg.' });
    describe(resident.querySelector('input'), this.residentHint.id);
    resident.append(this.residentHint);

    this.form = h('form', { class: 'form card-form', novalidate: true },
      requiredNote(),
      kindField(a.kind),
      h('fieldset', {},
        h('legend', {}, self ? 'Angaben zu Ihrer Person' : 'Angaben zum Mitglied'),
        h('div', { class: 'field-row' },
          field({ name: 'first_name', label: 'Vorname', required: true, value: a.first_name, autocomplete: self ? 'given-name' : null, attrs: { maxlength: 100 } }),
          field({ name: 'last_name', label: 'Nachname', required: true, value: a.last_name, autocomplete: self ? 'family-name' : null, attrs: { maxlength: 100 } })),
        birth,
        field({ name: 'street', label: 'Straße und Hausnummer', value: a.street, autocomplete: self ? 'street-address' : null, attrs: { maxlength: 200 } }),
        h('div', { class: 'field-row' },
          field({ name: 'postcode', label: 'Postleitzahl', value: a.postcode, autocomplete: self ? 'postal-code' : null, attrs: { maxlength: 5, inputmode: 'numeric' } }),
          field({ name: 'city', label: 'Ort', value: a.city, autocomplete: self ? 'address-level2' : null, attrs: { maxlength: 100 } })),
        resident,
        // a group application: the member is invited to take the card into an account of their own
        self ? null : field({ name: 'holder_email', label: 'E-Mail-Adresse des Mitglieds', type: 'email', value: a.holder_email,
          help: 'Nach der Bewilligung bekommt das Mitglied eine Einladung, die Karte in ein eigenes Benutzerkonto zu übernehmen. Ohne Adresse drucken Sie die Karte für das Mitglied aus.' })),
      h('section', { class: 'engagements', 'aria-labelledby': 'engagement-titel' },
        h('h2', { id: 'engagement-titel' }, 'Engagement'),
        h('p', {}, `Nennen Sie bis zu ${MAX_ENGAGEMENTS} Engagements; die Stunden zählen zusammen. Jede Organisation bestätigt ihre Angaben, bevor die Koordinierungsstelle entscheidet.`),
        this.list,
        h('div', { class: 'engagements-box' }, this.engagementsHint, this.engagementsError),
        h('div', { class: 'actions' }, this.addButton, this.limitNote)),
      this.summary,
      h('p', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button', value: 'submit' }, 'Antrag einreichen'),
        h('button', { type: 'submit', class: 'button secondary', value: 'save' }, 'Entwurf speichern'),
        h('a', { href: this.back }, 'Abbrechen')));
    this.box = h('div', {}, this.form);
  }

  show() {
    const { ctx, group, back, self } = this;
    ctx.setTitle(this.title);
    append(ctx.main,
      group ? h('p', { class: 'breadcrumb' }, h('a', { href: '/mein-verein' }, 'Mein Verein'), ' › ', h('a', { href: back }, `Ehrenamtskarte bei ${group.name}`))
        : h('p', { class: 'breadcrumb' }, h('a', { href: '/ehrenamtskarte' }, 'Ehrenamtskarte'), ' › ', h('a', { href: '/ehrenamtskarte/meine' }, 'Meine Anträge')),
      pageHead(this.title, self
        ? 'Füllen Sie das Formular aus. Hinweise neben den Feldern zeigen schon beim Ausfüllen, ob die Voraussetzungen erfüllt sind. Sie können den Antrag als Entwurf speichern und später einreichen.'
        : 'Sammelantrag: Sie stellen den Antrag für ein Mitglied Ihrer Organisation. Tragen Sie die Angaben des Mitglieds ein; für jedes weitere Mitglied legen Sie einen eigenen Antrag an.'),
      this.box);

    for (const e of this.stored) this.addBlock(e, { focus: false });
    if (!this.stored.length) this.addBlock(group ? { organisation: group.id, in_bitburg: true } : {}, { focus: false });

    const schedule = () => this.scheduleHints();
    ctx.onLeave(() => clearTimeout(this.timer));
    this.form.addEventListener('input', schedule);
    this.form.addEventListener('change', schedule);
    this.form.addEventListener('submit', (ev) => this.submit(ev));
    if (this.application) this.checkHints();
  }

  // ---- engagements ---------------------------------------------------------

  addBlock(e = {}, { focus = true } = {}) {
    const { orgs, group } = this;
    const key = this.nextKey++;
    const name = (n) => `e${key}-${n}`;
    const number = () => h('span', { class: 'visually-hidden engagement-number' });
    const label = (text) => [text, number()];
    const options = [['', 'Bitte wählen'], ...orgs.map((o) => [o.id, o.name])];
    if (e.organisation && !orgs.some((o) => o.id === e.organisation)) options.push([e.organisation, group?.id === e.organisation ? group.name : 'Organisation (nicht öffentlich)']);
    options.push([OTHER, 'Nicht im BEN – Namen selbst eingeben']);
    const orgField = field({ name: name('organisation'), label: label('Organisation'), type: 'select', required: true,
      value: e.organisation || (e.organisation_name ? OTHER : ''), options,
      help: 'Ist die Organisation im BEN, bestätigen ihre Bearbeitenden das Engagement direkt im Portal.' });
    const nameField = field({ name: name('organisation_name'), label: label('Name der Organisation'), required: true, value: e.organisation_name, attrs: { maxlength: 200 } });
    const select = orgField.querySelector('select');
    const toggleName = () => { nameField.hidden = select.value !== OTHER; };
    select.addEventListener('change', toggleName);
    toggleName();
    const perWeek = field({ name: name('hours_per_week'), label: label('Stunden pro Woche'), value: hours(e.hours_per_week),
      help: 'Im Durchschnitt, z. B. 4,5.', attrs: { inputmode: 'decimal', maxlength: 6 } });
    const perYear = field({ name: name('hours_per_year'), label: label('oder Stunden im Jahr'), value: hours(e.hours_per_year),
      help: 'Eine der beiden Angaben genügt.', attrs: { inputmode: 'decimal', maxlength: 6 } });
    for (const input of [perWeek.querySelector('input'), perYear.querySelector('input')]) describe(input, this.engagementsHint.id);
    const remove = h('button', { type: 'button', class: 'button danger remove-engagement' }, 'Engagement entfernen', number());

    const block = h('fieldset', { class: 'engagement', dataset: { key: String(key), recordId: e.id || '' } },
      h('legend', { class: 'engagement-legend' }),
      orgField, nameField,
      field({ name: name('role'), label: label('Tätigkeit'), required: true, value: e.role, help: 'z. B. Jugendtrainerin, Kassenwart, Fahrdienst', attrs: { maxlength: 200 } }),
      h('div', { class: 'field-row' }, perWeek, perYear),
      h('div', { class: 'field-row' },
        field({ name: name('since'), label: label('Engagiert seit'), type: 'date', required: true, value: dateValue(e.since) }),
        field({ name: name('allowance'), label: label('Entschädigung'), type: 'select', required: true, value: e.allowance || '',
          options: [['', 'Bitte wählen'], ...Object.entries(ALLOWANCES)],
          help: 'Eine pauschale Aufwandsentschädigung zählt nicht; erstattete Kosten sind kein Hindernis.' })),
      field({ name: name('in_bitburg'), label: label('Das Engagement findet in Bitburg statt'), type: 'checkbox', checked: !!e.in_bitburg }),
      h('div', { class: 'field-row' },
        field({ name: name('contact_name'), label: label('Ansprechperson der Organisation'), required: true, value: e.contact_name, attrs: { maxlength: 120 } }),
        field({ name: name('contact_email'), label: label('E-Mail der Ansprechperson'), type: 'email', required: true, value: e.contact_email,
          help: 'Nach dem Einreichen erhält sie einen Link, um die Angaben zu bestätigen.' })),
      h('p', { class: 'engagement-actions' }, remove));
    remove.addEventListener('click', () => this.removeBlock(block));
    this.list.append(block);
    this.renumber();
    if (focus) {
      select.focus();
      this.ctx.announce(`Engagement ${this.list.children.length} hinzugefügt.`);
      this.scheduleHints();
    }
  }

  removeBlock(block) {
    const index = [...this.list.children].indexOf(block) + 1;
    if (block.dataset.recordId) this.removed.push(block.dataset.recordId);
    block.remove();
    this.renumber();
    (this.addButton.hidden ? this.list.querySelector('select') : this.addButton).focus();
    this.ctx.announce(`Engagement ${index} entfernt.`);
    this.scheduleHints();
  }

  renumber() {
    const blocks = this.blocks();
    blocks.forEach((block, i) => {
      block.querySelector('.engagement-legend').textContent = `Engagement ${i + 1}`;
      for (const span of block.querySelectorAll('.engagement-number')) span.textContent = ` (Engagement ${i + 1})`;
      block.querySelector('.engagement-actions').hidden = blocks.length === 1;
    });
    this.addButton.hidden = blocks.length >= MAX_ENGAGEMENTS;
    this.limitNote.hidden = !this.addButton.hidden;
  }

  blocks() {
    return [...this.list.children];
  }

  readBlock(block) {
    const value = (n) => String(control(block, n).value ?? '').trim();
    const org = value('organisation');
    return {
      organisation: org && org !== OTHER ? org : '',
      organisation_name: org === OTHER ? value('organisation_name') : '',
      role: value('role'),
      hours_per_week: parseHours(value('hours_per_week')),
      hours_per_year: parseHours(value('hours_per_year')),
      since: value('since'),
      allowance: value('allowance'),
      in_bitburg: control(block, 'in_bitburg').checked,
      contact_name: value('contact_name'),
      contact_email: value('contact_email'),
    };
  }

  readPerson() {
    const data = new FormData(this.form);
    const text = (n) => String(data.get(n) ?? '').trim();
    return {
      kind: text('kind') || 'standard',
      first_name: text('first_name'),
      last_name: text('last_name'),
      birth_date: text('birth_date'),
      street: text('street'),
      postcode: text('postcode'),
      city: text('city'),
      resident_in_bitburg: data.get('resident_in_bitburg') === 'true',
      ...(this.self ? {} : { holder_email: text('holder_email') }),
    };
  }

  // ---- live hints ----------------------------------------------------------

  scheduleHints() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.checkHints(), HINT_DELAY);
  }

  /** checkHints asks BEN's eligibility check about what is typed so far. */
  async checkHints() {
    const mine = ++this.asked;
    const person = this.readPerson();
    const engagements = this.blocks().map((block) => this.readBlock(block));
    const number = (v) => (Number.isFinite(v) ? v : 0);
    let result;
    try {
      result = await cardAPI('/eligibility', 'POST', {
        kind: person.kind, birth_date: person.birth_date, resident_in_bitburg: person.resident_in_bitburg,
        engagements: engagements.map((e) => ({ hours_per_week: number(e.hours_per_week), hours_per_year: number(e.hours_per_year),
          since: e.since, allowance: e.allowance, in_bitburg: e.in_bitburg })),
      });
    } catch {
      return; // the hints help; the submission checks anyway
    }
    if (mine !== this.asked || !this.ctx.isCurrent()) return;
    const said = {};
    for (const f of result.failures || []) said[f.field] = [said[f.field], f.message].filter(Boolean).join(' ');
    // hints appear once there is something to judge, not for an empty form
    const hoursGiven = engagements.some((e) => e.hours_per_week !== null || e.hours_per_year !== null);
    const sinceGiven = engagements.some((e) => e.since);
    const judged = person.kind === 'jubilaeum' ? sinceGiven : hoursGiven;
    setHint(this.birthHint, person.birth_date ? said.birth_date : '');
    setHint(this.engagementsHint, judged ? said.engagements : '');
    setHint(this.residentHint, judged ? said.resident_in_bitburg : '');
    const shown = [this.birthHint, this.engagementsHint, this.residentHint].some((el) => el.textContent);
    const { summary } = this;
    summary.hidden = !(shown || (judged && person.birth_date));
    summary.className = `eligibility-summary ${result.eligible ? 'ok' : 'open'}`;
    summary.textContent = result.eligible
      ? 'Nach den bisherigen Angaben sind die Voraussetzungen erfüllt.'
      : 'Noch sind nicht alle Voraussetzungen erfüllt – bitte beachten Sie die Hinweise bei den Feldern.';
  }

  // ---- saving and submitting -----------------------------------------------

  // messages under "engagements" concern the engagements together; they
  // are shown below the list and in the summary
  showAll(messages, general) {
    const { engagements, ...rest } = messages;
    if (engagements) rest['engagement-gesamt'] = `Engagement: ${engagements}`;
    showErrors(this.form, rest, general);
    this.engagementsError.textContent = engagements || '';
    this.engagementsError.hidden = !engagements;
  }

  clearAll() {
    clearErrors(this.form);
    this.engagementsError.textContent = '';
    this.engagementsError.hidden = true;
  }

  /** check finds what is missing or malformed before anything is sent. */
  check(person) {
    const messages = {};
    for (const n of ['first_name', 'last_name', 'birth_date']) if (!person[n]) messages[n] = required(n);
    if (person.postcode && !/^[0-9]{5}$/.test(person.postcode)) messages.postcode = 'Bitte geben Sie die fünfstellige Postleitzahl an.';
    for (const block of this.blocks()) {
      const e = this.readBlock(block);
      const n = (f) => `e${block.dataset.key}-${f}`;
      if (!control(block, 'organisation').value) messages[n('organisation')] = 'Bitte wählen Sie die Organisation aus oder geben Sie ihren Namen an.';
      else if (control(block, 'organisation').value === OTHER && !e.organisation_name) messages[n('organisation_name')] = required('organisation_name');
      for (const f of ['role', 'since', 'allowance', 'contact_name', 'contact_email']) if (!e[f]) messages[n(f)] = required(f);
      for (const f of ['hours_per_week', 'hours_per_year']) if (Number.isNaN(e[f])) messages[n(f)] = 'Bitte geben Sie eine Zahl an, z. B. 4,5.';
      if (!e.hours_per_week && !e.hours_per_year && !messages[n('hours_per_week')] && !messages[n('hours_per_year')]) {
        messages[n('hours_per_week')] = 'Bitte geben Sie die Stunden pro Woche oder pro Jahr an.';
      }
    }
    return messages;
  }

  /** save stores the application and its engagements; it returns the errors ({} when all is stored). */
  async save() {
    const person = this.readPerson();
    const missing = this.check(person);
    if (Object.keys(missing).length) return { messages: missing };
    const body = { ...person, birth_date: storedDate(person.birth_date) };
    try {
      if (this.application) {
        this.application = await pb.collection('card_applications').update(this.application.id, body);
      } else {
        this.application = await pb.collection('card_applications').create({
          ...body, applicant: this.ctx.user.id, status: 'draft', group_organisation: this.group?.id || '',
        });
        history.replaceState(null, '', `/ehrenamtskarte/antrag/${this.application.id}`);
      }
    } catch (err) {
      return { messages: fieldErrors(err), general: errorText(err) };
    }
    const { removed } = this;
    while (removed.length) {
      try {
        await pb.collection('engagements').delete(removed[0]);
      } catch (err) {
        if (err.status !== 404) return { messages: {}, general: errorText(err) };
      }
      removed.shift();
    }
    const messages = {};
    let general;
    for (const block of this.blocks()) {
      const e = this.readBlock(block);
      const data = { ...e, hours_per_week: e.hours_per_week ?? 0, hours_per_year: e.hours_per_year ?? 0, since: storedDate(e.since) };
      try {
        const saved = block.dataset.recordId
          ? await pb.collection('engagements').update(block.dataset.recordId, data)
          : await pb.collection('engagements').create({ ...data, application: this.application.id });
        block.dataset.recordId = saved.id;
      } catch (err) {
        const errors = fieldErrors(err);
        if (!Object.keys(errors).length) general = errorText(err);
        for (const [f, message] of Object.entries(errors)) {
          const target = f === 'organisation_name' && control(block, 'organisation').value !== OTHER ? 'organisation' : f;
          messages[`e${block.dataset.key}-${target}`] = message;
        }
      }
    }
    return { messages, general };
  }

  /** submit saves the draft and, unless only saving was asked for, submits it. */
  async submit(ev) {
    ev.preventDefault();
    const submitting = ev.submitter?.value !== 'save';
    await this.busy(ev.submitter || this.form.querySelector('[type="submit"]'), async () => {
      const { messages, general } = await this.save();
      if (Object.keys(messages).length || general) {
        this.showAll(messages, Object.keys(messages).length ? 'Bitte prüfen Sie Ihre Angaben' : general);
        return;
      }
      if (!submitting) {
        this.clearAll();
        notice(this.box, this.self
          ? 'Ihr Entwurf ist gespeichert. Sie finden ihn unter „Meine Anträge“ und können ihn später einreichen.'
          : 'Der Entwurf ist gespeichert. Sie finden ihn in der Übersicht Ihrer Organisation.');
        return;
      }
      try {
        this.application = await pb.collection('card_applications').update(this.application.id, { status: 'submitted' });
      } catch (err) {
        const fields = fieldErrors(err);
        this.showAll(fields, Object.keys(fields).length ? 'Der Antrag kann so noch nicht eingereicht werden' : errorText(err));
        return;
      }
      const { application } = this;
      setFlash(this.self
        ? 'Ihr Antrag ist eingereicht. Die Organisationen werden per E-Mail gebeten, Ihr Engagement zu bestätigen; danach entscheidet die Koordinierungsstelle.'
        : `Der Antrag für ${application.first_name} ${application.last_name} ist eingereicht.`);
      this.ctx.navigate(this.back, { replace: true });
    });
  }

  /** busy disables the form's buttons while work runs and says so on the one pressed. */
  async busy(button, work) {
    const buttons = [...this.form.querySelectorAll('button')];
    const label = button.textContent;
    for (const b of buttons) b.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.textContent = 'Bitte warten …';
    try {
      await work();
    } finally {
      for (const b of buttons) b.disabled = false;
      button.removeAttribute('aria-busy');
      button.textContent = label;
    }
  }
}

/** control is the input of field n in an engagement block. */
function control(block, n) {
  return block.querySelector(`[name="e${block.dataset.key}-${n}"]`);
}

function setHint(el, text) {
  if (el.textContent !== (text || '')) el.textContent = text || '';
}

/** kindField lets the applicant choose the standard or the anniversary card. */
function kindField(value) {
  const choice = (kind, text, help) => {
    const id = `art-${kind}`;
    return h('div', { class: 'checkbox choice' },
      h('input', { type: 'radio', id, name: 'kind', value: kind, checked: value === kind }),
      h('label', { for: id }, h('strong', {}, text), h('span', { class: 'choice-help' }, help)));
  };
  return h('fieldset', { class: 'field field-group', 'data-field': 'kind' },
    h('legend', {}, 'Welche Karte?'),
    choice('standard', 'Ehrenamtskarte', 'Gilt zwei Jahre. Ab fünf Stunden Engagement pro Woche oder 250 Stunden im Jahr.'),
    choice('jubilaeum', 'Jubiläums-Ehrenamtskarte', 'Gilt unbefristet. Für 25 Jahre Engagement.'),
    h('p', { class: 'field-error', id: 'art-fehler', hidden: true }));
}

/** describe adds id to what describes control (aria-describedby). */
function describe(control, id) {
  const ids = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  control.setAttribute('aria-describedby', [...ids, id].join(' '));
}
