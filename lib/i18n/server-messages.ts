import { STATES } from '../contracts/states';
import type { Locale } from '../format';
import { COLLECTION_EXACT, COLLECTION_LABELS, COLLECTION_PATTERNS } from './collection-messages';

/*
 * French for the messages the services send back (validation, refusals, conflicts). The services speak
 * English, the language of the API and the logs; the UI surface translates at its edge (runAction), so
 * a rule keeps one wording in code. A test scans lib/ so that a new literal message without its French
 * fails the build instead of reaching a French user in English.
 */

const EXACT: Record<string, string> = {
  // Issue 14: dunning.
  'The end of the hold cannot be in the past.':
    'La fin de la suspension des relances ne peut pas être passée.',
  'This hold has already ended.': 'Cette suspension des relances est déjà terminée.',
  'Another level of this product already falls on that day.':
    'Un autre niveau de ce produit tombe déjà ce jour-là.',
  'A letter uses a placeholder that does not exist.': 'Un courrier utilise un paramètre qui n’existe pas.',
  'The termination level must be the last level.': 'Le niveau de résiliation doit être le dernier.',
  'This product already has dunning levels.': 'Ce produit a déjà des niveaux de relance.',
  'Days after the due date must be a whole number between 1 and 365.':
    'Les jours après l’échéance doivent être un nombre entier entre 1 et 365.',
  'Choose an action.': 'Choisissez une action.',
  // Issue 13: keyset pages of the contract search.
  'This page link is not valid any more; start again from the first page.':
    'Ce lien de page n’est plus valide ; recommencez depuis la première page.',
  ...COLLECTION_EXACT,
  // Issue 16: attachments and documents.
  // Issue 16: share links.
  'Choose what to share.': 'Choisissez ce qu’il faut partager.',
  'Give how long the link works.': 'Indiquez combien de temps le lien fonctionne.',
  'A link works for at most 90 days.': 'Un lien fonctionne au plus 90 jours.',
  'An internal file cannot be shared.': 'Un fichier interne ne peut pas être partagé.',
  'Choose the file to share.': 'Choisissez le fichier à partager.',
  'Choose the invoice to share.': 'Choisissez la facture à partager.',
  'Share link not found.': 'Lien de partage introuvable.',
  'Only its author can attach files to a comment.':
    'Seul son auteur peut joindre des fichiers à un commentaire.',
  'A comment’s file belongs to its contract.': 'Le fichier d’un commentaire appartient à son contrat.',
  'This link is not valid.': 'Ce lien n’est pas valide.',
  'This link no longer works.': 'Ce lien ne fonctionne plus.',
  'This link needs no code.': 'Ce lien ne demande pas de code.',
  'This code is wrong or expired. Ask for a new one.': 'Ce code est faux ou expiré. Demandez-en un nouveau.',
  'Too many codes were asked for this link; try again in an hour.':
    'Trop de codes ont été demandés pour ce lien ; réessayez dans une heure.',
  'E-mail must be a valid e-mail address.': '« E-mail » doit être une adresse e-mail valide.',
  'This kind of file is not accepted (PDF, images, office documents, CSV or text).':
    'Ce type de fichier n’est pas accepté (PDF, images, documents bureautiques, CSV ou texte).',
  'The file is empty.': 'Le fichier est vide.',
  'The stored file does not match its checksum; it was not sent.':
    'Le fichier stocké ne correspond plus à son empreinte ; il n’a pas été envoyé.',
  'Choose a contract or a policy holder for the file.':
    'Choisissez un contrat ou un souscripteur pour le fichier.',
  'Only the insurer can mark a file internal.': 'Seul l’assureur peut marquer un fichier comme interne.',
  'You may not delete this file.': 'Vous ne pouvez pas supprimer ce fichier.',
  'Only a file the insurer added can be marked internal.':
    'Seul un fichier ajouté par l’assureur peut être marqué comme interne.',
  'Choose a category.': 'Choisissez une catégorie.',
  'Choose a file to upload.': 'Choisissez un fichier à envoyer.',
  'A certificate is issued only for an approved or effective contract.':
    'Une attestation n’est délivrée que pour un contrat approuvé ou en cours.',
  // Issue 12: the receivables ledger.
  'Every installment of this contract has already been invoiced.':
    'Toutes les échéances de ce contrat ont déjà été facturées.',
  'Only open installments can be invoiced.': 'Seules les échéances non facturées peuvent être facturées.',
  'Nothing is payable here: every installment is paid, replaced or credited. Record the receipt as an advance to keep it as credit.':
    'Rien n’est dû ici : chaque échéance est payée, remplacée ou créditée. Enregistrez l’encaissement comme avance pour le conserver en avoir.',
  'This invoice is not one of this contract.': 'Cette facture n’est pas une facture de ce contrat.',
  'This invoice is not one of this policy holder.': 'Cette facture n’est pas une facture de ce souscripteur.',
  'This receipt has already been reversed.': 'Cet encaissement a déjà été annulé.',
  'Part of this receipt has been refunded; it cannot be reversed.':
    'Une partie de cet encaissement a été remboursée ; il ne peut pas être annulé.',
  'To must be on or after from.': '« Au » doit tomber le même jour que « Du » ou après.',
  'Received on cannot be in the future.': '« Reçu le » ne peut pas être dans le futur.',
  'Give a contract or a policy holder.': 'Indiquez un contrat ou un souscripteur.',
  'Billing frequency must be 12, 6, 3 or 1 months.':
    'La fréquence de facturation doit être de 12, 6, 3 ou 1 mois.',
  'A reason is required.': 'Un motif est obligatoire.',
  // Issue 17: product settings on the product admin screens.
  'Pay before effective must be "first" or "all".':
    '« Payer avant l’entrée en vigueur » doit valoir « first » (première échéance) ou « all » (toutes).',
  'Renew as negotiable must be true or false.': '« Renouveler en négociation » doit valoir vrai ou faux.',
  'Receipt not found.': 'Encaissement introuvable.',
  'Invoice not found.': 'Facture introuvable.',
  'Job not found.': 'Traitement introuvable.',
  'This job has already ended.': 'Ce traitement est déjà terminé.',
  'This job is still running.': 'Ce traitement est encore en cours.',
  'The person who started this job can no longer sign in.':
    'La personne qui a lancé ce traitement ne peut plus se connecter.',
  'A bundle needs at least one contribution plan.':
    'Un ensemble doit comprendre au moins un plan de cotisation.',
  'A comment can be at most 5 000 characters.': 'Un commentaire compte au plus 5 000 caractères.',
  // Issue 11: who changes what, amendments, renewals, termination.
  'A terminated contract is not renewed.': 'Un contrat résilié n’est pas renouvelé.',
  'Auto-renew must be true or false.': '« Renouvellement automatique » doit valoir vrai ou faux.',
  'Set the policy holder before adding insured persons.':
    'Indiquez le souscripteur avant d’ajouter des assurés.',
  'The amended contract is no longer executable or effective; this amendment cannot be approved.':
    'Le contrat modifié n’est plus approuvé ni en cours ; cet avenant ne peut pas être approuvé.',
  'The code and the validity dates of a submitted contract cannot change; counter it instead.':
    'Le code et les dates de validité d’un contrat soumis ne peuvent pas changer ; demandez plutôt une révision.',
  'The policy holder has declared no contribution plan bundle for this person.':
    'Le souscripteur n’a déclaré aucun ensemble de plans de cotisation pour cette personne.',
  'The termination date cannot be in the past.': 'La date de résiliation ne peut pas être passée.',
  'The termination date must be on or before the end of the contract.':
    'La date de résiliation doit tomber au plus tard à la fin du contrat.',
  'This contract already has an amendment in progress; approve or delete it first.':
    'Ce contrat a déjà un avenant en cours ; approuvez-le ou supprimez-le d’abord.',
  'This contract has already been renewed.': 'Ce contrat a déjà été renouvelé.',
  // Issue 16: census import and webhooks.
  'Preview the list before applying it.': 'Affichez l’aperçu de la liste avant de l’appliquer.',
  'The list has errors; nothing was imported. Correct them and preview it again.':
    'La liste contient des erreurs ; rien n’a été importé. Corrigez-les et affichez à nouveau l’aperçu.',
  'The employee list or the declarations changed since the preview; preview it again.':
    'La liste du personnel ou les déclarations ont changé depuis l’aperçu ; affichez-le à nouveau.',
  'Someone registered one of these people meanwhile; preview the list again.':
    'Quelqu’un a enregistré l’une de ces personnes entre-temps ; affichez à nouveau l’aperçu.',
  'This insurance number is already on an earlier row of the list.':
    'Ce numéro d’assurance figure déjà sur une ligne précédente de la liste.',
  'The family must be the insurance number of a family head on this list or already declared.':
    'La famille doit être le numéro d’assurance d’un chef de famille de cette liste ou déjà déclaré.',
  'Invalid value.': 'Valeur invalide.',
  'Gender must be M, F or O.': 'Le sexe doit être M, F ou O.',
  'This file is not a readable Excel workbook (.xlsx).':
    'Ce fichier n’est pas un classeur Excel (.xlsx) lisible.',
  'The file is larger than 4 MB.': 'Le fichier dépasse 4 Mo.',
  'Too large.': 'Trop volumineux.',
  'Upload a CSV or an Excel (.xlsx) file.': 'Envoyez un fichier CSV ou Excel (.xlsx).',
  'Unsupported type.': 'Type non pris en charge.',
  'Too many rows.': 'Trop de lignes.',
  'The endpoint was deleted.': 'L’adresse de réception a été supprimée.',
  'The endpoint is disabled or deleted.': 'L’adresse de réception est désactivée ou supprimée.',
  'The endpoint must be an https:// address.': 'L’adresse de réception doit commencer par https://.',
  'The endpoint address is not a valid URL.': 'L’adresse de réception n’est pas une URL valide.',
  'The endpoint address must not contain a user name or password.':
    'L’adresse de réception ne doit contenir ni nom d’utilisateur ni mot de passe.',
  'Unknown event.': 'Événement inconnu.',
  'Choose at least one event.': 'Choisissez au moins un événement.',
  'The endpoint address is required.': 'L’adresse de réception est obligatoire.',
  'Webhook delivery not found.': 'Envoi de webhook introuvable.',
  // Issue 17: premium rules (formulas, rate tables, versions).
  'Division by zero in the formula.': 'Division par zéro dans la formule.',
  'The formula is empty.': 'La formule est vide.',
  'This input name is reserved.': 'Ce nom de paramètre est réservé.',
  'Kind must be decimal, integer, text or boolean.': 'Le type doit être décimal, entier, texte ou booléen.',
  'Source must be insuree or plan.': 'La source doit être l’assuré ou le plan.',
  'A rate table needs one or two dimensions.': 'Une table de taux a une ou deux dimensions.',
  'A table key is empty.': 'Une clé de table est vide.',
  'A rate table needs at least one row.': 'Une table de taux a au moins une ligne.',
  'A rate table has at most 5000 rows.': 'Une table de taux a au plus 5000 lignes.',
  'The expected amount must be a decimal.': 'Le montant attendu doit être un nombre décimal.',
  'A rule declares at most 30 inputs.': 'Une règle déclare au plus 30 paramètres.',
  'A rule has at most 20 rate tables.': 'Une règle a au plus 20 tables de taux.',
  'A rule has at most 100 test cases.': 'Une règle a au plus 100 cas de test.',
  'A rule parameter has at most 64 characters.': 'Un paramètre de règle compte au plus 64 caractères.',
  'This code is already used by another premium rule.':
    'Ce code est déjà utilisé par une autre règle de prime.',
  'A published rule version cannot change; save a new version instead.':
    'Une version publiée ne peut pas changer ; enregistrez plutôt une nouvelle version.',
  'A rule version needs test cases before it is published.':
    'Une version de règle doit avoir des cas de test avant d’être publiée.',
  'Another published version of this rule starts on the same day.':
    'Une autre version publiée de cette règle commence le même jour.',
  'A published rule version cannot be deleted.': 'Une version publiée ne peut pas être supprimée.',
  'This rule version is already published.': 'Cette version de règle est déjà publiée.',
  'The CSV file is too large (at most 500 kB).': 'Le fichier CSV est trop volumineux (500 ko au plus).',
  'The XLSX file is too large (at most 2 MB).': 'Le fichier XLSX est trop volumineux (2 Mo au plus).',
  'This file is not an XLSX workbook.': 'Ce fichier n’est pas un classeur XLSX.',
  'Rule version not found.': 'Version de règle introuvable.',
  'A contract can run at most 10 years.': 'Un contrat dure au plus 10 ans.',
  'A value is out of range or malformed; nothing was saved.':
    'Une valeur est hors limites ou mal formée ; rien n’a été enregistré.',
  'Contains characters that cannot be stored.':
    'Contient des caractères qui ne peuvent pas être enregistrés.',
  'The input contains characters that cannot be stored.':
    'La saisie contient des caractères qui ne peuvent pas être enregistrés.',
  'The input is nested too deeply.': 'La saisie est imbriquée trop profondément.',
  'Unknown action.': 'Action inconnue.',
  'A contribution plan of this bundle does not exist.': 'Un plan de cotisation de cet ensemble n’existe pas.',
  'A portal user acts for a policy holder: choose one.':
    'Un utilisateur du portail agit pour un souscripteur : choisissez-le.',
  'A submitted (Negotiable) contract can only be changed by an approver.':
    'Un contrat soumis (en négociation) ne peut être modifié que par un approbateur.',
  'Already covered for this period.': 'Déjà couvert pour cette période.',
  'Amount must be more than zero.': 'Le montant doit être supérieur à zéro.',
  'An account with this e-mail already exists.': 'Un compte existe déjà avec cet e-mail.',
  'An administrator already exists; add other accounts on the Users page.':
    'Un administrateur existe déjà ; ajoutez les autres comptes depuis la page Utilisateurs.',
  'Bundle link not found.': 'Lien d’ensemble introuvable.',
  'Choose a contribution plan bundle.': 'Choisissez un ensemble de plans de cotisation.',
  'Choose a role.': 'Choisissez un rôle.',
  'Choose at most 1000 policy holders at a time, or use a filter.':
    'Choisissez au plus 1000 souscripteurs à la fois, ou utilisez un filtre.',
  'Contract must be an id.': 'Le contrat doit être un identifiant.',
  'Policy holder must be an id.': 'Le souscripteur doit être un identifiant.',
  'Select at most 100 000 contracts at a time, or use a filter.':
    'Sélectionnez au plus 100 000 contrats à la fois, ou utilisez un filtre.',
  'This insurance number is registered with another date of birth: check both.':
    'Ce numéro d’assuré est enregistré avec une autre date de naissance : vérifiez les deux.',
  'Choose an insuree or enter a new person.': 'Choisissez un assuré ou saisissez une nouvelle personne.',
  'Choose the policy holder.': 'Choisissez le souscripteur.',
  'Code may only contain letters, digits, dots, dashes and underscores.':
    'Le code ne peut contenir que des lettres, chiffres, points, tirets et soulignés.',
  'Date of birth cannot be in the future.': 'La date de naissance ne peut pas être dans le futur.',
  'Enter a valid e-mail address.': 'Saisissez une adresse e-mail valide.',
  'Enter an amount such as 125.00.': 'Saisissez un montant comme 125.00.',
  'Every contribution of this contract has already been invoiced.':
    'Toutes les cotisations de ce contrat ont déjà été facturées.',
  'Family must be an id.': 'La famille doit être un identifiant.',
  'Product must be an id.': 'Le produit doit être un identifiant.',
  'Give a reason for the termination.': 'Indiquez le motif de la résiliation.',
  'Grace period must be a whole number of days.': '« Délai de grâce » doit être un nombre entier de jours.',
  'Grace period must be between 0 and 365 days.':
    '« Délai de grâce » doit être compris entre 0 et 365 jours.',
  'Give either ids or a filter.': 'Indiquez soit des identifiants, soit un filtre.',
  'Give policy holders or a filter.': 'Indiquez des souscripteurs ou un filtre.',
  'Insurance number may only contain letters, digits and dashes.':
    'Le numéro d’assurance ne peut contenir que des lettres, chiffres et tirets.',
  'Insurees of this policy holder still use this bundle.':
    'Des assurés de ce souscripteur utilisent encore cet ensemble.',
  'Invalid calculation parameters.': 'Paramètres de calcul invalides.',
  'Invalid input.': 'Saisie invalide.',
  'Invalid plan parameters.': 'Paramètres du plan invalides.',
  'No failed mail with this id.': 'Aucun e-mail en échec avec cet identifiant.',
  'No insuree to cover in this period.': 'Aucun assuré à couvrir sur cette période.',
  'No recipient.': 'Aucun destinataire.',
  'Nobody at the insurer has worked on this contract yet.':
    'Personne chez l’assureur n’a encore traité ce contrat.',
  'Not a valid id.': 'Identifiant invalide.',
  'Only an approver can approve a contract.': 'Seul un approbateur peut approuver un contrat.',
  'Only an approver can ask for changes.': 'Seul un approbateur peut demander des modifications.',
  'Only an approver can change the code and the validity dates.':
    'Seul un approbateur peut modifier le code et les dates de validité.',
  'Only an approver can change this field.': 'Seul un approbateur peut modifier ce champ.',
  'Only an approver can terminate a contract.': 'Seul un approbateur peut résilier un contrat.',
  'Only the insurer can write internal notes.': 'Seul l’assureur peut écrire des notes internes.',
  'Please sign in.': 'Veuillez vous connecter.',
  'Policy holders declare new persons through their insuree list.':
    'Les souscripteurs déclarent les nouvelles personnes dans leur liste d’assurés.',
  'Policy holders may still use this bundle; withdraw it from them first.':
    'Des souscripteurs peuvent encore utiliser cet ensemble ; retirez-le-leur d’abord.',
  'Rate must be at most 100.': 'Le taux vaut au plus 100.',
  'Reference data is managed by the insurer.': 'Les données de référence sont gérées par l’assureur.',
  'Set the policy holder before submitting.': 'Indiquez le souscripteur avant de soumettre.',
  'Something went wrong. Nothing was saved; please try again.':
    'Une erreur est survenue. Rien n’a été enregistré ; veuillez réessayer.',
  'The code and the valid-from date of an amendment cannot change.':
    'Le code et la date de début d’un avenant ne peuvent pas changer.',
  'The change history is kept by the insurer.': 'L’historique des modifications est tenu par l’assureur.',
  'The comment must be at most 5 000 characters.': 'Le commentaire compte au plus 5 000 caractères.',
  'The contract has no insured person; add at least one before submitting.':
    'Le contrat n’a aucun assuré ; ajoutez-en au moins un avant de soumettre.',
  'The contract has no policy holder; set one before submitting.':
    'Le contrat n’a pas de souscripteur ; indiquez-le avant de soumettre.',
  'The password must have at least 10 characters.': 'Le mot de passe doit compter au moins 10 caractères.',
  'The password must have at most 200 characters.': 'Le mot de passe compte au plus 200 caractères.',
  'The password must not be your e-mail address.': 'Le mot de passe ne doit pas être votre adresse e-mail.',
  'Enter a new password.': 'Saisissez un nouveau mot de passe.',
  'Enter your current password.': 'Saisissez votre mot de passe actuel.',
  'Your current password is not correct.': 'Votre mot de passe actuel n’est pas correct.',
  'The two new passwords differ.': 'Les deux nouveaux mots de passe diffèrent.',
  'This link is invalid, already used or expired. Ask an administrator for a new one.':
    'Ce lien est invalide, déjà utilisé ou expiré. Demandez-en un nouveau à un administrateur.',
  'The policy holder has no e-mail address.': 'Le souscripteur n’a pas d’adresse e-mail.',
  'The policy holder of a contract cannot be changed once set.':
    'Le souscripteur d’un contrat ne peut plus changer une fois indiqué.',
  'This bundle is already available to this policy holder.':
    'Cet ensemble est déjà proposé à ce souscripteur.',
  'This bundle is not available to this policy holder.': 'Cet ensemble n’est pas proposé à ce souscripteur.',
  'This code is already used by another bundle.': 'Ce code est déjà utilisé par un autre ensemble.',
  'This code is already used by another contract.': 'Ce code est déjà utilisé par un autre contrat.',
  'This code is already used by another contribution plan.':
    'Ce code est déjà utilisé par un autre plan de cotisation.',
  'This code is already used by another policy holder.':
    'Ce code est déjà utilisé par un autre souscripteur.',
  'This code is already used by another product.': 'Ce code est déjà utilisé par un autre produit.',
  'This contract has no payment request to record a receipt against.':
    'Ce contrat n’a pas de demande de paiement sur laquelle enregistrer un encaissement.',
  'This contract is already submitted.': 'Ce contrat est déjà soumis.',
  'This family already has a head.': 'Cette famille a déjà un chef de famille.',
  'This insurance number is already registered; choose the existing insuree instead.':
    'Ce numéro d’assurance existe déjà ; choisissez plutôt l’assuré existant.',
  'This insurance number is already used by another person.':
    'Ce numéro d’assurance est déjà utilisé par une autre personne.',
  'This person is already declared by this policy holder for an overlapping period.':
    'Cette personne est déjà déclarée par ce souscripteur sur une période qui se chevauche.',
  'This person is already on the contract.': 'Cette personne figure déjà au contrat.',
  'This person is declared by a policy holder or on a contract; remove them there first.':
    'Cette personne est déclarée par un souscripteur ou figure sur un contrat ; retirez-la d’abord.',
  'This person is not a current insuree of the contract’s policy holder.':
    'Cette personne n’est pas un assuré actuel du souscripteur du contrat.',
  'This plan is part of a bundle; remove it from the bundle first.':
    'Ce plan fait partie d’un ensemble ; retirez-le d’abord de l’ensemble.',
  'This product is still used by a contribution plan; delete the plan first.':
    'Ce produit est encore utilisé par un plan de cotisation ; supprimez d’abord le plan.',
  'This receipt number has already been recorded.': 'Ce numéro d’encaissement a déjà été enregistré.',
  'Unexpected error.': 'Erreur inattendue.',
  'Unexpected error; nothing was changed for this contract.':
    'Erreur inattendue ; ce contrat n’a pas été modifié.',
  'Unknown field.': 'Champ inconnu.',
  'Unknown role.': 'Rôle inconnu.',
  'Valid to must be on or after valid from.':
    'La date de fin doit être égale ou postérieure à la date de début.',
  'Write a comment first.': 'Écrivez d’abord un commentaire.',
  'You cannot deactivate your own account or change your own role.':
    'Vous ne pouvez ni désactiver votre propre compte ni changer votre propre rôle.',
  'You do not have permission to do this.': 'Vous n’avez pas le droit de faire cela.',
  'You may not change this contract.': 'Vous ne pouvez pas modifier ce contrat.',
};

/** Field labels used inside templated messages ("Code is required."). */
const LABELS: Record<string, string> = {
  Level: 'Niveau',
  Fee: 'Frais',
  'Subject (English)': 'Objet (anglais)',
  'Letter (English)': 'Courrier (anglais)',
  'Subject (French)': 'Objet (français)',
  'Letter (French)': 'Courrier (français)',
  Day: 'Jour',
  'Hold until': 'Suspendre jusqu’au',
  Hold: 'Suspension des relances',
  ...COLLECTION_LABELS,
  'File name': 'Nom du fichier',
  'Leaving date': 'Date de départ',
  Endpoint: 'Adresse de réception',
  From: 'Du',
  To: 'Au',
  Invoice: 'Facture',
  Receipt: 'Encaissement',
  'Up to': 'Jusqu’au',
  Reason: 'Motif',
  Address: 'Adresse',
  Amount: 'Montant',
  'Calculation rule': 'Règle de calcul',
  Code: 'Code',
  Comment: 'Commentaire',
  Label: 'Libellé',
  'Test case name': 'Nom du cas de test',
  Formula: 'Formule',
  Description: 'Description',
  'Premium rule': 'Règle de prime',
  'Rule version': 'Version de règle',
  'Contact name': 'Nom du contact',
  Contract: 'Contrat',
  'Contract detail': 'Ligne de contrat',
  'Contribution plan': 'Plan de cotisation',
  'Contribution plan bundle': 'Ensemble de plans de cotisation',
  Date: 'Date',
  'Date of birth': 'Date de naissance',
  'E-mail': 'E-mail',
  Family: 'Famille',
  'First name': 'Prénom',
  'Grace period': 'Délai de grâce',
  'Billing frequency': 'Fréquence de facturation',
  Income: 'Revenu',
  'Insurance number': 'Numéro d’assurance',
  'Insurance period': 'Durée d’assurance',
  Insuree: 'Assuré',
  'Insuree line': 'Ligne d’assuré',
  'Last name': 'Nom',
  Name: 'Nom',
  'Payment reference': 'Référence de paiement',
  Periodicity: 'Périodicité',
  Phone: 'Téléphone',
  'Policy holder': 'Souscripteur',
  File: 'Fichier',
  'Share link': 'Lien de partage',
  'Credit note': 'Avoir',
  Document: 'Document',
  Product: 'Produit',
  Rate: 'Taux',
  'Receipt number': 'Numéro d’encaissement',
  'Termination date': 'Date de résiliation',
  'Received on': 'Reçu le',
  Record: 'Enregistrement',
  Search: 'Recherche',
  'Trade name': 'Raison sociale',
  User: 'Utilisateur',
  'Valid from': 'Valide du',
  'Valid to': 'Valide au',
  // "X not found." subjects
  'Contribution plan bundle link': 'Lien d’ensemble',
  Token: 'Jeton',
  'policy holder': 'souscripteur',
  contract: 'contrat',
  product: 'produit',
  insuree: 'assuré',
  'contribution plan': 'plan de cotisation',
  'contribution plan bundle': 'ensemble de plans de cotisation',
};

// Own keys only: a label or message can carry input ("constructor" is not a translation).
const own = (table: Record<string, string>, key: string) =>
  Object.hasOwn(table, key) ? table[key] : undefined;
const label = (l: string) => `« ${own(LABELS, l) ?? l} »`;
const state = (s: string) => Object.values(STATES).find((x) => x.en === s)?.fr ?? s;

const TYPES_FR: Record<string, string> = {
  'a number': 'un nombre',
  'a yes/no value': 'une valeur oui/non',
  'a text': 'un texte',
};
const typeFr = (t: string) => own(TYPES_FR, t) ?? t;

/** The formula errors (lib/calculation/formula.ts), without their position. */
const FORMULA: [RegExp, (...m: string[]) => string][] = [
  [/^Unknown name "(.+)"$/, (_, n) => `Nom inconnu « ${n} »`],
  [/^Unknown function "(.+)"$/, (_, n) => `Fonction inconnue « ${n} »`],
  [/^Unknown rate table "(.+)"$/, (_, n) => `Table de taux inconnue « ${n} »`],
  [/^Syntax error$/, () => 'Erreur de syntaxe'],
  [/^Expected (a number|a yes\/no value|a text)$/, (_, ty) => `Valeur attendue : ${typeFr(ty!)}`],
  [/^, found (.+)\.$/, (_, ty) => `, trouvé ${typeFr(ty!)}.`],
  [/^Write the multiplication explicitly with \*$/, () => 'Écrivez la multiplication avec *'],
  [
    /^The operator "(.+)" is not allowed in a formula$/,
    (_, o) => `L’opérateur « ${o} » n’est pas permis dans une formule`,
  ],
  [
    /^This construct \((.+)\) is not allowed in a formula$/,
    (_, c) => `Cette construction (${c}) n’est pas permise dans une formule`,
  ],
  [/^This value is not allowed in a formula$/, () => 'Cette valeur n’est pas permise dans une formule'],
  [/^Numbers in a formula must be below 1e12$/, () => 'Les nombres d’une formule sont inférieurs à 1e12'],
  [/^The formula is nested too deeply$/, () => 'La formule est trop imbriquée'],
  [/^(.+) is a function: write (.+)$/, (_, n, w) => `${n} est une fonction : écrivez ${w}`],
  [
    /^Both branches of "\? :" must give the same kind of value$/,
    () => 'Les deux branches de « ? : » doivent donner le même type de valeur',
  ],
  [/^Cannot compare (.+) with (.+)$/, (_, x, y) => `Impossible de comparer ${typeFr(x!)} avec ${typeFr(y!)}`],
  [
    /^The first argument of rate\(\) must be a table name in quotes$/,
    () => 'Le premier argument de rate() est un nom de table entre guillemets',
  ],
  [/^Rate table "(.+)" takes (\d+) keys?$/, (_, t, n) => `La table de taux « ${t} » prend ${n} clé(s)`],
  [
    /^(.+)\(\) takes (.+) arguments?$/,
    (_, f, n) => `${f}() prend ${n.replace('at least', 'au moins').replace(' to ', ' à ')} argument(s)`,
  ],
];
function translateFormula(part: string): string {
  for (const [re, fr] of FORMULA) {
    const m = part.match(re);
    if (m) return fr(...(m as unknown as string[]));
  }
  return part;
}

/** Templated messages: the sentence in French, with its label or state translated too. */
const PATTERNS: [RegExp, (...m: string[]) => string][] = [
  [/^Unknown placeholder \{(\w+)\}\.$/, (_, p) => `Paramètre inconnu {${p}}.`],
  ...COLLECTION_PATTERNS,
  [/^A file can be at most (\d+) MB\.$/, (_, n) => `Un fichier pèse au plus ${n} Mo.`],
  [
    /^The first row must name the columns; missing: (.+)\.$/,
    (_, c) => `La première ligne doit nommer les colonnes ; il manque : ${c}.`,
  ],
  [/^The list has more than (\d+) people\.$/, (_, n) => `La liste compte plus de ${n} personnes.`],
  [
    /^Only (.+) of unallocated credit can be refunded\.$/,
    (_, a) => `Seuls ${a} d’avoir non affecté peuvent être remboursés.`,
  ],
  [/^At most (.+)\.$/, (_, a) => `Au plus ${a}.`],
  [/^(.+) is required\.$/, (_, l) => `${label(l!)} est obligatoire.`],
  [/^(.+) is not a valid date\.$/, (_, l) => `${label(l!)} n’est pas une date valide.`],
  [/^(.+) is too long\.$/, (_, l) => `${label(l!)} est trop long.`],
  [/^(.+) must be a date \(YYYY-MM-DD\)\.$/, (_, l) => `${label(l!)} doit être une date (AAAA-MM-JJ).`],
  [
    /^(.+) must be a positive number with at most (\d+) decimals\.$/,
    (_, l, n) => `${label(l!)} doit être un nombre positif avec au plus ${n} décimales.`,
  ],
  [/^(.+) must be a valid e-mail address\.$/, (_, l) => `${label(l!)} doit être une adresse e-mail valide.`],
  [/^(.+) must be a whole number of months\.$/, (_, l) => `${label(l!)} doit être un nombre entier de mois.`],
  [
    /^(.+) contains characters that cannot be stored\.$/,
    (_, l) => `${label(l!)} contient des caractères qui ne peuvent pas être enregistrés.`,
  ],
  [
    /^(.+) must be between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})\.$/,
    (_, l, a, b) => `${label(l!)} doit être entre le ${a} et le ${b}.`,
  ],
  [/^(.+) must be at most (\d+(?:\.\d+)?)\.$/, (_, l, n) => `${label(l!)} vaut au plus ${n}.`],
  [/^(.+) must be at most (\d+) characters\.$/, (_, l, n) => `${label(l!)} compte au plus ${n} caractères.`],
  [
    /^(.+) must be between 1 and 120 months\.$/,
    (_, l) => `${label(l!)} doit être compris entre 1 et 120 mois.`,
  ],
  [/^(.+) not found(?: \(or already revoked\))?\.$/, (_, l) => `${label(l!)} : introuvable.`],
  [
    /^This (.+) was changed by someone else\. Reload it to see the changes\.$/,
    (_, w) =>
      `Cet élément (${own(LABELS, w!) ?? w}) a été modifié par quelqu’un d’autre. Rechargez-le pour voir les changements.`,
  ],
  [
    /^A contract in state (.+) cannot be (changed|submitted|terminated|deleted)\.$/,
    (_, s, verb) =>
      `Un contrat à l’état « ${state(s!)} » ne peut pas être ${{ changed: 'modifié', submitted: 'soumis', terminated: 'résilié', deleted: 'supprimé' }[verb!]}.`,
  ],
  [
    /^Only a submitted contract can be (approved|countered); this one is (.+)\.$/,
    (_, verb, s) =>
      `Seul un contrat soumis peut être ${verb === 'approved' ? 'approuvé' : 'renvoyé pour modification'} ; celui-ci est « ${state(s!)} ».`,
  ],
  [
    /^Only an executable or effective contract can be (amended|invoiced); this one is (.+)\.$/,
    (_, verb, s) =>
      `Seul un contrat approuvé ou en cours peut être ${verb === 'amended' ? 'modifié par avenant' : 'facturé'} ; celui-ci est « ${state(s!)} ».`,
  ],
  [
    /^Only an executable or effective contract can be renewed; this one is (.+)\.$/,
    (_, s) => `Seul un contrat approuvé ou en cours peut être renouvelé ; celui-ci est « ${state(s!)} ».`,
  ],
  // Issue 17: formula and rate table errors keep their names and positions.
  [
    /^(.*) at position (\d+)(.*)$/,
    (_, m, p, rest) => `${translateFormula(m!)} (position ${p})${translateFormula(rest!)}`,
  ],
  [
    /^The formula is too (long|complex) \(at most (\d+) (characters|terms)\)\.$/,
    (_, w, n) =>
      `La formule est trop ${w === 'long' ? 'longue' : 'complexe'} (au plus ${n} ${w === 'long' ? 'caractères' : 'termes'}).`,
  ],
  [
    /^The formula must give a number, not (.+)\.$/,
    (_, ty) => `La formule doit donner un nombre, pas ${typeFr(ty!)}.`,
  ],
  [/^The input "(.+)" has no value\.$/, (_, n) => `Le paramètre « ${n} » n’a pas de valeur.`],
  [/^The input "(.+)" must be (.+)\.$/, (_, n, k) => `Le paramètre « ${n} » doit être ${k}.`],
  [/^The input "(.+)" is declared twice\.$/, (_, n) => `Le paramètre « ${n} » est déclaré deux fois.`],
  [
    /^The rate table "(.+)" is defined twice\.$/,
    (_, n) => `La table de taux « ${n} » est définie deux fois.`,
  ],
  [
    /^Rate table "(.+)" has no (.+) band for (.+)\.$/,
    (_, t, d, v) => `La table « ${t} » n’a pas de tranche de ${d} pour ${v}.`,
  ],
  [/^Rate table "(.+)" has no (.+) "(.+)"\.$/, (_, t, d, v) => `La table « ${t} » n’a pas de ${d} « ${v} ».`],
  [/^Rate table "(.+?)": (.+)$/, (_, t, m) => `Table de taux « ${t} » : ${m}`],
  [/^Premium rule "(.+)" not found\.$/, (_, c) => `Règle de prime « ${c} » introuvable.`],
  [
    /^The premium rule "(.+)" has no published version valid on (\d{4}-\d{2}-\d{2})\.$/,
    (_, c, d) => `La règle de prime « ${c} » n’a pas de version publiée valable le ${d}.`,
  ],
  [
    /^A rule version whose test cases fail cannot be published \(failing: (.+)\)\.$/,
    (_, f) => `Une version dont des cas de test échouent ne peut pas être publiée (en échec : ${f}).`,
  ],
  [
    /^Contract (.+), approved with this rule, starts on (\d{4}-\d{2}-\d{2}): a new version must take effect after it\.$/,
    (_, c, d) =>
      `Le contrat ${c}, approuvé avec cette règle, commence le ${d} : une nouvelle version doit prendre effet après.`,
  ],
  [
    /^(.+) must start with a letter and use only letters, digits and _\.$/,
    (_, l) => `${label(l!)} doit commencer par une lettre et ne contenir que lettres, chiffres et _.`,
  ],
  [/^Unknown calculation rule "(.+)"\.$/, (_, r) => `Règle de calcul inconnue « ${r} ».`],
  [
    /^The bundle uses an unknown calculation rule "(.+)"\.$/,
    (_, r) => `L’ensemble utilise une règle de calcul inconnue « ${r} ».`,
  ],
  [/^Unknown fields?: (.+)\.$/, (_, f) => `Champ(s) inconnu(s) : ${f}.`],
  [
    /^(.+) is already covered by contract (.+) \((\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})\) of this policy holder\.$/,
    (_, p, c, a, b) => `${p} est déjà couvert(e) par le contrat ${c} (du ${a} au ${b}) de ce souscripteur.`,
  ],
  [
    /^The line of (.+) is refused: this family is already covered by the line of (.+) on this contract\.$/,
    (_, a, b) =>
      `La ligne de ${a} est refusée : cette famille est déjà couverte par la ligne de ${b} sur ce contrat.`,
  ],
];

export function translateServerMessage(message: string, locale: Locale): string {
  if (locale !== 'fr') return message;
  const exact = own(EXACT, message);
  if (exact) return exact;
  for (const [re, fr] of PATTERNS) {
    const m = message.match(re);
    if (m) return fr(...(m as unknown as string[]));
  }
  return message;
}

export function translateFieldErrors(
  errors: Record<string, string[]> | undefined,
  locale: Locale,
): Record<string, string[]> | undefined {
  if (!errors || locale !== 'fr') return errors;
  return Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [k, v.map((m) => translateServerMessage(m, locale))]),
  );
}

export const SERVER_LABELS = Object.keys(LABELS);
