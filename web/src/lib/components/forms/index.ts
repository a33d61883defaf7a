/**
 * Form components every page shares: a form with its error summary and its submit row (`Form`,
 * `FormActions`), and the fields that show their own error (`Field`, `SelectField`,
 * `TextareaField`, `RadioGroup`, all in one `FieldFrame`; a custom control goes in a `FieldFrame`
 * too). Actions fail with
 * $lib/server/form.ts `formFailure` / `missingFields`; pass the page's `form` to `Form` and
 * `form?.fields?.name` to each field.
 */
export { default as ErrorSummary } from './ErrorSummary.svelte';
export { default as Field } from './Field.svelte';
export { default as FieldFrame } from './FieldFrame.svelte';
export { default as Form } from './Form.svelte';
export { default as FormActions } from './FormActions.svelte';
export { describedBy, type FieldErrors, fieldId } from './field-id';
export { default as RadioGroup } from './RadioGroup.svelte';
export { default as SelectField } from './SelectField.svelte';
export { default as TextareaField } from './TextareaField.svelte';
