// Series, whole days, cancellations and the repeated autumn hour as a
// calendar app reads them: BEN's feeds parsed and expanded by ical.js must
// give exactly the dates BEN itself lists (GET /api/ben/occurrences).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { DEMO } from './lib/server.js';
import { setUpBEN } from './lib/suite.js';

let server;
let staff;
let club;

setUpBEN({
  ready: async (ben) => {
    ({ server, staff } = ben);
    club = await staff.collection('organisations').getFirstListItem(`slug = "${DEMO.clubA}"`);
  },
});

const YEAR = new Date().getUTCFullYear() + 1;
const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => d.toISOString();
/** apiDate turns "2027-03-02 17:30:00.000Z" into an ISO string. */
const apiDate = (s) => new Date(s.replace(' ', 'T')).toISOString();

/** weekday finds the first date on or after year-month-day that is the given weekday (0 = Sunday), in UTC. */
function weekday(year, month, day, wd) {
  const d = new Date(Date.UTC(year, month - 1, day));
  while (d.getUTCDay() !== wd) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

/** feed fetches the club's feed and returns its events by UID, time zones registered. */
async function feed() {
  const res = await fetch(`${server.base}/api/ben/organisations/${DEMO.clubA}/events.ics`);
  assert.equal(res.status, 200);
  const calendar = new ICAL.Component(ICAL.parse(await res.text()));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return new Map(calendar.getAllSubcomponents('vevent').map((c) => [c.getFirstPropertyValue('uid'), new ICAL.Event(c)]));
}

/** expand lists the occurrences ical.js computes for event, as [start, end] ISO strings. */
function expand(event, limit = 200) {
  if (!event.isRecurring()) return [[iso(event.startDate.toJSDate()), iso(event.endDate.toJSDate())]];
  const it = event.iterator();
  const out = [];
  for (let next = it.next(); next && out.length < limit; next = it.next()) {
    const details = event.getOccurrenceDetails(next);
    out.push([iso(details.startDate.toJSDate()), iso(details.endDate.toJSDate())]);
  }
  return out;
}

/** listed asks BEN for the dates of one event between from and to. */
async function listed(id, from, to) {
  const res = await fetch(`${server.base}/api/ben/occurrences?event=${id}&from=${from}&to=${to}&perPage=1000`);
  assert.equal(res.status, 200);
  return (await res.json()).items.map((o) => [apiDate(o.starts_at), apiDate(o.ends_at)]);
}

test('a weekly series with a cancelled date: ical.js expands the same dates as BEN, across the change to summer time', async () => {
  const first = weekday(YEAR, 3, 1, 2); // the first Tuesday of March
  const start = new Date(first.getTime() + 17.5 * 3600_000); // 18:30 CET
  const cancelled = new Date(first.getTime() + 7 * 86400_000);
  const event = await staff.collection('events').create({
    title: 'Lauftreff (Reihe)', kind: 'termin', organisation: club.id, published: true, location: 'Stausee',
    starts_at: iso(start), ends_at: iso(new Date(start.getTime() + 90 * 60_000)),
    rrule: `FREQ=WEEKLY;BYDAY=TU;UNTIL=${YEAR}0505`,
    exdates: [`${YEAR}-03-${pad(cancelled.getUTCDate())}`],
  });

  const read = (await feed()).get(`${event.id}@ben.bitburg`);
  assert.ok(read, 'the series is in the feed');
  assert.ok(read.isRecurring());
  const byIcal = expand(read);
  const byBen = await listed(event.id, `${YEAR}-03-01`, `${YEAR}-05-31`);
  assert.deepEqual(byIcal, byBen);
  assert.ok(byBen.length >= 8, `a series from March to May, got ${byBen.length}`);
  assert.ok(!byBen.some(([s]) => s.startsWith(`${YEAR}-03-${pad(cancelled.getUTCDate())}`)), 'the cancelled date is left out');
  // 18:30 in Bitburg stays 18:30: 17:30 UTC in winter, 16:30 UTC in summer
  assert.ok(byBen[0][0].endsWith('T17:30:00.000Z'));
  assert.ok(byBen[byBen.length - 1][0].endsWith('T16:30:00.000Z'));
});

test('a monthly series on the last Friday, counted: the same dates in ical.js and BEN', async () => {
  const lastFriday = new Date(Date.UTC(YEAR, 1, 28));
  while (lastFriday.getUTCDay() !== 5) lastFriday.setUTCDate(lastFriday.getUTCDate() - 1);
  const start = new Date(lastFriday.getTime() + 18 * 3600_000); // 19:00 CET
  const event = await staff.collection('events').create({
    title: 'Stammtisch (Reihe)', kind: 'austauschtreffen', organisation: club.id, published: true,
    starts_at: iso(start), ends_at: iso(new Date(start.getTime() + 2 * 3600_000)), rrule: 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=6',
  });
  const byIcal = expand((await feed()).get(`${event.id}@ben.bitburg`));
  const byBen = await listed(event.id, `${YEAR}-02-01`, `${YEAR}-12-31`);
  assert.equal(byBen.length, 6);
  assert.deepEqual(byIcal, byBen);
});

test('an all-day event is a DATE with an exclusive end, and ical.js reads whole days', async () => {
  const event = await staff.collection('events').create({
    title: 'Vereinsausflug', kind: 'termin', organisation: club.id, published: true, all_day: true,
    starts_at: `${YEAR}-06-06 08:00:00.000Z`, ends_at: `${YEAR}-06-07 15:00:00.000Z`,
  });
  const read = (await feed()).get(`${event.id}@ben.bitburg`);
  assert.equal(read.startDate.isDate, true);
  assert.equal(read.startDate.toString(), `${YEAR}-06-06`);
  assert.equal(read.endDate.toString(), `${YEAR}-06-08`, 'the end is the day after the last day');
  const [only] = await listed(event.id, `${YEAR}-06-01`, `${YEAR}-06-30`);
  // the day starts at midnight in Bitburg (22:00 UTC the day before, summer time)
  assert.deepEqual(only, [`${YEAR}-06-05T22:00:00.000Z`, `${YEAR}-06-07T22:00:00.000Z`]);
});

test('a cancelled event stays in the feed with STATUS:CANCELLED and a higher SEQUENCE', async () => {
  const start = new Date(Date.UTC(YEAR, 8, 12, 16));
  const event = await staff.collection('events').create({
    title: 'Grillabend', kind: 'termin', organisation: club.id, published: true,
    starts_at: iso(start), ends_at: iso(new Date(start.getTime() + 3 * 3600_000)),
  });
  const before = (await feed()).get(`${event.id}@ben.bitburg`);
  assert.equal(before.component.getFirstPropertyValue('status'), 'CONFIRMED');
  const sequence = before.sequence;

  await staff.collection('events').update(event.id, { cancelled: true });
  const after = (await feed()).get(`${event.id}@ben.bitburg`);
  assert.ok(after, 'the cancelled event is still in the feed');
  assert.equal(after.component.getFirstPropertyValue('status'), 'CANCELLED');
  assert.ok(after.sequence > sequence, `SEQUENCE ${after.sequence} must exceed ${sequence}`);
  assert.match(after.summary, /^Abgesagt: Grillabend$/);

  await staff.collection('events').update(event.id, { location: 'Vereinsheim' });
  assert.ok((await feed()).get(`${event.id}@ben.bitburg`).sequence > after.sequence, 'a new place raises SEQUENCE again');
});

test('the hour repeated in autumn round-trips exactly through ical.js', async () => {
  // the last Sunday of October of a year to come: 02:00–02:59 happens twice
  let year = new Date().getUTCFullYear();
  let sunday;
  for (;; year++) {
    sunday = new Date(Date.UTC(year, 9, 31));
    while (sunday.getUTCDay() !== 0) sunday.setUTCDate(sunday.getUTCDate() - 1);
    if (sunday > new Date(Date.now() + 86400_000)) break;
  }
  const first = new Date(sunday.getTime() + 30 * 60_000); // 00:30 UTC = 02:30 CEST
  const second = new Date(first.getTime() + 3600_000); // 01:30 UTC = 02:30 CET
  const event = await staff.collection('events').create({
    title: 'Nachtwanderung zur Zeitumstellung', kind: 'termin', organisation: club.id, published: true,
    starts_at: iso(first), ends_at: iso(second),
  });
  for (const read of [(await feed()).get(`${event.id}@ben.bitburg`), await single(event.id)]) {
    assert.equal(iso(read.startDate.toJSDate()), iso(first), 'the first 02:30 is read as the first');
    assert.equal(iso(read.endDate.toJSDate()), iso(second), 'the second 02:30 is read as the second');
  }
});

/** single downloads one event's file and reads its event. */
async function single(id) {
  const res = await fetch(`${server.base}/api/ben/events/${id}.ics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /^attachment;/);
  assert.match(res.headers.get('access-control-expose-headers') || '', /ETag/i);
  const calendar = new ICAL.Component(ICAL.parse(await res.text()));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return new ICAL.Event(calendar.getFirstSubcomponent('vevent'));
}
