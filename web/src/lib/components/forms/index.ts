/**
 * Form components every page shares: a form with its error summary (`Form`), and the fields that
 * show their own error (`Field`, `SelectField`, `RadioGroup`). Actions fail with
 * $lib/server/form.ts `formFailure` / `missingFields`; pass the page's `form` to `Form` and
 * `form?.fields?.name` to each field.
 */
export { default as ErrorSummary } from './ErrorSummary.svelte';
export { default as Field } from './Field.svelte';
export { default as Form } from './Form.svelte';
export { type FieldErrors, fieldId } from './field-id';
export { default as RadioGroup } from './RadioGroup.svelte';
export { default as SelectField } from './SelectField.svelte';
