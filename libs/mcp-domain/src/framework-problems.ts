/** One thing wrong with a framework document, at a path like `areas[2].indicators[0].weight`. */
export interface FrameworkProblem {
  path: string;
  message: string;
}

/** Collects every problem instead of stopping at the first, so an editor fixes a file in one go. */
export class FrameworkProblems {
  readonly list: FrameworkProblem[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
}

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}
