/** Vocabulary for rendered records: plain ASCII, so no value ever needs JSON escaping. */

/** Splits a comma-separated list (kept as one string so the vocabulary stays readable). */
function list(text: string): readonly string[] {
  return text.split(',').map((item) => item.trim());
}

export const FIRST_NAMES = list(`Ada, Alan, Amara, Ana, Arjun, Ben, Carla, Chen, Dara, David, Elena, Emeka,
  Eva, Farah, Felix, Grace, Hana, Hugo, Ines, Ivan, Jana, Jonas, Kai, Kenji, Lara, Leo, Lina, Luca, Maya,
  Mateo, Mei, Nadia, Nils, Noor, Omar, Olga, Priya, Paul, Quinn, Rosa, Rafael, Sara, Sven, Tariq, Tess,
  Uma, Victor, Wen, Yara, Yusuf, Zoe, Zane`);

export const LAST_NAMES = list(`Adams, Alvarez, Bauer, Becker, Chen, Costa, Dubois, Eriksson, Fischer,
  Garcia, Gupta, Hansen, Hoffmann, Ito, Jansen, Kim, Kowalski, Larsen, Lopez, Martin, Meyer, Moreau,
  Nakamura, Novak, Okafor, Olsen, Patel, Petrov, Quinn, Rossi, Sato, Schmidt, Silva, Smith, Suzuki,
  Tanaka, Taylor, Usman, Varga, Wagner, Wang, Weber, Wilson, Xu, Yamamoto, Young, Zhang, Zimmermann`);

export interface Country {
  readonly code: string;
  readonly timezones: readonly string[];
  readonly cities: readonly string[];
}

function country(code: string, timezones: string, cities: string): Country {
  return { code, timezones: list(timezones), cities: list(cities) };
}

export const COUNTRIES: readonly Country[] = [
  country('US', 'America/New_York, America/Chicago, America/Los_Angeles', 'New York, Chicago, Austin'),
  country('GB', 'Europe/London', 'London, Manchester, Edinburgh'),
  country('DE', 'Europe/Berlin', 'Berlin, Munich, Hamburg'),
  country('FR', 'Europe/Paris', 'Paris, Lyon, Toulouse'),
  country('NL', 'Europe/Amsterdam', 'Amsterdam, Rotterdam, Utrecht'),
  country('ES', 'Europe/Madrid', 'Madrid, Barcelona, Valencia'),
  country('CA', 'America/Toronto, America/Vancouver', 'Toronto, Vancouver, Montreal'),
  country('JP', 'Asia/Tokyo', 'Tokyo, Osaka, Fukuoka'),
  country('IN', 'Asia/Kolkata', 'Bengaluru, Pune, Hyderabad'),
  country('BR', 'America/Sao_Paulo', 'Sao Paulo, Rio de Janeiro, Curitiba'),
  country('AU', 'Australia/Sydney, Australia/Melbourne', 'Sydney, Melbourne, Brisbane'),
];

export const STREETS = list(`Main Street, Market Street, Station Road, Harbour Way, Park Avenue,
  King Street, Mill Lane, River Road, Bridge Street, Church Road, Garden Row, High Street`);

export const SITE_KINDS = list('Office, HQ, Hub, Studio, Campus, Warehouse');

export const DEPARTMENTS = list(`Engineering, Product, Design, Sales, Marketing, Finance, People, Legal,
  Support, Operations, Security, Data, Research, Procurement, Facilities`);

export const SKILLS = list(`typescript, go, python, sql, kubernetes, negotiation, accounting, figma,
  public-speaking, recruiting, copywriting, excel, rust, java, terraform, analytics`);

export const WORDS = list(`alpha, billing, cache, dashboard, export, login, mobile, onboarding, payments,
  report, search, settings, sync, upload, webhook, invoice, profile, calendar, import, audit,
  permissions, timeout, latency, migration, layout, email, queue`);

export const VERBS = list(`Fix, Add, Improve, Remove, Refactor, Investigate, Document, Speed up, Test,
  Redesign, Migrate, Translate`);

export const COMMENTS = list(`Looks good to me., Can we get a repro for this?, Fixed in the latest build.,
  This blocks the release., Moving to next sprint., Customer reported it again today.,
  Please add a test for the edge case., Duplicate of an older ticket.,
  Works on staging but fails in production., Pairing on this tomorrow., Needs design input first.,
  Rolled back while we investigate.`);

export const TIME_OFF_NOTES = list('Family event., Doctor appointment., Conference trip., Moving house.');

export const LABELS = list(`bug, feature, tech-debt, security, performance, ux, backend, frontend, infra,
  customer, regression, docs`);

/** A lowercase email local part from a name, unique by the number appended. */
export function emailOf(first: string, last: string, unique?: number): string {
  return `${first}.${last}${unique === undefined ? '' : `.${unique}`}@example.com`.toLowerCase();
}
