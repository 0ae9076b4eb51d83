/**
 * Why a score was refused: `bad_request` (a target or option is wrong; the message names the
 * field, the value and what was expected), `overloaded` (the queue is full), `deadline` (the
 * score could not be had in the time the caller gave). Never a silent drop.
 */
export type ScoreErrorCode = 'bad_request' | 'overloaded' | 'deadline';

export class ScoreError extends Error {
  constructor(
    readonly code: ScoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ScoreError';
  }
}
