/**
 * How people reach the school, as the "Déjà client ?" page shows it (CRM-03). These are the
 * school's own details (from its manual), kept here only: a page that needs them imports this,
 * never its own copy. A `tel:` link is built from `dial`.
 */
export const schoolContact = {
  phones: [
    { region: 'northAmerica', display: '1-800-361-3834', dial: '+18003613834' },
    { region: 'france', display: '01 76 66 07 55', dial: '+33176660755' },
  ],
  email: 'info@ecoutetoncorps.com',
} as const;
