/** A request the provider cannot honour (or a malformed one): the gateway answers 400 naming `param`. */
export class AdapterError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;

  constructor(message: string, param: string | null, opts: { status?: number; type?: string; code?: string | null } = {}) {
    super(message);
    this.name = 'AdapterError';
    this.status = opts.status ?? 400;
    this.type = opts.type ?? 'invalid_request_error';
    this.code = opts.code ?? (this.status === 400 ? 'unsupported_parameter' : null);
    this.param = param;
  }

  toJSON(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function unsupported(param: string, provider: string, detail?: string): AdapterError {
  const msg = `Parameter '${param}' is not supported by the ${provider} provider${detail ? `: ${detail}` : '.'}`;
  return new AdapterError(msg, param);
}

export function invalid(param: string, message: string): AdapterError {
  return new AdapterError(message, param, { code: 'invalid_value' });
}
