/**
 * Holds the next call of a real method at a gate: the call runs as it would, but only once the
 * test releases it, so the test can change the world while it waits (an operator moved during a
 * file's scan, another request committed meanwhile). Nothing is stubbed.
 */
export function holdNextCall<T extends object>(target: T, method: keyof T & string): { started: Promise<void>; release: () => void; restore: () => void } {
  const original = (target[method] as (...args: unknown[]) => unknown).bind(target);
  let entered!: () => void;
  const started = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const spy = jest.spyOn(target, method as never).mockImplementationOnce((async (...args: unknown[]) => {
    entered();
    await released;
    return original(...args);
  }) as never);
  // Released as well as restored: a failed expectation must not leave the request held.
  return { started, release, restore: () => (release(), spy.mockRestore()) };
}
