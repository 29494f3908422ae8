export type RefreshFailure = 'disabled' | 'download' | 'invalid' | 'aborted';

/** A refresh that did not replace the catalog (the loaded one stays). The message is safe to show an admin. */
export class RegistryRefreshError extends Error {
  constructor(
    readonly reason: RefreshFailure,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryRefreshError';
  }
}
