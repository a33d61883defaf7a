/**
 * The account pages' wording: French first; the English catalogue is typed against it, so a missing
 * or an extra key fails the build. Keys start with "account.".
 */
export const fr = {
  // Header
  'account.nav.label': 'Mon compte',
  'account.nav.logIn': 'Se connecter',
  'account.nav.logOut': 'Se déconnecter',
  'account.nav.myFile': 'Mon dossier',
  'account.nav.organization': 'Portail organisme',
  'account.nav.console': 'Console',
  'account.nav.trainer': 'Espace formateur',
  'account.nav.security': 'Sécurité du compte',
  'account.nav.readOnly': 'Consultation en lecture seule',

  // Fields shared by several pages
  'account.field.email': 'Adresse courriel',
  'account.field.password': 'Mot de passe',
  'account.field.newPassword': 'Nouveau mot de passe',
  'account.field.currentPassword': 'Mot de passe actuel',
  'account.field.passwordRules':
    'Au moins {min}\u00a0caractères. Une phrase de quelques mots, facile à retenir pour vous seul, est idéale.',
  'account.field.code': 'Code de vérification',
  'account.field.codeHint':
    'Le code à 6\u00a0chiffres affiché dans votre application, ou l’un de vos codes de récupération.',
  'account.field.totpCode': 'Code à 6\u00a0chiffres',
  'account.field.totpCodeHint':
    'Le code que l’application affiche pour Parvis. Il change toutes les 30\u00a0secondes.',

  // Log-in
  'account.logIn.title': 'Se connecter — Parvis',
  'account.logIn.heading': 'Se connecter',
  'account.logIn.lead':
    'Accédez à votre dossier, à vos inscriptions et à votre espace avec votre adresse courriel et votre mot de passe.',
  'account.logIn.submit': 'Se connecter',
  'account.logIn.forgot': 'Mot de passe oublié\u00a0?',
  'account.logIn.noFile': 'Pas encore de dossier\u00a0?',
  'account.logIn.signUp': 'Créer mon dossier',
  'account.logIn.notice.loggedOut': 'Vous êtes déconnecté.',
  'account.logIn.notice.everywhere':
    'Vous avez été déconnecté de tous les appareils. Connectez-vous de nouveau pour continuer.',
  'account.logIn.notice.passwordReset':
    'Votre nouveau mot de passe est enregistré et toutes vos sessions ont été fermées. Connectez-vous avec ce nouveau mot de passe.',
  'account.logIn.notice.activated':
    'Votre compte est activé. Connectez-vous avec votre adresse courriel et le mot de passe que vous venez de choisir.',
  'account.logIn.notice.expired': 'Votre session a expiré. Veuillez vous connecter de nouveau.',

  // Second factor at log-in
  'account.code.title': 'Code de vérification — Parvis',
  'account.code.heading': 'Code de vérification',
  'account.code.lead':
    'Votre compte est protégé par la double authentification. Ouvrez votre application d’authentification et entrez le code affiché pour Parvis.',
  'account.code.submit': 'Vérifier le code',
  'account.code.restart': 'Recommencer la connexion',
  'account.code.lostDevice':
    'Vous n’avez plus accès à votre application\u00a0? Entrez l’un des codes de récupération reçus lors de l’activation.',

  // TOTP set-up (staff at log-in, anyone from the security page)
  'account.totp.enrollTitle': 'Activer la double authentification — Parvis',
  'account.totp.enrollHeading': 'Activer la double authentification',
  'account.totp.staffRequired':
    'La double authentification est obligatoire pour le personnel\u00a0: votre accès ouvre les dossiers de tous les clients. Elle ne prend qu’une minute à configurer.',
  'account.totp.step1':
    'Installez une application d’authentification sur votre téléphone, par exemple Google Authenticator, Microsoft Authenticator, FreeOTP ou votre gestionnaire de mots de passe.',
  'account.totp.step2': 'Dans l’application, ajoutez un compte en balayant ce code QR.',
  'account.totp.manualKey':
    'Impossible de balayer le code\u00a0? Entrez plutôt cette clé dans l’application\u00a0:',
  'account.totp.step3': 'Entrez le code à 6\u00a0chiffres que l’application affiche maintenant.',
  'account.totp.confirm': 'Activer la double authentification',
  'account.totp.cancel': 'Annuler',

  // Recovery codes, shown once
  'account.recovery.heading': 'Vos codes de récupération',
  'account.recovery.intro':
    'Si vous perdez votre téléphone, chacun de ces codes vous permet de vous connecter une seule fois à la place du code de l’application.',
  'account.recovery.once':
    'Notez-les maintenant et gardez-les en lieu sûr (gestionnaire de mots de passe ou papier rangé)\u00a0: ils ne seront plus jamais affichés.',
  'account.recovery.listLabel': 'Codes de récupération',
  'account.recovery.download': 'Télécharger les codes (fichier texte)',
  'account.recovery.fileHeader': 'Codes de récupération Parvis — {email} — chacun ne sert qu’une fois',
  'account.recovery.saved': 'J’ai mis mes codes en lieu sûr — continuer',
  'account.totp.enabled': 'La double authentification est activée.',

  // Log-out
  'account.logOut.title': 'Se déconnecter — Parvis',
  'account.logOut.heading': 'Se déconnecter',
  'account.logOut.lead': 'Fermer votre session sur cet appareil\u00a0?',
  'account.logOut.submit': 'Se déconnecter',
  'account.logOut.anonymous': 'Vous n’êtes pas connecté.',

  // Sign-up
  'account.signUp.title': 'Créer mon dossier — Parvis',
  'account.signUp.heading': 'Créer mon dossier',
  'account.signUp.lead':
    'Votre dossier vous permet de consulter vos inscriptions, vos ateliers et vos factures, de tenir vos coordonnées à jour, de choisir vos préférences de communication et de vous inscrire en ligne.',
  'account.signUp.haveFile': 'Vous avez déjà un dossier\u00a0?',
  'account.signUp.logIn': 'Connectez-vous',
  'account.signUp.you': 'Vous',
  'account.signUp.access': 'Accès à votre dossier',
  'account.signUp.address': 'Adresse postale',
  'account.signUp.salutation': 'Formule d’appel',
  'account.signUp.salutationHint':
    'Elle choisit le début de nos courriels\u00a0: «\u00a0Chère\u00a0», «\u00a0Cher\u00a0» ou «\u00a0Bonjour\u00a0».',
  'account.signUp.salutation.f': 'Madame',
  'account.signUp.salutation.m': 'Monsieur',
  'account.signUp.salutation.x': 'Sans formule',
  'account.signUp.firstName': 'Prénom',
  'account.signUp.lastName': 'Nom de famille',
  'account.signUp.emailHint': 'Nous y enverrons un lien pour confirmer que l’adresse est bien la vôtre.',
  'account.signUp.phone': 'Téléphone',
  'account.signUp.street': 'Adresse (numéro, rue, appartement)',
  'account.signUp.city': 'Ville',
  'account.signUp.region': 'Province, État ou région',
  'account.signUp.postalCode': 'Code postal',
  'account.signUp.country': 'Pays',
  'account.signUp.country.CA': 'Canada',
  'account.signUp.country.FR': 'France',
  'account.signUp.locale': 'Langue de communication',
  'account.signUp.locale.fr': 'Français',
  'account.signUp.locale.en': 'English',
  'account.signUp.submit': 'Créer mon dossier',
  'account.signUp.inboxTitle': 'Vérifiez vos courriels — Parvis',
  'account.signUp.inboxHeading': 'Vérifiez vos courriels',
  'account.signUp.inboxBody':
    'Un courriel est en route vers l’adresse que vous avez indiquée. Ouvrez-le et suivez le lien qu’il contient pour continuer.',
  'account.signUp.inboxHelp':
    'Rien reçu après quelques minutes\u00a0? Regardez dans vos courriels indésirables, puis vérifiez l’adresse saisie.',
  'account.signUp.alreadyTitle': 'Déjà client\u00a0? — Parvis',
  'account.signUp.alreadyHeading': 'Déjà client\u00a0?',
  'account.signUp.alreadyBody':
    'Vous avez déjà un dossier à notre école, veuillez communiquer avec nous afin qu’on vous y donne accès.',
  'account.signUp.contactLabel': 'Pour nous joindre',
  'account.contact.northAmerica': 'En Amérique du Nord',
  'account.contact.france': 'France',
  'account.contact.email': 'Courriel',

  // Forgotten password
  'account.forgot.title': 'Mot de passe oublié — Parvis',
  'account.forgot.heading': 'Mot de passe oublié',
  'account.forgot.lead':
    'Entrez l’adresse courriel de votre dossier. Nous vous enverrons un lien pour choisir un nouveau mot de passe.',
  'account.forgot.submit': 'Envoyer le lien',
  'account.forgot.sent':
    'Si un compte existe pour cette adresse, un courriel est en route avec un lien pour choisir un nouveau mot de passe. Le lien est valide pendant une heure et ne sert qu’une fois.',
  'account.forgot.sentHelp':
    'Rien reçu après quelques minutes\u00a0? Regardez dans vos courriels indésirables.',
  'account.forgot.backToLogIn': 'Retour à la connexion',

  // E-mail links
  'account.link.invalidTitle': 'Lien expiré ou déjà utilisé — Parvis',
  'account.link.invalidHeading': 'Ce lien ne fonctionne plus',
  'account.link.invalidHelp':
    'Les liens reçus par courriel ne servent qu’une fois et expirent. Un lien plus récent annule aussi les précédents.',
  'account.link.askNew': 'Demander un nouveau lien',
  'account.activate.title': 'Activer mon compte — Parvis',
  'account.activate.heading': 'Activer mon compte',
  'account.activate.lead': 'Choisissez le mot de passe de votre compte pour l’activer.',
  'account.activate.submit': 'Activer mon compte',
  'account.reset.title': 'Nouveau mot de passe — Parvis',
  'account.reset.heading': 'Choisir un nouveau mot de passe',
  'account.reset.lead': 'Une fois enregistré, toutes vos sessions ouvertes seront fermées.',
  'account.reset.submit': 'Enregistrer le mot de passe',
  'account.verify.title': 'Confirmer mon adresse courriel — Parvis',
  'account.verify.heading': 'Confirmer mon adresse courriel',
  'account.verify.lead': 'Confirmez que cette adresse courriel est bien la vôtre.',
  'account.verify.submit': 'Confirmer mon adresse',
  'account.verify.done': 'Merci\u00a0! Votre adresse courriel est confirmée.',
  'account.verify.continue': 'Continuer',

  // Security page
  'account.security.title': 'Sécurité du compte — Parvis',
  'account.security.heading': 'Sécurité du compte',
  'account.security.lead': 'Connecté avec l’adresse {email}.',
  'account.security.password': 'Mot de passe',
  'account.security.passwordLead':
    'Après le changement, vos sessions ouvertes sur d’autres appareils seront fermées et un avis vous sera envoyé par courriel.',
  'account.security.changePassword': 'Changer le mot de passe',
  'account.security.passwordChanged':
    'Votre mot de passe a été changé. Vos sessions sur les autres appareils ont été fermées.',
  'account.security.twoFactor': 'Double authentification',
  'account.security.twoFactorOff':
    'Désactivée. Avec la double authentification, un code de votre téléphone est demandé après le mot de passe\u00a0: un mot de passe volé ne suffit plus.',
  'account.security.twoFactorOn': 'Activée depuis le {date}.',
  'account.security.twoFactorRequired':
    'Obligatoire pour le personnel\u00a0: elle ne peut pas être désactivée.',
  'account.security.enable': 'Activer la double authentification',
  'account.security.disable': 'Désactiver la double authentification',
  'account.security.disabled': 'La double authentification est désactivée.',
  'account.security.codesLeft': 'Codes de récupération inutilisés\u00a0: {count}.',
  'account.security.regenerate': 'Générer de nouveaux codes de récupération',
  'account.security.regenerateHint': 'Les anciens codes cesseront aussitôt de fonctionner.',
  'account.security.enrollRestart':
    'L’activation a été interrompue (déjà faite depuis une autre session ?). Rechargez la page et recommencez au besoin.',
  'account.security.readOnly':
    'Vous consultez le portail d’un client en lecture seule. Terminez la consultation pour gérer la sécurité de votre propre compte.',
  'account.security.continue': 'Revenir à la sécurité du compte',
  'account.security.recoveryUsed':
    'Vous vous êtes connecté avec un code de récupération. Il vous en reste {count}. Si vous avez perdu l’accès à votre application, générez de nouveaux codes ou réactivez la double authentification.',
  'account.security.sessions': 'Sessions',
  'account.security.sessionsLead':
    'Un appareil perdu ou un ordinateur partagé\u00a0? Fermez toutes les sessions ouvertes, y compris celle-ci.',
  'account.security.logOutEverywhere': 'Se déconnecter de tous les appareils',
} satisfies Record<`account.${string}`, string>;

export const en: Record<keyof typeof fr, string> = {
  'account.nav.label': 'My account',
  'account.nav.logIn': 'Log in',
  'account.nav.logOut': 'Log out',
  'account.nav.myFile': 'My file',
  'account.nav.organization': 'Organization portal',
  'account.nav.console': 'Console',
  'account.nav.trainer': 'Trainer area',
  'account.nav.security': 'Account security',
  'account.nav.readOnly': 'Read-only view',

  'account.field.email': 'E-mail address',
  'account.field.password': 'Password',
  'account.field.newPassword': 'New password',
  'account.field.currentPassword': 'Current password',
  'account.field.passwordRules':
    'At least {min} characters. A phrase of a few words, easy for you alone to remember, is ideal.',
  'account.field.code': 'Verification code',
  'account.field.codeHint': 'The 6-digit code shown in your app, or one of your recovery codes.',
  'account.field.totpCode': '6-digit code',
  'account.field.totpCodeHint': 'The code the app shows for Parvis. It changes every 30 seconds.',

  'account.logIn.title': 'Log in — Parvis',
  'account.logIn.heading': 'Log in',
  'account.logIn.lead':
    'Open your file, your registrations and your area with your e-mail address and your password.',
  'account.logIn.submit': 'Log in',
  'account.logIn.forgot': 'Forgot your password?',
  'account.logIn.noFile': 'No file yet?',
  'account.logIn.signUp': 'Create my file',
  'account.logIn.notice.loggedOut': 'You are logged out.',
  'account.logIn.notice.everywhere': 'You were logged out of every device. Log in again to continue.',
  'account.logIn.notice.passwordReset':
    'Your new password is saved and all your sessions were closed. Log in with the new password.',
  'account.logIn.notice.activated':
    'Your account is active. Log in with your e-mail address and the password you just chose.',
  'account.logIn.notice.expired': 'Your session has expired. Please log in again.',

  'account.code.title': 'Verification code — Parvis',
  'account.code.heading': 'Verification code',
  'account.code.lead':
    'Your account is protected by two-factor authentication. Open your authenticator app and enter the code it shows for Parvis.',
  'account.code.submit': 'Check the code',
  'account.code.restart': 'Start the log-in again',
  'account.code.lostDevice':
    'Lost access to your app? Enter one of the recovery codes you received when you turned it on.',

  'account.totp.enrollTitle': 'Turn on two-factor authentication — Parvis',
  'account.totp.enrollHeading': 'Turn on two-factor authentication',
  'account.totp.staffRequired':
    'Two-factor authentication is required for staff: your access opens every client’s file. It takes a minute to set up.',
  'account.totp.step1':
    'Install an authenticator app on your phone, for example Google Authenticator, Microsoft Authenticator, FreeOTP or your password manager.',
  'account.totp.step2': 'In the app, add an account by scanning this QR code.',
  'account.totp.manualKey': 'Cannot scan the code? Enter this key in the app instead:',
  'account.totp.step3': 'Enter the 6-digit code the app shows now.',
  'account.totp.confirm': 'Turn on two-factor authentication',
  'account.totp.cancel': 'Cancel',

  'account.recovery.heading': 'Your recovery codes',
  'account.recovery.intro':
    'If you lose your phone, each of these codes lets you log in once in place of the app’s code.',
  'account.recovery.once':
    'Write them down now and keep them somewhere safe (a password manager or paper put away): they will never be shown again.',
  'account.recovery.listLabel': 'Recovery codes',
  'account.recovery.download': 'Download the codes (text file)',
  'account.recovery.fileHeader': 'Parvis recovery codes — {email} — each works once',
  'account.recovery.saved': 'I have put my codes somewhere safe — continue',
  'account.totp.enabled': 'Two-factor authentication is on.',

  'account.logOut.title': 'Log out — Parvis',
  'account.logOut.heading': 'Log out',
  'account.logOut.lead': 'Close your session on this device?',
  'account.logOut.submit': 'Log out',
  'account.logOut.anonymous': 'You are not logged in.',

  'account.signUp.title': 'Create my file — Parvis',
  'account.signUp.heading': 'Create my file',
  'account.signUp.lead':
    'Your file lets you see your registrations, workshops and invoices, keep your contact details up to date, choose how we may contact you and register online.',
  'account.signUp.haveFile': 'Already have a file?',
  'account.signUp.logIn': 'Log in',
  'account.signUp.you': 'You',
  'account.signUp.access': 'Access to your file',
  'account.signUp.address': 'Postal address',
  'account.signUp.salutation': 'Salutation',
  'account.signUp.salutationHint': 'It sets how our e-mails greet you: “Dear” or “Hello”.',
  'account.signUp.salutation.f': 'Ms.',
  'account.signUp.salutation.m': 'Mr.',
  'account.signUp.salutation.x': 'None',
  'account.signUp.firstName': 'First name',
  'account.signUp.lastName': 'Last name',
  'account.signUp.emailHint': 'We will send a link there to confirm the address is yours.',
  'account.signUp.phone': 'Phone',
  'account.signUp.street': 'Street address (number, street, unit)',
  'account.signUp.city': 'City',
  'account.signUp.region': 'Province, state or region',
  'account.signUp.postalCode': 'Postal code',
  'account.signUp.country': 'Country',
  'account.signUp.country.CA': 'Canada',
  'account.signUp.country.FR': 'France',
  'account.signUp.locale': 'Language for our messages',
  'account.signUp.locale.fr': 'Français',
  'account.signUp.locale.en': 'English',
  'account.signUp.submit': 'Create my file',
  'account.signUp.inboxTitle': 'Check your e-mail — Parvis',
  'account.signUp.inboxHeading': 'Check your e-mail',
  'account.signUp.inboxBody':
    'An e-mail is on its way to the address you gave. Open it and follow its link to continue.',
  'account.signUp.inboxHelp':
    'Nothing after a few minutes? Look in your junk mail, then check the address you typed.',
  'account.signUp.alreadyTitle': 'Already a client? — Parvis',
  'account.signUp.alreadyHeading': 'Already a client?',
  'account.signUp.alreadyBody':
    'You already have a file at our school; please contact us so we can give you access to it.',
  'account.signUp.contactLabel': 'How to reach us',
  'account.contact.northAmerica': 'In North America',
  'account.contact.france': 'France',
  'account.contact.email': 'E-mail',

  'account.forgot.title': 'Forgotten password — Parvis',
  'account.forgot.heading': 'Forgotten password',
  'account.forgot.lead':
    'Enter the e-mail address of your file. We will send you a link to choose a new password.',
  'account.forgot.submit': 'Send the link',
  'account.forgot.sent':
    'If an account exists for this address, an e-mail is on its way with a link to choose a new password. The link is valid for one hour and works once.',
  'account.forgot.sentHelp': 'Nothing after a few minutes? Look in your junk mail.',
  'account.forgot.backToLogIn': 'Back to log-in',

  'account.link.invalidTitle': 'Expired or used link — Parvis',
  'account.link.invalidHeading': 'This link no longer works',
  'account.link.invalidHelp':
    'Links sent by e-mail work once and expire. A newer link also cancels the earlier ones.',
  'account.link.askNew': 'Ask for a new link',
  'account.activate.title': 'Activate my account — Parvis',
  'account.activate.heading': 'Activate my account',
  'account.activate.lead': 'Choose your account’s password to activate it.',
  'account.activate.submit': 'Activate my account',
  'account.reset.title': 'New password — Parvis',
  'account.reset.heading': 'Choose a new password',
  'account.reset.lead': 'Once it is saved, every open session will be closed.',
  'account.reset.submit': 'Save the password',
  'account.verify.title': 'Confirm my e-mail address — Parvis',
  'account.verify.heading': 'Confirm my e-mail address',
  'account.verify.lead': 'Confirm that this e-mail address is yours.',
  'account.verify.submit': 'Confirm my address',
  'account.verify.done': 'Thank you! Your e-mail address is confirmed.',
  'account.verify.continue': 'Continue',

  'account.security.title': 'Account security — Parvis',
  'account.security.heading': 'Account security',
  'account.security.lead': 'Logged in as {email}.',
  'account.security.password': 'Password',
  'account.security.passwordLead':
    'After the change, your sessions on other devices will be closed and a notice will be sent to you by e-mail.',
  'account.security.changePassword': 'Change the password',
  'account.security.passwordChanged':
    'Your password was changed. Your sessions on other devices were closed.',
  'account.security.twoFactor': 'Two-factor authentication',
  'account.security.twoFactorOff':
    'Off. With two-factor authentication, a code from your phone is asked for after the password: a stolen password is no longer enough.',
  'account.security.twoFactorOn': 'On since {date}.',
  'account.security.twoFactorRequired': 'Required for staff: it cannot be turned off.',
  'account.security.enable': 'Turn on two-factor authentication',
  'account.security.disable': 'Turn off two-factor authentication',
  'account.security.disabled': 'Two-factor authentication is off.',
  'account.security.codesLeft': 'Unused recovery codes: {count}.',
  'account.security.regenerate': 'Generate new recovery codes',
  'account.security.regenerateHint': 'The old codes stop working at once.',
  'account.security.enrollRestart':
    'The set-up was interrupted (already done from another session?). Reload the page and start again if needed.',
  'account.security.readOnly':
    'You are viewing a client’s portal, read-only. End the view to manage the security of your own account.',
  'account.security.continue': 'Back to account security',
  'account.security.recoveryUsed':
    'You logged in with a recovery code. You have {count} left. If you lost access to your app, generate new codes or turn two-factor authentication on again.',
  'account.security.sessions': 'Sessions',
  'account.security.sessionsLead':
    'A lost device or a shared computer? Close every open session, this one included.',
  'account.security.logOutEverywhere': 'Log out of every device',
};
