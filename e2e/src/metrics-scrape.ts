import request from 'supertest';

/** One sample of Prometheus's text exposition format. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample of a `/metrics` answer, as Prometheus would read it (comments and types skipped). */
export function parseExposition(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key] = raw.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** Scrapes a running service's `/metrics` without a token, as Prometheus does. */
export async function scrape(server: unknown): Promise<Scraped> {
  const response = await request(server as never).get('/metrics');
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return new Scraped(parseExposition(response.text), String(response.headers['content-type']));
}

export class Scraped {
  constructor(
    readonly samples: MetricSample[],
    readonly contentType: string,
  ) {}

  names(): Set<string> {
    return new Set(this.samples.map((sample) => sample.name));
  }

  /** Samples of `name` whose labels include every label given. */
  find(name: string, labels: Record<string, string> = {}): MetricSample[] {
    return this.samples.filter(
      (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    );
  }

  /** The sum over the matching samples; undefined when there are none (a missing series is not 0). */
  sum(name: string, labels: Record<string, string> = {}): number | undefined {
    const found = this.find(name, labels);
    return found.length === 0 ? undefined : found.reduce((total, sample) => total + sample.value, 0);
  }
}
