/** The time source of sending and scheduling, so tests can move time instead of waiting for it. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
