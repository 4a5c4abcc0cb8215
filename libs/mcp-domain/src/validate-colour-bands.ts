import type { BandThreshold, ColourBand } from './colour-band';
import { readObject, readPercent, type JsonObject } from './framework-fields';
import { childPath, type FrameworkProblems } from './framework-problems';

const BAND_ORDER: readonly ColourBand[] = ['red', 'yellow', 'blue', 'green'];

/**
 * Optional year-specific colour bands: the four bands in report order, the first from 0, each
 * starting above the previous one. Undefined when absent, null after a problem.
 */
export function readColourBands(object: JsonObject, problems: FrameworkProblems): BandThreshold[] | undefined | null {
  const list = object['colourBands'];
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length !== BAND_ORDER.length) {
    problems.add('colourBands', `harus empat pita berurutan: ${BAND_ORDER.join(', ')}`);
    return null;
  }
  const bands = list.map((value, i) => readBand(value, i, problems));
  if (bands.some((band) => band === undefined)) return null;
  return checkThresholds(bands as BandThreshold[], problems) ? (bands as BandThreshold[]) : null;
}

function readBand(value: unknown, i: number, problems: FrameworkProblems): BandThreshold | undefined {
  const path = childPath('colourBands', i);
  const item: JsonObject | undefined = readObject(value, path, problems);
  if (item === undefined) return undefined;
  const from = readPercent(item['from'], childPath(path, 'from'), problems, true);
  if (item['band'] !== BAND_ORDER[i]) {
    problems.add(childPath(path, 'band'), `harus "${BAND_ORDER[i]}" (urutan ${BAND_ORDER.join(', ')})`);
    return undefined;
  }
  return from === undefined ? undefined : { band: BAND_ORDER[i], from };
}

function checkThresholds(bands: BandThreshold[], problems: FrameworkProblems): boolean {
  let ok = true;
  if (bands[0].from !== 0) {
    problems.add('colourBands[0].from', `pita pertama harus mulai dari 0, sekarang ${bands[0].from}`);
    ok = false;
  }
  for (let i = 1; i < bands.length; i++) {
    if (bands[i].from <= bands[i - 1].from) {
      problems.add(
        `colourBands[${i}].from`,
        `harus lebih besar dari batas pita sebelumnya (${bands[i - 1].from}), sekarang ${bands[i].from}`,
      );
      ok = false;
    }
  }
  return ok;
}
