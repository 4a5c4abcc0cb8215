import type { Area, Framework, Indicator, Label, SubIndicator } from './framework';
import { readInteger, readObject, readText, type JsonObject } from './framework-fields';
import { FrameworkProblems, type FrameworkProblem } from './framework-problems';
import { FrameworkReader, isComplete, withOptional } from './framework-reader';
import { isIanaTimeZone, isIsoInstantWithOffset } from './iso-instant';
import { readColourBands } from './validate-colour-bands';
import { checkLabelsUsed, readLabelReference, readLabels } from './validate-labels';
import { readSubIndicator } from './validate-sub-indicator';

export type FrameworkValidation =
  { ok: true; framework: Framework } | { ok: false; problems: FrameworkProblem[] };

/**
 * Checks a framework document (from JSON, a workbook or an event) and reports every problem with
 * its path. On success returns a clean copy holding only the framework's own fields, with the
 * rubric steps of `evidence-points` sub-indicators filled in.
 */
export function validateFramework(input: unknown): FrameworkValidation {
  const problems = new FrameworkProblems();
  const framework = readFramework(input, new FrameworkReader(problems));
  if (problems.list.length > 0 || framework === undefined)
    return { ok: false, problems: problems.list };
  return { ok: true, framework };
}

function readFramework(input: unknown, reader: FrameworkReader): Framework | undefined {
  const object = readObject(input, '', reader.problems);
  if (object === undefined) return undefined;
  const aspects = readLabels(object, 'aspects', '', reader);
  const colourBands = readColourBands(object, reader.problems);
  const required = {
    // The events' schemas start at 2018 (MCP's first year): an earlier year imported as a draft
    // could never be published, and failed inside the publication with an internal error.
    year: readInteger(object, 'year', { min: 2018, max: 2100 }, '', reader.problems),
    revision: readInteger(
      object,
      'revision',
      { min: 1, max: Number.MAX_SAFE_INTEGER },
      '',
      reader.problems,
    ),
    name: readText(object, 'name', '', reader.problems),
    uploadDeadline: readDeadline(object, reader.problems),
    timeZone: readTimeZone(object, reader.problems),
  };
  const areas = reader.children<Area>(object, 'areas', '', (value, path) =>
    readArea(value, path, reader, aspects),
  );
  checkLabelsUsed(aspects, 'aspek', 'aspects', reader);
  let framework: Partial<Framework> = withOptional(required, 'aspects', aspects !== undefined, aspects ?? undefined);
  framework = withOptional(framework, 'colourBands', colourBands !== undefined, colourBands ?? undefined);
  framework = { ...framework, areas };
  return isComplete(framework) ? (framework as Framework) : undefined;
}

function readDeadline(object: JsonObject, problems: FrameworkProblems): string | undefined {
  const deadline = readText(object, 'uploadDeadline', '', problems);
  if (deadline === undefined || isIsoInstantWithOffset(deadline)) return deadline;
  problems.add(
    'uploadDeadline',
    'harus waktu ISO-8601 lengkap dengan zona, mis. 2024-11-30T23:59:59+07:00',
  );
  return undefined;
}

function readTimeZone(object: JsonObject, problems: FrameworkProblems): string | undefined {
  const zone = readText(object, 'timeZone', '', problems);
  if (zone === undefined || isIanaTimeZone(zone)) return zone;
  problems.add('timeZone', `zona waktu "${zone}" tidak dikenal, mis. Asia/Jakarta`);
  return undefined;
}

function readArea(
  value: unknown,
  path: string,
  reader: FrameworkReader,
  aspects: Label[] | null | undefined,
): Partial<Area> | undefined {
  const object = readObject(value, path, reader.problems);
  if (object === undefined) return undefined;
  const code = reader.code(object, path);
  const name = readText(object, 'name', path, reader.problems);
  const weight = reader.weight(object, path);
  const sasaran = readLabels(object, 'sasaran', path, reader);
  const indicators = reader.children<Indicator>(object, 'indicators', path, (child, childPath) =>
    readIndicator(child, childPath, reader, { aspects, sasaran }),
  );
  checkLabelsUsed(sasaran, 'sasaran', `${path}.sasaran`, reader);
  const area = withOptional({ code, name, weight }, 'sasaran', sasaran !== undefined, sasaran ?? undefined);
  return { ...area, indicators };
}

interface LabelsInScope {
  aspects: Label[] | null | undefined;
  sasaran: Label[] | null | undefined;
}

function readIndicator(
  value: unknown,
  path: string,
  reader: FrameworkReader,
  labels: LabelsInScope,
): Partial<Indicator> | undefined {
  const object = readObject(value, path, reader.problems);
  if (object === undefined) return undefined;
  const code = reader.code(object, path);
  const name = readText(object, 'name', path, reader.problems);
  const weight = reader.weight(object, path);
  const aspect = readLabelReference(object, 'aspectCode', labels.aspects, path, reader);
  const sasaran = readLabelReference(object, 'sasaranCode', labels.sasaran, path, reader);
  const subIndicators = reader.children<SubIndicator>(
    object,
    'subIndicators',
    path,
    (child, childItemPath) => readSubIndicator(child, childItemPath, reader),
  );
  let indicator: Partial<Indicator> = withOptional({ code, name, weight }, 'aspectCode', aspect.present, aspect.code);
  indicator = withOptional(indicator, 'sasaranCode', sasaran.present, sasaran.code);
  return { ...indicator, subIndicators };
}
