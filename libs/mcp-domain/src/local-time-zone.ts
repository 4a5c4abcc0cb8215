/**
 * Indonesia's three legal time zones (Keppres 41/1987) by province code (Kemendagri). A deadline
 * is shown to a Pemda in its own zone: 23.59 WIB in Jakarta is 00.59 WITA in Bali.
 */
export interface LocalTimeZone {
  abbreviation: 'WIB' | 'WITA' | 'WIT';
  iana: string;
}

const WIB: LocalTimeZone = { abbreviation: 'WIB', iana: 'Asia/Jakarta' };
const WITA: LocalTimeZone = { abbreviation: 'WITA', iana: 'Asia/Makassar' };
const WIT: LocalTimeZone = { abbreviation: 'WIT', iana: 'Asia/Jayapura' };

// Sumatera, Jawa, Kalimantan Barat and Tengah are WIB; Bali, Nusa Tenggara, the rest of
// Kalimantan and Sulawesi WITA; Maluku and the Papua provinces WIT.
const WITA_PROVINCES = ['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76'];
const WIT_PROVINCES = ['81', '82', '91', '92', '93', '94', '95', '96'];

/** KPK's own zone (Jakarta): how its staff read a time that belongs to no Pemda. */
export const KPK_TIME_ZONE: LocalTimeZone = WIB;

export function localTimeZoneOf(provinceCode: string): LocalTimeZone {
  if (WITA_PROVINCES.includes(provinceCode)) return WITA;
  if (WIT_PROVINCES.includes(provinceCode)) return WIT;
  return WIB;
}

const MONTHS = [
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
  'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
];

/** "30 November 2024 pukul 23.59 WIB": how Indonesian offices write a time, in the Pemda's zone. */
export function formatLocalTime(at: Date, zone: LocalTimeZone): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone.iana,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1]} ${parts.year} pukul ${parts.hour}.${parts.minute} ${zone.abbreviation}`;
}
