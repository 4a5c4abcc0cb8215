import type { ColourBand } from '../api/types';

/**
 * Indonesia's three zones by province code, as libs/mcp-domain/src/local-time-zone.ts decides them
 * for the services (duplicated because the bundle cannot pull that Node library in).
 */
export interface Zone {
  abbreviation: 'WIB' | 'WITA' | 'WIT';
  iana: string;
}

export const WIB: Zone = { abbreviation: 'WIB', iana: 'Asia/Jakarta' };
const WITA: Zone = { abbreviation: 'WITA', iana: 'Asia/Makassar' };
const WIT: Zone = { abbreviation: 'WIT', iana: 'Asia/Jayapura' };
const WITA_PROVINCES = ['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76'];
const WIT_PROVINCES = ['81', '82', '91', '92', '93', '94', '95', '96'];

export function zoneOfProvince(provinceCode: string): Zone {
  if (WITA_PROVINCES.includes(provinceCode)) return WITA;
  if (WIT_PROVINCES.includes(provinceCode)) return WIT;
  return WIB;
}

export function zoneOfPemda(pemdaCode: string | undefined | null): Zone {
  return pemdaCode ? zoneOfProvince(pemdaCode.slice(0, 2)) : WIB;
}

/** The UTC offset of a zone, for building ISO instants ("+08:00") from a local date and time. */
export function offsetOf(zone: Zone): string {
  return zone === WIT ? '+09:00' : zone === WITA ? '+08:00' : '+07:00';
}

export function formatNumber(value: number | string | null | undefined, locale: string, digits = 2): string {
  if (value === null || value === undefined || value === '') return '–';
  const number = typeof value === 'string' ? Number(value) : value;
  if (!Number.isFinite(number)) return String(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(number);
}

export function formatScore(value: number | string | null | undefined, locale: string): string {
  if (value === null || value === undefined || value === '') return '–';
  const number = typeof value === 'string' ? Number(value) : value;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(number);
}

export function formatDateTime(iso: string | null | undefined, locale: string, zone: Zone = WIB): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = new Intl.DateTimeFormat(locale, {
    timeZone: zone.iana,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${text} ${zone.abbreviation}`;
}

export function formatDate(iso: string | null | undefined, locale: string, zone: Zone = WIB): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { timeZone: zone.iana, day: 'numeric', month: 'short', year: 'numeric' }).format(date);
}

export function formatBytes(bytes: number, locale: string): string {
  if (bytes < 1024) return `${formatNumber(bytes, locale, 0)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, locale, 1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${formatNumber(bytes / 1024 / 1024, locale, 1)} MB`;
  return `${formatNumber(bytes / 1024 / 1024 / 1024, locale, 2)} GB`;
}

/** Remaining time as parts, so the caller words it in the user's language. */
export function remaining(until: string | null | undefined, now: number): { days: number; hours: number; minutes: number; seconds: number; past: boolean } | null {
  if (!until) return null;
  const ms = new Date(until).getTime() - now;
  const past = ms <= 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  return {
    days: Math.floor(total / 86400),
    hours: Math.floor((total % 86400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
    past,
  };
}

export interface BandThreshold {
  band: ColourBand;
  from: number;
}

/** KPK's bands up to 2024; a year's framework may state its own (2025 starts green at 78). */
export const DEFAULT_BANDS: BandThreshold[] = [
  { band: 'red', from: 0 },
  { band: 'yellow', from: 25 },
  { band: 'blue', from: 50 },
  { band: 'green', from: 75 },
];

export function bandOf(score: number, thresholds: BandThreshold[] = DEFAULT_BANDS): ColourBand {
  const rounded = Math.round(score * 100) / 100;
  let band = thresholds[0]?.band ?? 'red';
  for (const threshold of thresholds) if (rounded >= threshold.from) band = threshold.band;
  return band;
}
