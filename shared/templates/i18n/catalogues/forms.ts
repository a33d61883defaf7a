/**
 * The words of the shared form components (web/src/lib/components/forms/): error summary, field
 * messages, password visibility. French first; the English catalogue is typed against it, so a
 * missing or an extra key fails the build. Keys start with "form.".
 */
export const fr = {
  'form.errorSummary.title': 'Il y a un problème',
  'form.errorSummary.fields': 'À corriger\u00a0:',
  'form.errorPrefix': 'Erreur\u00a0:',
  'form.required': 'Remplissez le champ «\u00a0{label}\u00a0».',
  'form.invalid': 'Vérifiez le champ «\u00a0{label}\u00a0».',
  'form.tooLong': 'Le champ «\u00a0{label}\u00a0» est trop long.',
  'form.optional': '(facultatif)',
  'form.password.show': 'Afficher',
  'form.password.what': 'le mot de passe',
  'form.pending': 'Envoi en cours…',
} satisfies Record<`form.${string}`, string>;

export const en: Record<keyof typeof fr, string> = {
  'form.errorSummary.title': 'There is a problem',
  'form.errorSummary.fields': 'To correct:',
  'form.errorPrefix': 'Error:',
  'form.required': 'Fill in “{label}”.',
  'form.invalid': 'Check “{label}”.',
  'form.tooLong': '“{label}” is too long.',
  'form.optional': '(optional)',
  'form.password.show': 'Show',
  'form.password.what': 'password',
  'form.pending': 'Sending…',
};
