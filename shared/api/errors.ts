// Errors that cross the API boundary as values a planner can read.

export const ERROR_CODES = [
  'invalid_params', // a call's parameters failed validation (field names the path)
  'unknown_method',
  'no_project', // a method needs an open project
  'not_found',
  'not_a_project', // the file is not a SchoolNet project (or not SQLite at all)
  'project_too_new', // written by a newer app version
  'corrupt', // the file is a project but damaged
  'io', // a file could not be read or written
  'cancelled',
  'conflict', // an edit or undo no longer matches the project (changed elsewhere since)
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorData {
  code: ErrorCode;
  message: string;
  /** Dotted path of the offending parameter, e.g. "params.bbox.2". */
  field?: string;
  /** File, row or feature the problem is about. */
  where?: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly where?: string;
  constructor(data: ApiErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.code = data.code;
    this.field = data.field;
    this.where = data.where;
  }
  toData(): ApiErrorData {
    const d: ApiErrorData = { code: this.code, message: this.message };
    if (this.field !== undefined) d.field = this.field;
    if (this.where !== undefined) d.where = this.where;
    return d;
  }
  static from(data: ApiErrorData): ApiError {
    return new ApiError(data);
  }
}

export function isApiErrorData(x: unknown): x is ApiErrorData {
  return typeof x === 'object' && x !== null && typeof (x as ApiErrorData).code === 'string' && typeof (x as ApiErrorData).message === 'string';
}
