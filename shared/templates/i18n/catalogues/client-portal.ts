/**
 * The client-portal pages' wording ("Mon dossier", CRM-01..11): French first; the English catalogue
 * is typed against it, so a missing or an extra key fails the build. Keys start with
 * "clientPortal.". The portal pitch, the R.G.P.D. paragraph and the deletion outcomes are the
 * school's own words (seed manual), kept as written.
 */
export const fr = {
  // Frame
  'clientPortal.title': '{page} — Mon dossier — Parvis',
  'clientPortal.nav.label': 'Sections de mon dossier',
  'clientPortal.nav.overview': 'Mon dossier',
  'clientPortal.nav.contact': 'Coordonnées',
  'clientPortal.nav.preferences': 'Préférences de communication',
  'clientPortal.nav.documents': 'Documents',
  'clientPortal.nav.registrations': 'Inscriptions',
  'clientPortal.nav.workshops': 'Ateliers suivis',
  'clientPortal.nav.invoices': 'Factures',
  'clientPortal.nav.security': 'Sécurité du compte',
  'clientPortal.nav.withdrawal': 'Demander à être retiré',
  'clientPortal.readOnly.bar': 'Vous consultez le dossier de {name} en lecture seule',
  'clientPortal.readOnly.detail':
    'Vous voyez le portail tel que le client le voit. Aucune modification n’est possible en son nom.',
  'clientPortal.readOnly.back': 'Revenir à la console',
  'clientPortal.readOnly.form': 'Lecture seule\u00a0: ce formulaire est désactivé pendant la consultation.',

  // Shared words
  'clientPortal.salutation.f': 'Madame',
  'clientPortal.salutation.m': 'Monsieur',
  'clientPortal.salutation.x': 'Sans formule d’appel',
  'clientPortal.locale.fr': 'Français',
  'clientPortal.locale.en': 'English',
  'clientPortal.channel.email': 'Par courriel',
  'clientPortal.channel.phone': 'Par téléphone',
  'clientPortal.channel.mail': 'Par la poste',
  'clientPortal.consent.granted': 'Accepté',
  'clientPortal.consent.withdrawn': 'Refusé',
  'clientPortal.consent.unknown': 'Pas encore indiqué',
  'clientPortal.notGiven': 'Non indiqué',
  'clientPortal.backToFile': 'Retour à mon dossier',

  // Overview
  'clientPortal.overview.pageTitle': 'Mon dossier',
  'clientPortal.overview.heading': 'Bonjour {firstName}',
  'clientPortal.overview.lead':
    'Votre dossier vous permet de consulter vos inscriptions, vos ateliers suivis et vos factures, de faire votre changement d’adresse, de choisir vos préférences de communication et même de vous inscrire vous-même à nos ateliers.',
  'clientPortal.overview.identity': 'Mes renseignements',
  'clientPortal.overview.name': 'Nom',
  'clientPortal.overview.email': 'Courriel',
  'clientPortal.overview.phone': 'Téléphone',
  'clientPortal.overview.address': 'Adresse',
  'clientPortal.overview.language': 'Langue de communication',
  'clientPortal.overview.editContact': 'Modifier mes coordonnées',
  'clientPortal.overview.consent': 'Mes préférences de communication',
  'clientPortal.overview.consentSince': 'depuis le {date}',
  'clientPortal.overview.editConsent': 'Changer mes préférences',
  'clientPortal.overview.shortcuts': 'Raccourcis',
  'clientPortal.overview.shortcut.address': 'Faire mon changement d’adresse',
  'clientPortal.overview.shortcut.preferences': 'Choisir mes préférences de communication',
  'clientPortal.overview.shortcut.documents': 'Déposer ou télécharger un document',
  'clientPortal.overview.shortcut.registrations': 'Voir mes inscriptions',
  'clientPortal.overview.shortcut.invoices': 'Voir ma facturation',
  'clientPortal.overview.shortcut.security': 'Changer mon mot de passe',
  'clientPortal.overview.emailBounced':
    'Nos derniers courriels à l’adresse {email} ne se sont pas rendus. Vérifiez-la dans vos coordonnées pour continuer à recevoir vos confirmations.',
  'clientPortal.overview.noEmail': 'Aucune adresse courriel\u00a0: l’école vous joint par téléphone.',
  'clientPortal.overview.consentAnswered': 'Merci, vos préférences de communication sont enregistrées.',

  // Contact details
  'clientPortal.contact.pageTitle': 'Coordonnées',
  'clientPortal.contact.heading': 'Mes coordonnées',
  'clientPortal.contact.lead':
    'Vérifiez l’exactitude de vos informations et faites votre changement d’adresse ici. Les champs sans la mention «\u00a0facultatif\u00a0» sont obligatoires.',
  'clientPortal.contact.identity': 'Identité',
  'clientPortal.contact.address': 'Adresse postale',
  'clientPortal.contact.reach': 'Pour vous joindre',
  'clientPortal.contact.salutation': 'Formule d’appel',
  'clientPortal.contact.firstName': 'Prénom',
  'clientPortal.contact.lastName': 'Nom de famille',
  'clientPortal.contact.street': 'Adresse (numéro, rue, appartement)',
  'clientPortal.contact.city': 'Ville',
  'clientPortal.contact.region': 'Province ou région',
  'clientPortal.contact.regionHint': 'Par exemple QC, ON ou Île-de-France.',
  'clientPortal.contact.postalCode': 'Code postal',
  'clientPortal.contact.country': 'Pays',
  'clientPortal.contact.phone': 'Téléphone',
  'clientPortal.contact.phoneHint': 'Par exemple 418 555-0142, ou +33 6 12 34 56 78.',
  'clientPortal.contact.email': 'Adresse courriel',
  'clientPortal.contact.emailHint':
    'C’est aussi votre identifiant de connexion. Si vous la changez, la nouvelle adresse sert dès maintenant pour vous connecter et un lien de confirmation y est envoyé\u00a0: ouvrez-le pour la confirmer.',
  'clientPortal.contact.locale': 'Langue de communication',
  'clientPortal.contact.localeHint': 'La langue de nos courriels et de votre dossier.',
  'clientPortal.contact.submit': 'Enregistrer mes coordonnées',
  'clientPortal.contact.saved': 'Vos coordonnées ont été enregistrées.',
  'clientPortal.contact.savedEmail':
    'Vos coordonnées ont été enregistrées. Un lien de confirmation a été envoyé à {email}\u00a0: ouvrez-le pour confirmer votre nouvelle adresse.',
  'clientPortal.contact.unchanged': 'Aucun changement à enregistrer.',

  // Communication preferences (CRM-11)
  'clientPortal.preferences.pageTitle': 'Préférences de communication',
  'clientPortal.preferences.heading': 'Préférences de communication',
  'clientPortal.preferences.lead':
    'Indiquez si vous acceptez de recevoir des informations de notre école par courriel, par téléphone et par la poste. Vous pouvez changer d’avis en tout temps\u00a0: un refus s’applique immédiatement.',
  'clientPortal.preferences.firstVisit.heading': 'Avant de continuer\u00a0: vos préférences de communication',
  'clientPortal.preferences.firstVisit.body':
    'Suite à la Loi 25 (Québec) et à la Réglementation générale sur la Protection des Données (R.G.P.D.), vous devez nous indiquer votre accord ou désaccord à recevoir des informations de notre école par téléphone, la poste et/ou par courriel. Comme c’est votre première visite, veuillez nous signaler vos préférences maintenant\u00a0; vous pourrez les changer par la suite, au besoin.',
  'clientPortal.preferences.firstVisit.then': 'Vous accéderez ensuite à votre dossier.',
  'clientPortal.preferences.serviceNote':
    'Même si vous refusez les courriels, vous recevrez ceux qui concernent vos démarches\u00a0: confirmation d’inscription, facture, réinitialisation du mot de passe.',
  'clientPortal.preferences.question': 'Acceptez-vous de recevoir nos informations {channel}\u00a0?',
  'clientPortal.preferences.yes': 'Oui, j’accepte',
  'clientPortal.preferences.no': 'Non, je refuse',
  'clientPortal.preferences.current': 'Choix actuel\u00a0: {value}',
  'clientPortal.preferences.currentSince': 'Choix actuel\u00a0: {value}, depuis le {date} ({how}).',
  'clientPortal.preferences.required': 'Répondez pour «\u00a0{channel}\u00a0».',
  'clientPortal.preferences.missing': 'Répondez pour chacun des trois moyens de communication.',
  'clientPortal.preferences.submit': 'Enregistrer mes préférences',
  'clientPortal.preferences.saved': 'Vos préférences de communication ont été enregistrées.',
  'clientPortal.preferences.unchanged': 'Vos préférences étaient déjà celles-ci\u00a0: rien n’a changé.',
  'clientPortal.preferences.history': 'Historique de vos choix',
  'clientPortal.preferences.historyLead':
    'Chaque choix est conservé avec sa date et la façon dont il a été donné, comme la loi le demande.',
  'clientPortal.preferences.historyEmpty': 'Aucun choix n’a encore été enregistré.',
  'clientPortal.preferences.col.when': 'Date',
  'clientPortal.preferences.col.channel': 'Moyen',
  'clientPortal.preferences.col.value': 'Choix',
  'clientPortal.preferences.col.how': 'Donné par',
  'clientPortal.preferences.how.self': 'vous, dans votre dossier',
  'clientPortal.preferences.how.portal': 'dans le dossier en ligne',
  'clientPortal.preferences.how.phone': 'le personnel, par téléphone',
  'clientPortal.preferences.how.paper': 'le personnel, sur formulaire papier',
  'clientPortal.preferences.how.email': 'le personnel, à la suite d’un courriel',
  'clientPortal.preferences.how.staff': 'le personnel',
  'clientPortal.preferences.sourceNote': 'Précision\u00a0: {source}',
  'clientPortal.preferences.older': 'Choix plus anciens',

  // Documents (CRM-10)
  'clientPortal.documents.pageTitle': 'Documents',
  'clientPortal.documents.heading': 'Documents et téléchargements',
  'clientPortal.documents.lead':
    'Déposez ici vos pièces justificatives (la preuve demandée pour un rabais, par exemple) et retrouvez les documents que l’école a ajoutés à votre dossier, comme vos attestations.',
  'clientPortal.documents.list': 'Mes documents',
  'clientPortal.documents.empty': 'Vous n’avez encore aucun document dans votre dossier.',
  'clientPortal.documents.col.name': 'Document',
  'clientPortal.documents.col.kind': 'Type',
  'clientPortal.documents.col.date': 'Ajouté le',
  'clientPortal.documents.col.size': 'Taille',
  'clientPortal.documents.download': 'Télécharger',
  'clientPortal.documents.downloadLabel': 'Télécharger {name}',
  'clientPortal.documents.kind.proof': 'Pièce justificative',
  'clientPortal.documents.kind.attachment': 'Ajouté par l’école',
  'clientPortal.documents.kind.attestation': 'Attestation',
  'clientPortal.documents.kind.taxReceipt': 'Reçu fiscal',
  'clientPortal.documents.kind.phaseLetter': 'Lettre de fin de phase',
  'clientPortal.documents.more': 'Documents plus anciens',
  'clientPortal.documents.upload': 'Déposer un document',
  'clientPortal.documents.accepted':
    'Types acceptés\u00a0: PDF, JPEG, PNG et WebP, jusqu’à {max}\u00a0Mo. Le contenu du fichier est vérifié\u00a0: un fichier dont le contenu ne correspond pas à son type est refusé.',
  'clientPortal.documents.file': 'Fichier à déposer',
  'clientPortal.documents.submit': 'Déposer le document',
  'clientPortal.documents.type': 'Type de fichier',
  'clientPortal.documents.type.pdf': 'PDF (lettre, formulaire, numérisation)',
  'clientPortal.documents.type.jpeg': 'JPEG (photo)',
  'clientPortal.documents.type.png': 'PNG (image)',
  'clientPortal.documents.type.webp': 'WebP (image)',
  'clientPortal.documents.continue': 'Continuer',
  'clientPortal.documents.step2':
    'Choisissez maintenant le fichier {type} à déposer, puis envoyez-le. Ce formulaire reste valable 15\u00a0minutes.',
  'clientPortal.documents.restart': 'Choisir un autre type de fichier',
  'clientPortal.documents.noFile': 'Choisissez le fichier à déposer.',
  'clientPortal.documents.tooLarge':
    'Le fichier dépasse {max}\u00a0Mo. Réduisez-le (numérisation en plus basse résolution, par exemple) et déposez-le de nouveau.',
  'clientPortal.documents.wrongType':
    'Ce type de fichier n’est pas accepté. Déposez un PDF, un JPEG, un PNG ou un WebP.',
  'clientPortal.documents.sending': 'Envoi du fichier en cours…',
  'clientPortal.documents.added': 'Le document «\u00a0{name}\u00a0» a été ajouté à votre dossier.',
  'clientPortal.documents.refusedHeading': 'Le document n’a pas été ajouté',
  'clientPortal.documents.receivedMissing':
    'Nous n’avons pas trouvé de dépôt en cours. Déposez le document de nouveau à partir de la page Documents.',
  'clientPortal.documents.tryAgain': 'Déposer un autre document',
  'clientPortal.size.bytes': '{n}\u00a0o',
  'clientPortal.size.kb': '{n}\u00a0Ko',
  'clientPortal.size.mb': '{n}\u00a0Mo',

  // Registrations, workshops, invoices (CRM-02): filled by the workshop and ticketing issues
  'clientPortal.registrations.pageTitle': 'Inscriptions',
  'clientPortal.registrations.heading': 'Mes inscriptions',
  'clientPortal.registrations.lead':
    'Vos inscriptions aux ateliers et aux activités, avec leur état\u00a0: inscrit, «\u00a0À PLANIFIER\u00a0» (en attente d’une date) ou annulée.',
  'clientPortal.registrations.empty':
    'Vous n’avez encore aucune inscription. Lorsque vous vous inscrirez à un atelier ou à une activité, elle apparaîtra ici avec son état.',
  'clientPortal.workshops.pageTitle': 'Ateliers suivis',
  'clientPortal.workshops.heading': 'Ateliers suivis',
  'clientPortal.workshops.lead':
    'Les ateliers que vous avez suivis, phase par phase. Les attestations qui en découlent se trouvent dans vos documents.',
  'clientPortal.workshops.empty':
    'Vous n’avez encore suivi aucun atelier. Les ateliers suivis apparaîtront ici après leur tenue.',
  'clientPortal.invoices.pageTitle': 'Factures',
  'clientPortal.invoices.heading': 'Facturation et mes activités',
  'clientPortal.invoices.lead': 'Vos factures, vos paiements et le solde de votre dossier.',
  'clientPortal.invoices.empty':
    'Vous n’avez encore aucune facture. Vos factures et vos paiements apparaîtront ici dès votre première inscription payante.',

  // Deletion request (CRM-07)
  'clientPortal.withdrawal.pageTitle': 'Demander à être retiré',
  'clientPortal.withdrawal.heading': 'Demander à être retiré',
  'clientPortal.withdrawal.lead':
    'Vous pouvez demander que votre dossier soit retiré de notre système. Voici ce qui se passera, selon votre dossier\u00a0:',
  'clientPortal.withdrawal.case.none':
    'Si vous n’avez aucune facture ni aucun atelier\u00a0: votre dossier est complètement supprimé.',
  'clientPortal.withdrawal.case.history':
    'Si vous avez suivi des ateliers\u00a0: votre dossier est désactivé et presque toutes vos données personnelles sont supprimées. Seuls votre nom et votre code postal sont conservés, au cas où vous voudriez un jour restaurer votre dossier.',
  'clientPortal.withdrawal.case.balance':
    'Si vous avez un solde à votre dossier, ou si vous êtes inscrit/e à des ateliers «\u00a0À PLANIFIER\u00a0»\u00a0: le retrait est refusé tant que le solde n’est pas réglé ou que ces inscriptions ne sont pas annulées.',
  'clientPortal.withdrawal.final':
    'Un dossier supprimé ou désactivé ne permet plus de se connecter. Cette demande s’applique immédiatement.',
  'clientPortal.withdrawal.preferInstead':
    'Vous voulez seulement ne plus recevoir nos courriels, nos appels ou notre courrier\u00a0?',
  'clientPortal.withdrawal.preferLink': 'Changez plutôt vos préférences de communication.',
  'clientPortal.withdrawal.confirm':
    'Je comprends que mon dossier sera supprimé ou désactivé et que je ne pourrai plus m’y connecter.',
  'clientPortal.withdrawal.confirmRequired': 'Cochez la case pour confirmer votre demande.',
  'clientPortal.withdrawal.submit': 'Demander à être retiré',
  'clientPortal.withdrawal.goodbye': 'Vous avez été déconnecté. Merci d’avoir cheminé avec nous.',
  'clientPortal.withdrawal.home': 'Retour à l’accueil',
} satisfies Record<`clientPortal.${string}`, string>;

export const en: Record<keyof typeof fr, string> = {
  // Frame
  'clientPortal.title': '{page} — My file — Parvis',
  'clientPortal.nav.label': 'Sections of my file',
  'clientPortal.nav.overview': 'My file',
  'clientPortal.nav.contact': 'Contact details',
  'clientPortal.nav.preferences': 'Communication preferences',
  'clientPortal.nav.documents': 'Documents',
  'clientPortal.nav.registrations': 'Registrations',
  'clientPortal.nav.workshops': 'Workshops attended',
  'clientPortal.nav.invoices': 'Invoices',
  'clientPortal.nav.security': 'Account security',
  'clientPortal.nav.withdrawal': 'Ask to be removed',
  'clientPortal.readOnly.bar': 'You are viewing {name}’s file, read-only',
  'clientPortal.readOnly.detail':
    'You see the portal as the client sees it. No change can be made on their behalf.',
  'clientPortal.readOnly.back': 'Back to the console',
  'clientPortal.readOnly.form': 'Read-only: this form is disabled while you view the file.',

  // Shared words
  'clientPortal.salutation.f': 'Ms.',
  'clientPortal.salutation.m': 'Mr.',
  'clientPortal.salutation.x': 'No salutation',
  'clientPortal.locale.fr': 'Français',
  'clientPortal.locale.en': 'English',
  'clientPortal.channel.email': 'By e-mail',
  'clientPortal.channel.phone': 'By phone',
  'clientPortal.channel.mail': 'By post',
  'clientPortal.consent.granted': 'Accepted',
  'clientPortal.consent.withdrawn': 'Refused',
  'clientPortal.consent.unknown': 'Not given yet',
  'clientPortal.notGiven': 'Not given',
  'clientPortal.backToFile': 'Back to my file',

  // Overview
  'clientPortal.overview.pageTitle': 'My file',
  'clientPortal.overview.heading': 'Hello {firstName}',
  'clientPortal.overview.lead':
    'Your file lets you see your registrations, the workshops you attended and your invoices, change your address, choose your communication preferences and even register for our workshops yourself.',
  'clientPortal.overview.identity': 'My details',
  'clientPortal.overview.name': 'Name',
  'clientPortal.overview.email': 'E-mail',
  'clientPortal.overview.phone': 'Phone',
  'clientPortal.overview.address': 'Address',
  'clientPortal.overview.language': 'Language',
  'clientPortal.overview.editContact': 'Edit my contact details',
  'clientPortal.overview.consent': 'My communication preferences',
  'clientPortal.overview.consentSince': 'since {date}',
  'clientPortal.overview.editConsent': 'Change my preferences',
  'clientPortal.overview.shortcuts': 'Shortcuts',
  'clientPortal.overview.shortcut.address': 'Change my address',
  'clientPortal.overview.shortcut.preferences': 'Choose my communication preferences',
  'clientPortal.overview.shortcut.documents': 'Upload or download a document',
  'clientPortal.overview.shortcut.registrations': 'See my registrations',
  'clientPortal.overview.shortcut.invoices': 'See my invoices',
  'clientPortal.overview.shortcut.security': 'Change my password',
  'clientPortal.overview.emailBounced':
    'Our latest e-mails to {email} did not get through. Check it in your contact details to keep receiving your confirmations.',
  'clientPortal.overview.noEmail': 'No e-mail address: the school reaches you by phone.',
  'clientPortal.overview.consentAnswered': 'Thank you, your communication preferences are saved.',

  // Contact details
  'clientPortal.contact.pageTitle': 'Contact details',
  'clientPortal.contact.heading': 'My contact details',
  'clientPortal.contact.lead':
    'Check that your information is correct and change your address here. Fields not marked “optional” are required.',
  'clientPortal.contact.identity': 'Identity',
  'clientPortal.contact.address': 'Postal address',
  'clientPortal.contact.reach': 'How to reach you',
  'clientPortal.contact.salutation': 'Salutation',
  'clientPortal.contact.firstName': 'First name',
  'clientPortal.contact.lastName': 'Last name',
  'clientPortal.contact.street': 'Address (number, street, apartment)',
  'clientPortal.contact.city': 'City',
  'clientPortal.contact.region': 'Province or region',
  'clientPortal.contact.regionHint': 'For example QC, ON or Île-de-France.',
  'clientPortal.contact.postalCode': 'Postal code',
  'clientPortal.contact.country': 'Country',
  'clientPortal.contact.phone': 'Phone',
  'clientPortal.contact.phoneHint': 'For example 418 555-0142, or +33 6 12 34 56 78.',
  'clientPortal.contact.email': 'E-mail address',
  'clientPortal.contact.emailHint':
    'It is also what you log in with. If you change it, the new address is what you log in with from now on, and a confirmation link is sent to it: open it to confirm the address.',
  'clientPortal.contact.locale': 'Language',
  'clientPortal.contact.localeHint': 'The language of our e-mails and of your file.',
  'clientPortal.contact.submit': 'Save my contact details',
  'clientPortal.contact.saved': 'Your contact details are saved.',
  'clientPortal.contact.savedEmail':
    'Your contact details are saved. A confirmation link was sent to {email}: open it to confirm your new address.',
  'clientPortal.contact.unchanged': 'Nothing to save: no change was made.',

  // Communication preferences (CRM-11)
  'clientPortal.preferences.pageTitle': 'Communication preferences',
  'clientPortal.preferences.heading': 'Communication preferences',
  'clientPortal.preferences.lead':
    'Tell us whether you agree to receive information from our school by e-mail, by phone and by post. You can change your mind at any time: a refusal applies at once.',
  'clientPortal.preferences.firstVisit.heading': 'Before you continue: your communication preferences',
  'clientPortal.preferences.firstVisit.body':
    'Under Québec’s Law 25 and the General Data Protection Regulation (GDPR), you must tell us whether or not you agree to receive information from our school by phone, post and/or e-mail. As this is your first visit, please tell us your preferences now; you can change them later, as needed.',
  'clientPortal.preferences.firstVisit.then': 'You will then reach your file.',
  'clientPortal.preferences.serviceNote':
    'Even if you refuse e-mails, you will receive those about your own business: registration confirmations, invoices, password resets.',
  'clientPortal.preferences.question': 'Do you agree to receive our information {channel}?',
  'clientPortal.preferences.yes': 'Yes, I agree',
  'clientPortal.preferences.no': 'No, I refuse',
  'clientPortal.preferences.current': 'Current choice: {value}',
  'clientPortal.preferences.currentSince': 'Current choice: {value}, since {date} ({how}).',
  'clientPortal.preferences.required': 'Answer for “{channel}”.',
  'clientPortal.preferences.missing': 'Answer for each of the three means of communication.',
  'clientPortal.preferences.submit': 'Save my preferences',
  'clientPortal.preferences.saved': 'Your communication preferences are saved.',
  'clientPortal.preferences.unchanged': 'Those were already your preferences: nothing changed.',
  'clientPortal.preferences.history': 'History of your choices',
  'clientPortal.preferences.historyLead':
    'Every choice is kept with its date and how it was given, as the law requires.',
  'clientPortal.preferences.historyEmpty': 'No choice has been recorded yet.',
  'clientPortal.preferences.col.when': 'Date',
  'clientPortal.preferences.col.channel': 'Means',
  'clientPortal.preferences.col.value': 'Choice',
  'clientPortal.preferences.col.how': 'Given by',
  'clientPortal.preferences.how.self': 'you, in your file',
  'clientPortal.preferences.how.portal': 'in the online file',
  'clientPortal.preferences.how.phone': 'staff, by phone',
  'clientPortal.preferences.how.paper': 'staff, on a paper form',
  'clientPortal.preferences.how.email': 'staff, following an e-mail',
  'clientPortal.preferences.how.staff': 'staff',
  'clientPortal.preferences.sourceNote': 'Detail: {source}',
  'clientPortal.preferences.older': 'Older choices',

  // Documents (CRM-10)
  'clientPortal.documents.pageTitle': 'Documents',
  'clientPortal.documents.heading': 'Documents and downloads',
  'clientPortal.documents.lead':
    'Upload your supporting documents here (the proof a discount asks for, for example) and find the documents the school added to your file, such as your certificates.',
  'clientPortal.documents.list': 'My documents',
  'clientPortal.documents.empty': 'There is no document in your file yet.',
  'clientPortal.documents.col.name': 'Document',
  'clientPortal.documents.col.kind': 'Kind',
  'clientPortal.documents.col.date': 'Added on',
  'clientPortal.documents.col.size': 'Size',
  'clientPortal.documents.download': 'Download',
  'clientPortal.documents.downloadLabel': 'Download {name}',
  'clientPortal.documents.kind.proof': 'Supporting document',
  'clientPortal.documents.kind.attachment': 'Added by the school',
  'clientPortal.documents.kind.attestation': 'Certificate',
  'clientPortal.documents.kind.taxReceipt': 'Tax receipt',
  'clientPortal.documents.kind.phaseLetter': 'End-of-phase letter',
  'clientPortal.documents.more': 'Older documents',
  'clientPortal.documents.upload': 'Upload a document',
  'clientPortal.documents.accepted':
    'Accepted types: PDF, JPEG, PNG and WebP, up to {max} MB. The file’s content is checked: a file whose content does not match its type is refused.',
  'clientPortal.documents.file': 'File to upload',
  'clientPortal.documents.submit': 'Upload the document',
  'clientPortal.documents.type': 'File type',
  'clientPortal.documents.type.pdf': 'PDF (letter, form, scan)',
  'clientPortal.documents.type.jpeg': 'JPEG (photo)',
  'clientPortal.documents.type.png': 'PNG (image)',
  'clientPortal.documents.type.webp': 'WebP (image)',
  'clientPortal.documents.continue': 'Continue',
  'clientPortal.documents.step2':
    'Now choose the {type} file to upload, then send it. This form stays valid for 15 minutes.',
  'clientPortal.documents.restart': 'Choose another file type',
  'clientPortal.documents.noFile': 'Choose the file to upload.',
  'clientPortal.documents.tooLarge':
    'The file is larger than {max} MB. Make it smaller (scan at a lower resolution, for example) and upload it again.',
  'clientPortal.documents.wrongType': 'This file type is not accepted. Upload a PDF, JPEG, PNG or WebP file.',
  'clientPortal.documents.sending': 'Uploading the file…',
  'clientPortal.documents.added': 'The document “{name}” was added to your file.',
  'clientPortal.documents.refusedHeading': 'The document was not added',
  'clientPortal.documents.receivedMissing':
    'We found no upload in progress. Upload the document again from the Documents page.',
  'clientPortal.documents.tryAgain': 'Upload another document',
  'clientPortal.size.bytes': '{n} B',
  'clientPortal.size.kb': '{n} KB',
  'clientPortal.size.mb': '{n} MB',

  // Registrations, workshops, invoices (CRM-02)
  'clientPortal.registrations.pageTitle': 'Registrations',
  'clientPortal.registrations.heading': 'My registrations',
  'clientPortal.registrations.lead':
    'Your registrations for workshops and activities, with their state: registered, “À PLANIFIER” (waiting for a date) or cancelled.',
  'clientPortal.registrations.empty':
    'You have no registration yet. When you register for a workshop or an activity, it will appear here with its state.',
  'clientPortal.workshops.pageTitle': 'Workshops attended',
  'clientPortal.workshops.heading': 'Workshops attended',
  'clientPortal.workshops.lead':
    'The workshops you attended, phase by phase. The certificates they lead to are in your documents.',
  'clientPortal.workshops.empty':
    'You have not attended any workshop yet. Workshops you attend will appear here once they have taken place.',
  'clientPortal.invoices.pageTitle': 'Invoices',
  'clientPortal.invoices.heading': 'Invoices and my activities',
  'clientPortal.invoices.lead': 'Your invoices, your payments and your file’s balance.',
  'clientPortal.invoices.empty':
    'You have no invoice yet. Your invoices and payments will appear here from your first paid registration.',

  // Deletion request (CRM-07)
  'clientPortal.withdrawal.pageTitle': 'Ask to be removed',
  'clientPortal.withdrawal.heading': 'Ask to be removed',
  'clientPortal.withdrawal.lead':
    'You can ask for your file to be removed from our system. Here is what will happen, depending on your file:',
  'clientPortal.withdrawal.case.none':
    'If you have no invoice and no workshop: your file is deleted completely.',
  'clientPortal.withdrawal.case.history':
    'If you attended workshops: your file is deactivated and almost all your personal data is deleted. Only your name and postal code are kept, in case you want to restore your file one day.',
  'clientPortal.withdrawal.case.balance':
    'If your file has a balance due, or you are registered for workshops “À PLANIFIER”: the removal is refused until the balance is paid or those registrations are cancelled.',
  'clientPortal.withdrawal.final':
    'A deleted or deactivated file can no longer be logged in to. This request takes effect at once.',
  'clientPortal.withdrawal.preferInstead': 'You only want to stop receiving our e-mails, calls or mail?',
  'clientPortal.withdrawal.preferLink': 'Change your communication preferences instead.',
  'clientPortal.withdrawal.confirm':
    'I understand that my file will be deleted or deactivated and that I will no longer be able to log in.',
  'clientPortal.withdrawal.confirmRequired': 'Tick the box to confirm your request.',
  'clientPortal.withdrawal.submit': 'Ask to be removed',
  'clientPortal.withdrawal.goodbye': 'You have been logged out. Thank you for walking this path with us.',
  'clientPortal.withdrawal.home': 'Back to the home page',
};
