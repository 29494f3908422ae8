import { AdapterError } from '../../../../../src/providers/adapters/index.js';

/** Runs fn and returns the AdapterError it throws (any other outcome fails the test). */
export function refusal(fn: () => unknown): AdapterError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AdapterError) return e;
    throw e;
  }
  throw new Error('expected an AdapterError');
}
