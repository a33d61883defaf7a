/**
 * The organization portal's wording: French first; the English catalogue is typed against it, so
 * a missing or an extra key fails the build. Keys start with "organization.".
 */
export const fr = {
  'organization.portal': 'Portail de l’organisme',
  'organization.nav.label': 'Sections du portail de l’organisme',
  'organization.nav.home': 'Tableau de bord',
  'organization.nav.users': 'Utilisateurs',
  'organization.role.organisme': 'Organisme',
  'organization.role.moderator': 'Modérateur de clavardage',
  'organization.home.title': '{name} — Portail de l’organisme',
  'organization.home.team': 'Votre équipe sur Parvis',
  'organization.home.invited': 'Invitations en attente',
  'organization.home.manageUsers': 'Gérer les utilisateurs',
  'organization.users.title': 'Utilisateurs — {name}',
  'organization.users.heading': 'Utilisateurs de l’organisme',
  'organization.users.lead':
    'Les personnes qui gèrent votre organisme sur Parvis. Le rôle « Organisme » donne accès à tout le portail ; le rôle « Modérateur de clavardage » sert uniquement à modérer le clavardage de vos diffusions en ligne.',
  'organization.users.since': 'depuis le {date}',
  'organization.users.statusInvited': 'invitation envoyée, compte pas encore activé',
  'organization.users.role': 'Rôle',
  'organization.users.changeRole': 'Changer le rôle',
  'organization.users.changeRoleOf': 'Changer le rôle de {name}',
  'organization.users.remove': 'Retirer',
  'organization.users.removeOf': 'Retirer {name} de l’organisme',
  'organization.users.addHeading': 'Ajouter un utilisateur',
  'organization.users.addLead':
    'La personne reçoit un courriel pour activer son compte et choisir son mot de passe. Si elle a déjà un compte Parvis, le rôle s’ajoute à son compte.',
  'organization.users.name': 'Nom complet',
  'organization.users.email': 'Adresse courriel',
  'organization.users.language': 'Langue des courriels',
  'organization.users.add': 'Ajouter',
  'organization.users.invited':
    'Invitation envoyée : la personne recevra un courriel pour activer son compte.',
  'organization.users.addedExisting': 'Le rôle a été ajouté au compte existant de cette personne.',
  'organization.users.removed': 'L’utilisateur a été retiré de l’organisme.',
  'organization.users.changed': 'Le rôle a été changé.',
  'organization.trainer.title': 'Espace formateur — Parvis',
  'organization.trainer.eyebrow': 'Espace formateur',
  'organization.trainer.heading': 'Bonjour {name}',
  'organization.trainer.workshops': 'Mes ateliers',
  'organization.trainer.none':
    'Aucun atelier ne vous est encore attribué. Vos ateliers, leurs listes de participants et les notes formateur des clients s’afficheront ici.',
  'organization.trainer.security': 'Sécurité de mon compte (mot de passe, double authentification)',
} satisfies Record<`organization.${string}`, string>;

export const en: Record<keyof typeof fr, string> = {
  'organization.portal': 'Organization portal',
  'organization.nav.label': 'Organization portal sections',
  'organization.nav.home': 'Dashboard',
  'organization.nav.users': 'Users',
  'organization.role.organisme': 'Organization',
  'organization.role.moderator': 'Chat moderator',
  'organization.home.title': '{name} — Organization portal',
  'organization.home.team': 'Your team on Parvis',
  'organization.home.invited': 'Pending invitations',
  'organization.home.manageUsers': 'Manage users',
  'organization.users.title': 'Users — {name}',
  'organization.users.heading': 'Organization users',
  'organization.users.lead':
    'The people who manage your organization on Parvis. The "Organization" role opens the whole portal; the "Chat moderator" role only moderates the chat of your online broadcasts.',
  'organization.users.since': 'since {date}',
  'organization.users.statusInvited': 'invitation sent, account not activated yet',
  'organization.users.role': 'Role',
  'organization.users.changeRole': 'Change role',
  'organization.users.changeRoleOf': 'Change the role of {name}',
  'organization.users.remove': 'Remove',
  'organization.users.removeOf': 'Remove {name} from the organization',
  'organization.users.addHeading': 'Add a user',
  'organization.users.addLead':
    'The person receives an e-mail to activate their account and choose a password. If they already have a Parvis account, the role is added to it.',
  'organization.users.name': 'Full name',
  'organization.users.email': 'E-mail address',
  'organization.users.language': 'Language of e-mails',
  'organization.users.add': 'Add',
  'organization.users.invited':
    'Invitation sent: the person will receive an e-mail to activate their account.',
  'organization.users.addedExisting': 'The role was added to this person’s existing account.',
  'organization.users.removed': 'The user was removed from the organization.',
  'organization.users.changed': 'The role was changed.',
  'organization.trainer.title': 'Trainer space — Parvis',
  'organization.trainer.eyebrow': 'Trainer space',
  'organization.trainer.heading': 'Hello {name}',
  'organization.trainer.workshops': 'My workshops',
  'organization.trainer.none':
    'No workshop is assigned to you yet. Your workshops, their participant lists and the clients’ trainer notes will show here.',
  'organization.trainer.security': 'My account’s security (password, two-factor authentication)',
};
