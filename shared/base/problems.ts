// Problems found in input, as values a planner can read: which file, row or feature, which field, what is wrong.

export interface Problem {
  file: string;
  row?: number; // 1-based data row (the header is row 0), or feature index + 1
  feature?: string; // a feature's id or name
  field?: string;
  message: string;
  severity: 'error' | 'warning';
  /** Stable kind of problem (kebab-case), for translation: the UI shows `importProblem.<code>` when it has one, else `message`. */
  code?: string;
  /** Values the translation interpolates (a cell's text, a count, the coordinates). */
  params?: Record<string, string | number>;
}

/** The code and parameters of a problem, as the builders pass them along with the English message. */
export interface ProblemCode {
  code: string;
  params?: Record<string, string | number>;
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.row !== undefined ? `row ${p.row}` : null, p.feature ? `feature ${p.feature}` : null, p.field ? `field ${p.field}` : null]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${p.message}`;
}

/** Thrown when input cannot be used at all; carries every problem found. */
export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    const head = errors.slice(0, 5).map(formatProblem).join('; ');
    super(errors.length > 5 ? `${head}; and ${errors.length - 5} more problems` : head);
    this.name = 'InputError';
    this.problems = problems;
  }
}
