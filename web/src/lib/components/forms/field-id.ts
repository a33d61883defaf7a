/**
 * The id of a field's input, from its name: the error summary links to it (`#f-address-city`), so
 * a field and the summary must agree on it without passing ids around.
 */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/** The fields' failure as the components read it: web/src/lib/server/form.ts `FormFailure`. */
export interface FieldErrors {
  message?: string;
  fields?: Record<string, string>;
}

/** The control's aria-describedby: its hint and its error, when it has them. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}
