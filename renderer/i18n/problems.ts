// Import problems in the planner's language: a problem with a stable `code` is shown through its
// `importProblem.<code>` entry (with its params interpolated) when the current language has one;
// otherwise the English message the builders wrote (the CLI and the logs keep that text).
import type { i18n as I18n } from 'i18next';
import type { Problem } from '../../shared/base/problems';

export function problemText(p: Pick<Problem, 'message' | 'code' | 'params'>, i18n: Pick<I18n, 'exists' | 't'>): string {
  if (!p.code) return p.message;
  const key = `importProblem.${p.code}`;
  return i18n.exists(key) ? i18n.t(key, { ...p.params }) : p.message;
}
