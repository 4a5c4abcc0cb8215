import { exampleFrameworkFor } from '@mcp/testing';
import { removedSubIndicators } from './frameworks.service';

describe('removedSubIndicators', () => {
  const published = exampleFrameworkFor(2024);

  it('lists the codes the published revision has and the draft lacks, sorted', () => {
    const draft = structuredClone(published);
    const [first] = draft.areas;
    const dropped = first.indicators.map((indicator) => indicator.subIndicators.pop()?.code);
    expect(removedSubIndicators(published, draft)).toEqual([...dropped].filter((code): code is string => Boolean(code)).sort());
  });

  it('lists nothing for a draft that keeps every code, or when nothing is published yet', () => {
    const reweighted = structuredClone(published);
    reweighted.areas[0].weight += 1;
    expect(removedSubIndicators(published, reweighted)).toEqual([]);
    expect(removedSubIndicators(undefined, published)).toEqual([]);
  });
});
