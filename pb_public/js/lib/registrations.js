// Registrations for events with a capacity: the box on an event's page
// (seats left, waiting list, "Anmelden"), the German words for the
// statuses, and the CSV download for organisers.
import { h, clear, formatDateNumeric, formatTime, parseDate } from './dom.js';
import { pb, errorText, currentUser } from './api.js';
import { field, requiredNote, showErrors, showRequestError, submitting } from './forms.js';
import { consentField, checkContact } from './opportunities.js';

export const REGISTRATION_STATUS = {
  registered: 'Angemeldet',
  waitlisted: 'Warteliste',
  cancelled: 'Abgemeldet',
  attended: 'Teilgenommen',
};

export const STATUS_KIND = { registered: 'ok', waitlisted: 'pending', cancelled: 'rejected', attended: 'ok' };

/** The portal page where account holders see their registrations. */
export const OWN_PAGE = '/konto/anmeldungen';

/** seatsText says how many seats are left, or how many wait. */
export function seatsText(seats) {
  if (seats.free > 0) {
    return seats.free === 1 ? `Noch 1 von ${seats.capacity} Plätzen frei.` : `Noch ${seats.free} von ${seats.capacity} Plätzen frei.`;
  }
  const waiting = seats.waiting === 1 ? '1 Person wartet' : `${seats.waiting} Personen warten`;
  const taken = seats.capacity === 1 ? 'Der einzige Platz ist vergeben.' : `Alle ${seats.capacity} Plätze sind vergeben.`;
  return `${taken} ${seats.waiting ? waiting + ' auf einen Platz.' : 'Niemand wartet bisher.'} Wer sich jetzt anmeldet, kommt auf die Warteliste und rückt nach, wenn jemand absagt.`;
}

/** ownStatusText describes one's own registration. */
export function ownStatusText(r) {
  if (r.status === 'waitlisted') {
    return r.waiting_position ? `Sie stehen auf der Warteliste, auf Platz ${r.waiting_position}. Wir schreiben Ihnen, sobald Sie nachrücken.` : 'Sie stehen auf der Warteliste. Wir schreiben Ihnen, sobald Sie nachrücken.';
  }
  if (r.status === 'cancelled') return 'Sie haben sich abgemeldet.';
  if (r.status === 'attended') return 'Sie haben teilgenommen.';
  return 'Sie sind angemeldet. Ein Platz ist für Sie reserviert.';
}

const seatsOf = (eventId) => pb.send(`/api/ben/events/${encodeURIComponent(eventId)}/seats`, { method: 'GET' });

/**
 * registrationSection is the box "Anmeldung" on the page of an event with a
 * capacity. It is built once; update(event) refreshes the seats and, only
 * when the situation changes (open or closed, registered or not), the
 * controls, so that a half-filled form is never lost.
 */
export function registrationSection(ctx, event) {
  const seatsLine = h('p', { class: 'seats', role: 'status' });
  const reasonLine = h('p', { class: 'muted' });
  const controls = h('div', { class: 'registration-controls' });
  const section = h('section', { class: 'card registration-box', 'aria-labelledby': 'anmeldung-titel' },
    h('h2', { id: 'anmeldung-titel' }, 'Anmeldung'), seatsLine, reasonLine, controls);
  let mode = '';
  let current = event;

  const update = async (ev = current) => {
    current = ev;
    let seats;
    let own = null;
    const user = currentUser();
    try {
      seats = await seatsOf(ev.id);
      if (user) {
        const list = await pb.collection('event_registrations').getList(1, 1, {
          filter: pb.filter('event = {:event} && user = {:me} && status != "cancelled"', { event: ev.id, me: user.id }),
        });
        own = list.items[0] || null;
      }
    } catch (err) {
      seatsLine.textContent = 'Die freien Plätze konnten nicht geladen werden. ' + errorText(err);
      return;
    }
    if (!ctx.isCurrent()) return;
    seatsLine.textContent = seatsText(seats);
    reasonLine.textContent = seats.open ? '' : seats.reason;
    const next = [seats.open, own?.status || '', own?.id || '', own?.waiting_position || '', user?.id || '', seats.free > 0].join('|');
    if (next === mode) return;
    mode = next;
    clear(controls);
    if (own) controls.append(ownBox(own));
    else if (seats.open) controls.append(user ? accountButton(user, seats) : guestForm(seats));
  };

  const ownBox = (own) => {
    const status = h('p', {}, ownStatusText(own));
    const cancel = h('button', { type: 'button', class: 'button secondary' }, 'Abmelden');
    cancel.addEventListener('click', async () => {
      if (!window.confirm(`Von „${current.title}“ abmelden? Ihr Platz geht an die nächste Person auf der Warteliste.`)) return;
      cancel.disabled = true;
      try {
        await pb.collection('event_registrations').update(own.id, { status: 'cancelled' });
        ctx.announce('Sie sind abgemeldet.');
        await update();
      } catch (err) {
        cancel.disabled = false;
        status.textContent = errorText(err);
      }
    });
    const started = parseDate(current.starts_at)?.getTime() <= Date.now();
    return h('div', {}, status,
      h('p', { class: 'actions' }, started || own.status === 'attended' ? null : cancel, h('a', { href: OWN_PAGE }, 'Meine Anmeldungen')));
  };

  const accountButton = (user, seats) => {
    const label = seats.free > 0 ? 'Anmelden' : 'Auf die Warteliste';
    const button = h('button', { type: 'button', class: 'button' }, label);
    const message = h('p', { role: 'status' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const r = await pb.collection('event_registrations').create({ event: current.id });
        ctx.announce(r.status === 'waitlisted' ? 'Sie stehen auf der Warteliste.' : 'Sie sind angemeldet.');
        mode = '';
        await update();
      } catch (err) {
        button.disabled = false;
        message.textContent = errorText(err);
      }
    });
    return h('div', {},
      h('p', {}, `Sie melden sich mit Ihrem Konto an (${user.name || user.email}). Der Veranstalter sieht Ihren Namen und Ihre E-Mail-Adresse.`),
      h('p', { class: 'actions' }, button), message);
  };

  const guestForm = (seats) => {
    const form = h('form', { class: 'form registration-form', novalidate: true },
      requiredNote(),
      h('div', { class: 'field-row' },
        field({ name: 'name', label: 'Ihr Name', required: true, autocomplete: 'name', attrs: { maxlength: 120 } }),
        field({ name: 'email', label: 'Ihre E-Mail-Adresse', type: 'email', required: true, autocomplete: 'email',
          help: 'Hierhin schicken wir den Link, mit dem Sie die Anmeldung bestätigen und später absagen können.' })),
      consentField('Ich bin einverstanden, dass der Veranstalter meinen Namen und meine E-Mail-Adresse für diesen Termin nutzt.',
        'Nach dem Termin löscht BEN die Angaben nach der Löschfrist.'),
      h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, seats.free > 0 ? 'Anmelden' : 'Auf die Warteliste')),
      h('p', { class: 'muted' }, 'Sie haben ein Konto? ', h('a', { href: '/anmelden?weiter=' + encodeURIComponent(location.pathname) }, 'Melden Sie sich an'), ', dann geht es ohne Bestätigungslink.'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const errors = checkContact(data);
      if (errors.consent) errors.consent = 'Bitte willigen Sie ein, dass der Veranstalter Ihren Namen und Ihre E-Mail-Adresse für diesen Termin nutzt.';
      if (Object.keys(errors).length) {
        showErrors(form, errors);
        return;
      }
      const body = { event: current.id, name: String(data.get('name')).trim(), email: String(data.get('email')).trim(), consent: true };
      await submitting(form, async () => {
        let r;
        try {
          r = await pb.collection('event_registrations').create(body);
        } catch (err) {
          showRequestError(form, err);
          return;
        }
        const heading = h('h3', { tabindex: '-1' }, 'Fast geschafft: Bitte bestätigen Sie Ihre Anmeldung');
        clear(controls).append(h('div', { class: 'notice notice-success confirmation', role: 'status' },
          heading,
          h('p', {}, r.status === 'waitlisted'
            ? 'Alle Plätze sind vergeben; Sie stehen auf der Warteliste und rücken nach, wenn jemand absagt.'
            : 'Ein Platz ist für Sie reserviert.'),
          h('p', {}, `Wir haben Ihnen eine E-Mail an ${body.email} geschickt. Bitte bestätigen Sie die Anmeldung innerhalb von 24 Stunden über den Link darin; sonst verfällt sie.`)));
        mode = 'sent';
        heading.focus();
        ctx.announce('Anmeldung gesendet. Bitte bestätigen Sie sie über den Link in der E-Mail.');
      });
    });
    return form;
  };

  return { el: section, update };
}

/**
 * downloadCSV fetches the registrations of an event as CSV with the login
 * (a plain link would be a guest's request) and offers the file.
 */
export async function downloadCSV(eventId) {
  const res = await fetch(`/api/ben/events/${encodeURIComponent(eventId)}/registrations.csv`, {
    headers: { Authorization: pb.authStore.token },
  });
  if (!res.ok) throw Object.assign(new Error('download'), { status: res.status });
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '')?.[1] || 'anmeldungen.csv';
  const url = URL.createObjectURL(await res.blob());
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** registeredAt is "12.03.2026, 14:05 Uhr". */
export const registeredAt = (r) => `${formatDateNumeric(r.created)}, ${formatTime(r.created)} Uhr`;
