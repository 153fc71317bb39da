// German names of the values the API stores. The keys are the values of the
// select fields in migrations/ (a public contract); only the labels are ours.

export const ORG_KINDS = {
  verein: 'Verein',
  initiative: 'Initiative',
  einrichtung: 'Einrichtung',
  kirchengemeinde: 'Kirchengemeinde',
  projekt: 'Projekt',
};

export const TOPICS = {
  gesundheit: 'Gesundheit',
  jugend: 'Jugend',
  senioren: 'Senioren',
  migration: 'Migration',
  kultur: 'Kultur',
  sport: 'Sport',
  umwelt: 'Umwelt',
  soziales: 'Soziales',
  bildung: 'Bildung',
  rettung: 'Rettung/Feuerwehr',
  kirche: 'Kirche',
  tiere: 'Tiere',
  inklusion: 'Inklusion',
  nachbarschaft: 'Nachbarschaft',
};

export const EVENT_KINDS = {
  termin: 'Termin',
  fortbildung: 'Fortbildung',
  austauschtreffen: 'Austauschtreffen',
  ehrung: 'Ehrung',
  vereinsfest: 'Vereinsfest „Bitburg engagiert sich“',
};

// Event kinds an editor may choose; the festival is created by the office only.
export const EDITOR_EVENT_KINDS = ['termin', 'fortbildung', 'austauschtreffen', 'ehrung'];

export const ORG_STATUS = {
  pending: 'Wartet auf Freigabe',
  published: 'Veröffentlicht',
  archived: 'Archiviert',
};

export const OFFICE_NAME = 'Koordinierungsstelle Ehrenamt der Stadt Bitburg';

export const label = (map, key) => map[key] || key || '';

// Engagement opportunities, the answers to them (interests) and enquiries.
export const COMMITMENTS = {
  einmalig: 'Einmalig',
  regelmaessig: 'Regelmäßig',
  projekt: 'Projekt auf Zeit',
};

export const COMMITMENT_HELP = {
  einmalig: 'z. B. bei einem Fest oder einer Aktion',
  regelmaessig: 'jede Woche oder jeden Monat',
  projekt: 'für einige Wochen oder Monate',
};

export const OPPORTUNITY_STATUS = {
  draft: 'Entwurf',
  published: 'Veröffentlicht',
  closed: 'Beendet',
};

export const INTEREST_STATUS = {
  new: 'Neu',
  contacted: 'Kontakt aufgenommen',
  engaged: 'Engagiert sich',
  not_a_fit: 'Passt nicht',
};

// The working group "Engagierte Stadt Bitburg" and the town's awards.
export const SEATS = {
  buergermeister: 'Bürgermeister',
  koordination: 'Koordinierung Engagierte Stadt',
  caritas: 'Caritasverband Westeifel',
  pflegestuetzpunkt_drk: 'Pflegestützpunkt / DRK',
  gleichstellung: 'Gleichstellungsbeauftragte',
  politik: 'Politik',
  verein_buergerschaft: 'Vereine und Bürgerschaft',
  jugend: 'Jugend',
  erweiterung: 'Erweiterung',
};

export const AWARD_KINDS = {
  stadtmedaille: 'Stadtmedaille',
  ehrenamtspreis: 'Ehrenamtspreis',
  projektpreis: 'Projektpreis',
  dankesbrief: 'Dankesbrief des Bürgermeisters',
};

export const NOMINATION_STATUS = {
  submitted: 'Eingegangen',
  admitted: 'Zur Bewertung zugelassen',
  declined: 'Nicht zugelassen',
  awarded: 'Ausgezeichnet',
};

export const ROUND_STATUS = {
  draft: 'In Vorbereitung',
  published: 'Ausgeschrieben',
  decided: 'Entschieden',
};
