// Typed errors of the package. Each carries a stable `code` so callers can switch on it without parsing messages.

/** A payload (or a change list) the core refused; the engine keeps what it had loaded before. */
export class PayloadError extends Error {
  constructor(errors) {
    const first = errors[0] ?? { code: 'invalid-payload', path: '', message: 'the payload was refused' };
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super(`${first.path === '' ? '(root)' : first.path}: ${first.message}${more}`);
    this.name = 'PayloadError';
    this.code = first.code;
    this.path = first.path;
    this.errors = errors;
  }
}

/** Any use of an engine after dispose(): thrown before the freed wasm object could be touched. */
export class EngineDisposedError extends Error {
  constructor(what = 'engine') {
    super(`slotfit: this ${what} was disposed`);
    this.name = 'EngineDisposedError';
    this.code = 'engine-disposed';
  }
}

/** apply_schedule refused the write: the provider's schedule changed since the payload was read. Nothing was written. */
export class StaleVersionError extends Error {
  constructor(message, { sentVersion = null, currentVersion = null, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'StaleVersionError';
    this.code = 'stale-version';
    this.sentVersion = sentVersion;
    this.currentVersion = currentVersion;
  }
}

/** A failure of the Supabase data layer; `code` says which (see README "Data layer errors"). */
export class SchedulerError extends Error {
  constructor(code, message, { cause, details } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SchedulerError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}
