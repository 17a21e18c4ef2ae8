// Errors a user caused and can act on. Hosts map them by `name`:
// the browser host to 4xx, the CLI to one line, the shell to the page.

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export class ConflictError extends Error {
  override name = 'ConflictError';
}

export class ParamError extends Error {
  override name = 'ParamError';
}

export class StoreError extends Error {
  override name = 'StoreError';
}

export const userErrorNames = new Set([
  'ContractError',
  'UnknownWordError',
  'NotFoundError',
  'CorpusInputError',
  'ParamError',
  'ConflictError',
  'StoreError',
  'VectorInputError',
  'EncoderFolderError',
  // a cancelled job: the user asked for it, nothing broke
  'AbortError',
]);
