/**
 * Every rule here is about time (leases, correction periods, "decided today"), so the queue reads
 * time from one injectable clock: tests move it instead of sleeping.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
