// The iCalendar feeds as a calendar app sees them: fetched over HTTP and
// read by a real parser (ical.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { DEMO } from './lib/server.js';
import { setUpBEN } from './lib/suite.js';

let server;
let staff;

setUpBEN({ ready: (ben) => ({ server, staff } = ben) });

/** parse reads a feed with ical.js and registers its time zones. */
function parse(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return calendar;
}

/** berlinDay is the calendar day in Bitburg of an API date, as "2027-06-06". */
const berlinDay = (value) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(value.replace(' ', 'T')));

/** publicUpcoming lists, through the REST API as a guest, what a feed must contain. */
async function publicUpcoming(extraFilter = '') {
  const filter = `ends_at >= @now${extraFilter ? ` && ${extraFilter}` : ''}`;
  const res = await fetch(`${server.base}/api/collections/events/records?perPage=500&sort=starts_at&filter=${encodeURIComponent(filter)}`);
  assert.equal(res.status, 200);
  return (await res.json()).items;
}

test('the feed of all events parses and holds exactly the published upcoming events', async () => {
  const res = await fetch(server.base + '/api/ben/events.ics');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
  const text = await res.text();

  for (const [i, line] of text.split('\r\n').slice(0, -1).entries()) {
    assert.ok(Buffer.byteLength(line) <= 75, `line ${i + 1} is longer than 75 octets`);
    assert.ok(!/[\r\n]/.test(line), `line ${i + 1} has a bare line break`);
  }
  assert.ok(text.endsWith('END:VCALENDAR\r\n'));

  const calendar = parse(text);
  assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
  assert.equal(calendar.getFirstSubcomponent('vtimezone').getFirstPropertyValue('tzid'), 'Europe/Berlin');

  const expected = await publicUpcoming();
  const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
  assert.equal(events.length, expected.length);
  assert.ok(events.length >= 15, 'the demo has many public events');

  const byUid = new Map(events.map((e) => [e.uid, e]));
  for (const record of expected) {
    const event = byUid.get(`${record.id}@ben.bitburg`);
    assert.ok(event, `${record.title} is in the feed`);
    assert.equal(event.summary, record.cancelled ? `Abgesagt: ${record.title}` : record.title);
    assert.equal(event.component.getFirstPropertyValue('status'), record.cancelled ? 'CANCELLED' : 'CONFIRMED');
    if (record.all_day) {
      // whole days: DATE values, the end the day after the last day
      assert.equal(event.startDate.isDate, true, `${record.title} is all-day`);
      assert.equal(event.startDate.toString(), berlinDay(record.starts_at));
      assert.equal(event.endDate.toString(), berlinDay(record.ends_at));
    } else {
      assert.equal(event.startDate.toJSDate().toISOString(), new Date(record.starts_at.replace(' ', 'T')).toISOString(), `${record.title} starts on time`);
      assert.equal(event.endDate.toJSDate().toISOString(), new Date(record.ends_at.replace(' ', 'T')).toISOString());
      assert.equal(event.startDate.zone?.tzid, 'Europe/Berlin', 'times carry the time zone of Bitburg');
    }
    assert.equal(event.isRecurring(), Boolean(record.rrule), `${record.title} repeats as stored`);
    assert.ok(event.component.getFirstPropertyValue('dtstamp'), 'DTSTAMP is set');
  }
  const titles = events.map((e) => e.summary);
  assert.ok(!titles.includes('Vereinsversammlung (intern)'), 'a draft is not in the feed');
  assert.ok(!titles.includes('Chorprobe zum Reinschnuppern'), 'an event of a pending club is not in the feed');

  const festival = events.find((e) => e.summary.startsWith('Bitburg engagiert sich'));
  assert.match(festival.description, /Veranstalter: Koordinierungsstelle/);
  assert.equal(festival.component.getFirstPropertyValue('categories'), 'Vereinsfest');
});

test('the feed of one club holds only its events; unknown and pending clubs have none', async () => {
  const res = await fetch(`${server.base}/api/ben/organisations/${DEMO.clubA}/events.ics`);
  assert.equal(res.status, 200);
  const calendar = parse(await res.text());
  const club = await staff.collection('organisations').getFirstListItem(`slug = "${DEMO.clubA}"`);
  const expected = await publicUpcoming(`organisation = "${club.id}"`);
  const uids = calendar.getAllSubcomponents('vevent').map((c) => c.getFirstPropertyValue('uid')).sort();
  assert.deepEqual(uids, expected.map((e) => `${e.id}@ben.bitburg`).sort());
  assert.equal(calendar.getFirstPropertyValue('x-wr-calname'), 'Sportfreunde Bitburg-Süd – Termine (BEN Bitburg)');

  assert.equal((await fetch(`${server.base}/api/ben/organisations/gibt-es-nicht/events.ics`)).status, 404);
  assert.equal((await fetch(`${server.base}/api/ben/organisations/chor-klangvoll/events.ics`)).status, 404, 'pending club');
});

test('calendar apps poll cheaply (ETag, 304) and see an unpublished event vanish', async () => {
  const first = await fetch(server.base + '/api/ben/events.ics');
  const etag = first.headers.get('etag');
  assert.ok(etag);
  await first.text();

  const again = await fetch(server.base + '/api/ben/events.ics', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);

  const event = await staff.collection('events').getFirstListItem('title = "Repair-Café"');
  await staff.collection('events').update(event.id, { published: false });
  const changed = await fetch(server.base + '/api/ben/events.ics', { headers: { 'If-None-Match': etag } });
  assert.equal(changed.status, 200);
  assert.notEqual(changed.headers.get('etag'), etag);
  const uids = parse(await changed.text()).getAllSubcomponents('vevent').map((c) => c.getFirstPropertyValue('uid'));
  assert.ok(!uids.includes(`${event.id}@ben.bitburg`));
});
