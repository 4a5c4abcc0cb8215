import type { RushResult, StepResult } from './rush-result';

/*
 * bench/results/rush.svg, written by hand: a handful of bar and line charts need no charting
 * library, and plain SVG opens in any browser and renders on GitHub.
 */
const WIDTH = 1000;
const PANEL_W = 470;
const PANEL_H = 230;
/** Below each panel: room for a legend of up to three lines. */
const GAP = 36;
const COLORS = ['#4C78A8', '#F58518', '#54A24B', '#E45756', '#72B7B2', '#B279A2', '#EECA3B', '#9D755D', '#BAB0AC'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (value: number) =>
  value >= 10_000 ? `${Math.round(value / 1000)}k` : value >= 1000 ? `${Math.round(value / 100) / 10}k` : value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);

interface Group {
  label: string;
  values: number[];
}

interface BarPanel {
  x: number;
  y: number;
  title: string;
  unit: string;
  series: string[];
  groups: Group[];
  stacked?: boolean;
  /** Logarithmic axis from 10: latencies span 10 ms to minutes once the platform falls behind. */
  log?: boolean;
  target?: { value: number; label: string };
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 4, 6, 8, 10].map((step) => step * power).find((candidate) => candidate >= value) ?? value;
}

const LOG_FLOOR = 10;

function frame(x: number, y: number, title: string, unit: string, max: number, log = false): string[] {
  const parts = [`<text x="${x}" y="${y + 14}" font-size="14" font-weight="bold">${escape(title)}</text>`];
  const top = y + 30;
  const bottom = y + PANEL_H - 40;
  const ticks = log ? Math.round(Math.log10(max / LOG_FLOOR)) : 4;
  for (let tick = 0; tick <= ticks; tick += 1) {
    const value = log ? LOG_FLOOR * 10 ** tick : (max * tick) / 4;
    const ty = bottom - ((bottom - top) * tick) / ticks;
    parts.push(`<line x1="${x + 50}" x2="${x + PANEL_W}" y1="${ty}" y2="${ty}" stroke="#ddd"/>`);
    parts.push(`<text x="${x + 45}" y="${ty + 4}" font-size="10" text-anchor="end">${fmt(value)}</text>`);
  }
  parts.push(`<text x="${x + 8}" y="${(top + bottom) / 2}" font-size="10" transform="rotate(-90 ${x + 8} ${(top + bottom) / 2})" text-anchor="middle">${escape(unit)}</text>`);
  return parts;
}

/** Entries left to right, wrapping onto a new line at `width`. */
function legend(x: number, y: number, series: string[], width = PANEL_W - 55): string[] {
  let offset = 0;
  let line = 0;
  return series.map((name, index) => {
    const itemWidth = 24 + name.length * 5.5;
    if (offset > 0 && offset + itemWidth > width) {
      offset = 0;
      line += 1;
    }
    const ly = y + line * 13;
    const item = `<rect x="${x + offset}" y="${ly - 9}" width="10" height="10" fill="${COLORS[index % COLORS.length]}"/><text x="${x + offset + 14}" y="${ly}" font-size="10">${escape(name)}</text>`;
    offset += itemWidth;
    return item;
  });
}

function bars(panel: BarPanel): string {
  const { x, y, groups, series } = panel;
  const totals = groups.map((group) => (panel.stacked ? group.values.reduce((a, b) => a + b, 0) : Math.max(0, ...group.values)));
  const highest = Math.max(...totals, panel.target?.value ?? 0);
  const max = panel.log ? LOG_FLOOR * 10 ** Math.max(1, Math.ceil(Math.log10(Math.max(highest, LOG_FLOOR) / LOG_FLOOR))) : niceMax(highest);
  const parts = frame(x, y, panel.title, panel.unit, max, panel.log);
  const top = y + 30;
  const bottom = y + PANEL_H - 40;
  const scale = (value: number) =>
    panel.log
      ? value <= LOG_FLOOR
        ? 0
        : ((bottom - top) * Math.log10(Math.min(value, max) / LOG_FLOOR)) / Math.log10(max / LOG_FLOOR)
      : ((bottom - top) * Math.min(value, max)) / max;
  const slot = (PANEL_W - 60) / Math.max(1, groups.length);
  groups.forEach((group, index) => {
    const gx = x + 55 + index * slot;
    if (panel.stacked) {
      let stackTop = bottom;
      group.values.forEach((value, serie) => {
        const h = scale(value);
        parts.push(`<rect x="${gx + slot * 0.2}" y="${stackTop - h}" width="${slot * 0.6}" height="${h}" fill="${COLORS[serie % COLORS.length]}"><title>${escape(`${series[serie]}: ${fmt(value)} ${panel.unit}`)}</title></rect>`);
        stackTop -= h;
      });
      parts.push(`<text x="${gx + slot / 2}" y="${stackTop - 3}" font-size="10" text-anchor="middle">${fmt(totals[index])}</text>`);
    } else {
      const width = (slot * 0.8) / Math.max(1, group.values.length);
      group.values.forEach((value, serie) => {
        const h = scale(value);
        const bx = gx + slot * 0.1 + serie * width;
        parts.push(`<rect x="${bx}" y="${bottom - h}" width="${width - 1}" height="${h}" fill="${COLORS[serie % COLORS.length]}"><title>${escape(`${series[serie]}: ${fmt(value)} ${panel.unit}`)}</title></rect>`);
        // No label on an empty bar (the closed loop has no offered rate).
        if (value > 0) parts.push(`<text x="${bx + width / 2}" y="${bottom - h - 3}" font-size="9" text-anchor="middle">${fmt(value)}</text>`);
      });
    }
    parts.push(`<text x="${gx + slot / 2}" y="${bottom + 13}" font-size="10" text-anchor="middle">${escape(group.label)}</text>`);
  });
  if (panel.target) {
    const ty = bottom - scale(panel.target.value);
    parts.push(`<line x1="${x + 50}" x2="${x + PANEL_W}" y1="${ty}" y2="${ty}" stroke="#d62728" stroke-dasharray="6 3"/>`);
    // A white halo keeps the label readable where it crosses a bar or its value label.
    parts.push(`<text x="${x + PANEL_W}" y="${ty - 3}" font-size="10" fill="#d62728" stroke="white" stroke-width="3" paint-order="stroke" text-anchor="end">${escape(panel.target.label)}</text>`);
  }
  parts.push(...legend(x + 55, y + PANEL_H - 10, series));
  return parts.join('\n');
}

function lagPanel(result: RushResult, x: number, y: number, width: number): string {
  const samples = result.lagTimeline;
  const groups = [...new Set(samples.flatMap((sample) => Object.keys(sample.byGroup)))].sort();
  const max = niceMax(Math.max(1, ...samples.map((sample) => Math.max(0, ...Object.values(sample.byGroup)))));
  const end = Math.max(1, samples.at(-1)?.t ?? 1);
  const parts = frame(x, y, 'Consumer lag over the run (records behind, per service group; sampled every 2 s)', 'records', max).map((part) =>
    part.replace(`x2="${x + PANEL_W}"`, `x2="${x + width}"`),
  );
  const top = y + 30;
  const bottom = y + PANEL_H - 40;
  const px = (t: number) => x + 50 + ((width - 55) * t) / end;
  const py = (value: number) => bottom - ((bottom - top) * value) / max;
  // Step bands: where each step began, labelled.
  // Labels on three staggered rows, shortened: the decision steps are narrow.
  let previous = '';
  let stepIndex = 0;
  samples.forEach((sample) => {
    if (sample.step === previous) return;
    previous = sample.step;
    const name = sample.step.replace('claim+decide ', 'decide ').replace(/^closed loop, (\d+) verifiers$/, 'closed loop, $1');
    parts.push(`<line x1="${px(sample.t)}" x2="${px(sample.t)}" y1="${top}" y2="${bottom}" stroke="#999" stroke-dasharray="2 2"/>`);
    parts.push(`<text x="${px(sample.t) + 2}" y="${top + 10 + (stepIndex++ % 3) * 11}" font-size="9" fill="#555">${escape(name)}</text>`);
  });
  groups.forEach((group, serie) => {
    const points = samples.map((sample) => `${px(sample.t).toFixed(1)},${py(sample.byGroup[group] ?? 0).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${COLORS[serie % COLORS.length]}" stroke-width="1.5"/>`);
  });
  parts.push(`<text x="${x + width}" y="${bottom + 13}" font-size="10" text-anchor="end">${fmt(end)} s</text>`);
  parts.push(...legend(x + 55, y + PANEL_H - 10, groups.map((group) => group.replace(/^mcp-/, '')), width - 55));
  return parts.join('\n');
}

/** How the services reached Postgres: its Unix socket (docs/decisions.md #109) or loopback TCP. */
function postgresTransport(result: RushResult): string {
  const connection = result.platform?.databaseConnection ?? 'tcp';
  return connection === 'tcp' ? 'TCP' : 'Unix socket';
}

export function rushChart(result: RushResult, dataFile = 'rush.json'): string {
  const uploads = result.steps.filter((step) => step.kind === 'upload');
  const decisions = result.steps.filter((step) => step.kind !== 'upload');
  const label = (step: StepResult) => (step.kind === 'decide-closed' ? `closed ${step.verifiers}` : `${step.offeredPerSecond}/s`);
  const http = (step: StepResult, route: string) => step.httpMs[route]?.p99 ?? 0;
  const processes = [...new Set(result.steps.flatMap((step) => Object.keys(step.cpu.msPerOperationByProcess)))];
  const c = result.ceilings;
  const rows = [
    bars({
      x: 10, y: 50, title: 'Uploads: offered and achieved per second', unit: 'uploads/s', series: ['offered', 'achieved'],
      groups: uploads.map((step) => ({ label: label(step), values: [step.offeredPerSecond ?? 0, step.achievedPerSecond] })),
      target: { value: 250, label: 'target ≥ 250/s' },
    }),
    bars({
      x: 520, y: 50, title: 'Uploads: latency (log scale)', unit: 'ms', log: true,
      series: ['POST /v1/evidence p50', 'POST /v1/evidence p99', 'upload → claimable p99', 'upload → pre-checked p99'],
      groups: uploads.map((step) => ({
        label: label(step),
        values: [step.httpMs['POST /v1/evidence']?.p50 ?? 0, http(step, 'POST /v1/evidence'), step.uploadToClaimableMs?.p99 ?? 0, step.uploadToPrecheckedMs?.p99 ?? 0],
      })),
    }),
    bars({
      x: 10, y: 50 + PANEL_H + GAP, title: 'Claim + decide: offered and achieved per second', unit: 'decisions/s', series: ['offered', 'achieved'],
      groups: decisions.map((step) => ({ label: label(step), values: [step.offeredPerSecond ?? 0, step.achievedPerSecond] })),
      target: { value: 300, label: 'closed-loop target ≥ 300/s' },
    }),
    bars({
      x: 520, y: 50 + PANEL_H + GAP, title: 'Decisions: latency (log scale)', unit: 'ms', log: true,
      series: ['decision → national p50', 'decision → national p99', 'claim-next p99', 'POST decision p99'],
      groups: decisions.map((step) => ({
        label: label(step),
        values: [step.decisionToNationalMs?.p50 ?? 0, step.decisionToNationalMs?.p99 ?? 0, http(step, 'POST /v1/tasks/claim'), http(step, 'POST /v1/tasks/:id/decision')],
      })),
      target: { value: 250, label: 'national p99 ≤ 250 ms (at 100/s)' },
    }),
    lagPanel(result, 10, 50 + 2 * (PANEL_H + GAP), WIDTH - 20),
    bars({
      x: 10, y: 50 + 3 * (PANEL_H + GAP), title: 'CPU per operation, whole platform (step + drain)', unit: 'CPU ms / operation',
      series: processes.map((name) => name.replace(/ \(.*\)$/, '')),
      groups: result.steps.map((step) => ({ label: `${step.kind === 'upload' ? 'up ' : ''}${label(step)}`, values: processes.map((name) => step.cpu.msPerOperationByProcess[name] ?? 0) })),
      stacked: true,
      target: { value: 10, label: 'target ≤ 10 ms per decision' },
    }),
    bars({
      x: 520, y: 50 + 3 * (PANEL_H + GAP), title: 'Postgres commits per operation', unit: 'commits / operation', series: ['all commits', 'net of idle'],
      groups: result.steps.map((step) => ({ label: `${step.kind === 'upload' ? 'up ' : ''}${label(step)}`, values: [step.commits.perOperation, step.commits.perOperationNetOfIdle] })),
    }),
  ];
  const checked = result.steps.reduce((sum, step) => sum + step.prechecks.checked, 0);
  const windows = result.steps.reduce((sum, step) => sum + step.cpu.windowSeconds, 0);
  const idleCpu = Object.values(result.idle.cpuPercentOfMachine).reduce((a, b) => a + b, 0);
  const footerY = 50 + 4 * (PANEL_H + GAP) + 6;
  const footer = [
    `Ceilings in the same run: Kafka producer ${c.kafkaProducer.recordsPerSecond.toLocaleString('en')} records/s (p99 ${c.kafkaProducer.latencyMs.p99} ms); Kafka end-to-end p50 ${c.kafkaEndToEnd.latencyMs.p50} ms, p99 ${c.kafkaEndToEnd.latencyMs.p99} ms;`,
    `Postgres COPY ${c.postgresCopy.rowsPerSecond.toLocaleString('en')} rows/s; one-row transactions (16 clients) ${c.postgresOneRowTransactions.transactionsPerSecond.toLocaleString('en')}/s.`,
    `File pre-checks (submissions, off the queue's path): ${fmt(checked / Math.max(1, windows))} files/s over the steps; ${result.precheckBacklogBeforeDecisions} uploads still unchecked when the decision steps began.`,
    `Idle platform: ${fmt(idleCpu)}% of the machine (target ≤ 3%), ${result.idle.commitsPerSecond} commits/s. Machine: ${result.machine.cores} cores, load average at the end ${result.machine.loadAverageAtEnd.join(' / ')}.`,
    ...loadGeneratorLines(result),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${footerY + 15 * footer.length + 15}" viewBox="0 0 ${WIDTH} ${footerY + 15 * footer.length + 15}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="24" font-size="18" font-weight="bold">National deadline rush (npm run bench:rush), ${escape(result.measuredAt.slice(0, 16).replace('T', ' '))} UTC</text>`,
    `<text x="10" y="40" font-size="11" fill="#555">Every service, one Kafka broker, Postgres (${postgresTransport(result)}), clamd, on one ${result.machine.cores}-core machine; load through the public HTTP APIs. Dashed red: issue 16's targets. ${escape(dataFile)}</text>`,
    ...rows,
    ...footer.map((line, index) => `<text x="10" y="${footerY + index * 15}" font-size="11">${escape(line)}</text>`),
    '</svg>',
    '',
  ].join('\n');
}

/** The bench's own CPU (not in the panels above), where the run recorded it: a heading, then uploads and decisions. */
function loadGeneratorLines(result: RushResult): string[] {
  const line = (what: string, steps: StepResult[]) => {
    const measured = steps.filter((step) => step.loadGeneratorCpu);
    const share = (step: StepResult) =>
      `${step.kind === 'decide-closed' ? `closed ${step.verifiers}` : `${step.offeredPerSecond}/s`} ${fmt(step.loadGeneratorCpu?.cpuPercentOfMachine ?? 0)}% ${fmt(step.loadGeneratorCpu?.msPerOperation ?? 0)} ms`;
    return measured.length === 0 ? [] : [`    ${what}: ${measured.map(share).join(' · ')}`];
  };
  const lines = [...line('uploads', result.steps.filter((step) => step.kind === 'upload')), ...line('decisions', result.steps.filter((step) => step.kind !== 'upload'))];
  return lines.length === 0 ? [] : ["The bench's own process (load, follower, probes), not in the figures above: % of the machine and CPU ms per operation", ...lines];
}
