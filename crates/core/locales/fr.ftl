# Roomsign en français. Les mêmes messages que en.ftl (un test le vérifie).
# Court et simple, pour quelqu'un qui passe devant la porte.

## Accueil

headline-free = Libre
headline-busy = Occupé
headline-check-in = Check-in ?
headline-unknown = Inconnu
headline-starting-soon = réunion imminente
rest-of-day = jusqu'à ce soir
until-time = jusqu'à { $time }
until-day-time = jusqu'à { $weekday } { $time }
soon-subject-at = { $subject } à { $time }
released-at = Libérée à { $time } — personne n'a fait le check-in
awaiting-release-at = Libérée à { $time } si personne ne fait le check-in
awaiting-release-soon = Bientôt libérée si personne ne fait le check-in
awaiting-no-release = Touchez pour confirmer la réunion
unknown-never-synced = En attente du calendrier de la salle
unknown-clock-unset = En attente de la mise à l'heure
unknown-no-schedule = Pas encore de planning pour aujourd'hui
unknown-no-schedule-offline = Pas de planning pour aujourd'hui — hors ligne depuis { $since }
weekday-time = { $weekday } { $time }
notice-offline = Hors ligne depuis { $since } — dernier planning connu
notice-offline-stale = Hors ligne depuis { $since } — ce planning n'est peut-être plus à jour
notice-refused = Accès au calendrier refusé depuis { $since } — dernier planning connu
notice-refused-stale = Accès au calendrier refusé depuis { $since } — ce planning n'est peut-être plus à jour
offline-cannot-book = Hors ligne — réservation impossible
offline-cannot-search = Hors ligne — recherche impossible
agenda-empty = Plus rien aujourd'hui
agenda-unknown = Le planning n'est pas encore connu
all-day = Toute la journée
all-day-note = Toute la journée · { $subject }
subject-private = Réunion privée
subject-booked = Réservé

## Durées

span-minutes = { $minutes } min
span-hours = { $hours } h
span-hours-minutes = { $hours } h { $minutes } min
minutes-long = { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
starts-in = commence dans { $span }
time-left = encore { $span }

## Réserver

chip-minutes = { $minutes } min
chip-until-next = Jusqu'à { $time }
chip-meeting-at = Réunion à { $time }
chip-over-limit = Max. { $span }
chip-under = Min. { $minutes } min
book-title = Réserver { $room } dès { $time }
book-minutes = Réserver { $minutes } min
extend-minutes = +{ $minutes } min

## Libellés fixes

label-book-now = Réserver
label-take-room = Prendre la salle
label-check-in = Check-in
label-end-now = Terminer
label-find-room = Trouver une salle libre
label-later-today = Plus tard
label-how-long = Pour combien de temps ?
label-cancel = Annuler
label-book = Réserver
label-done = OK
label-pin-prompt = Code PIN admin
label-pin-ok = OK
label-sync-now = Synchroniser
label-change-room = Changer de salle
label-pair-again = Réassocier
label-unpair = Dissocier
label-led-test = Tester les voyants
label-close = Fermer
label-diagnostics-caption = Scanner pour le diagnostic de ce panneau
label-which-room = Pour quelle salle est ce panneau ?
label-search-rooms = Chercher une salle
label-free-rooms-now = Salles libres
label-back = Retour
label-sign-in-step = Connectez-vous avec le compte système de la salle
label-code-step = Saisissez ce code :
label-not-paired = Ce panneau n'est pas encore associé à Microsoft 365.
label-get-code = Obtenir un code
label-language = Langue : { $name }

## Pendant l'action

progress-book = Réservation…
progress-book-room = Réservation de { $room }…
progress-check-in = Check-in…
progress-end-early = Fin de la réunion…
progress-extend = Prolongation…

## Résultats

booked-until = Réservé jusqu'à { $time }
booked-body = La salle est à vous. Bonne réunion !
booked-room-until = { $room } est réservée jusqu'à { $time }
booked-room-body = La salle a accepté la réservation. Allez-y : elle est à vous.
declined = La salle a refusé : { $reason }
declined-body = Rien n'a été réservé. Choisissez un autre horaire.
pending = En attente de la confirmation de la salle
pending-body = Cela peut prendre une minute ; l'écran se met à jour tout seul.
ended = Réunion terminée
ended-body = La salle est de nouveau libre. Merci !
extended-until = Prolongée jusqu'à { $time }
change-declined = La salle a refusé la modification : { $reason }
change-declined-body = Votre réservation reste inchangée.
checked-in = Check-in fait
checked-in-body = La salle est gardée pour votre réunion.

## Pourquoi une salle a refusé

decline-booked-first = quelqu'un l'a réservée avant vous
decline-not-a-room = { $room } n'est pas une salle ici
decline-booked-from = la salle est réservée dès { $time }
decline-not-free-for-longer = la salle n'est pas libre plus longtemps

## Pourquoi une action n'a pas été faite

refusal-no-calendar = Le calendrier de la salle n'est pas encore disponible sur ce panneau.
refusal-booking-in-flight = La dernière réservation attend encore la réponse de la salle. Réessayez dans un instant.
refusal-slot-gone = Ce créneau n'est plus libre. Choisissez une autre durée.
refusal-nothing-to-check-in = Aucune réunion n'attend de check-in pour le moment.
refusal-end-early-off = Terminer une réunion plus tôt est désactivé pour cette salle.
refusal-extend-off = Prolonger une réunion est désactivé pour cette salle.
refusal-not-booked-here = Seule une réunion réservée sur ce panneau peut être modifiée ici.
refusal-not-booked = Réservation impossible — le calendrier de la salle est injoignable. Réessayez dans une minute.
refusal-not-ended = Impossible de terminer la réunion — le calendrier de la salle est injoignable. Réessayez dans une minute.
refusal-not-extended = Impossible de prolonger la réunion — le calendrier de la salle est injoignable. Réessayez dans une minute.

## Confirmations

confirm-end-now = Terminer cette réunion maintenant ?
confirm-end-now-detail = La salle devient aussitôt libre pour les autres.
confirm-end-now-no = Garder la réunion
confirm-pair-again = Se déconnecter et réassocier ?
confirm-pair-again-detail = Le panneau oublie sa connexion à Microsoft 365 et affiche un nouveau code. Tant que personne ne s'est connecté avec, le calendrier de la salle n'est pas affiché.
confirm-pair-again-yes = Se déconnecter et associer
confirm-unpair = Dissocier ce panneau ?
confirm-unpair-detail = Le panneau oublie sa connexion à Microsoft 365 et n'affiche aucun calendrier jusqu'à une nouvelle association.
confirm-change-room = Choisir une autre salle ?
confirm-change-room-detail = Le panneau affiche la liste des salles ; il n'affiche aucun calendrier tant qu'aucune salle n'est choisie.
confirm-book-room = Réserver { $room } pour { $minutes } min ?
confirm-book-room-detail = C'est une autre salle, pas celle de cette porte.
change-room-configured = La salle est fixée dans la configuration (mailbox dans [room] de { $config }) : changez-la là pour afficher une autre salle.

## Trouver une salle libre

free-room-until = Libre jusqu'à { $time }
free-room-rest-of-day = Libre jusqu'à ce soir
free-rooms-looking = Recherche de salles libres…
free-rooms-none = Aucune autre salle n'est libre pour { $duration } maintenant.
free-rooms-failed = Impossible de consulter les autres salles pour le moment. Réessayez dans une minute.

## Choix de la salle

search-hint = Chercher par nom, bâtiment ou étage ({ $total ->
    [one] { $total } salle
   *[other] { $total } salles
})
no-match = Aucune salle ne correspond à « { $query } ».
room-floor = Étage { $floor }
room-seats = { $seats ->
    [one] { $seats } place
   *[other] { $seats } places
}

## Association

pairing-title = { $room } — associer à Microsoft 365
open-step = Scannez le code ou ouvrez { $url }
qr-label = Code QR pour { $url }
pairing-new-code-in = Nouveau code dans { $left }
pairing-phone-says-blocked = Si le téléphone indique que la connexion est bloquée, un admin informatique doit exempter le compte de la salle : voir { $docs }.
link-pairing-declined = La connexion a été refusée sur le téléphone. Touchez « Obtenir un code » pour réessayer.
link-pairing-stopped = Association interrompue : { $error }. Touchez « Obtenir un code » pour réessayer.
link-pairing-retrying = { $error }. Nouvel essai dans une minute.
link-cannot-list-rooms = Impossible de lister les salles : { $error }
link-unpaired = Ce panneau a été dissocié depuis son écran d'administration. Touchez « Obtenir un code » pour l'associer de nouveau.
link-no-rooms = Microsoft 365 ne liste aucune salle pour ce compte (annuaire Places). Indiquez mailbox dans [room], ou donnez au compte Place.Read.All avec le consentement administrateur.

## Écrans de problème

problem-credentials-title = Microsoft 365 refuse ce panneau
problem-credentials-fix = Corrigez l'inscription d'application ou son secret comme indiqué, puis redémarrez Roomsign.
problem-sign-in-title = Microsoft 365 refuse la connexion de ce panneau
problem-calendar-title = Impossible de lire le calendrier de la salle
problem-calendar-fix = Le panneau réessaie tout seul ; le changement peut mettre quelques minutes à atteindre Microsoft 365.
refusal-what-device-code-blocked = La stratégie de connexion de l'organisation bloque la connexion par code (le flux de code d'appareil), qui sert à associer ce panneau.
refusal-what-mfa-required = Microsoft 365 demande au compte de la salle une authentification multifacteur, qu'un panneau mural ne peut pas fournir.
refusal-what-sign-in-frequency = Une stratégie de fréquence de connexion a mis fin à la connexion du panneau ; un panneau mural ne peut pas se reconnecter seul.
refusal-what-refresh-token-expired = La connexion du panneau a expiré : elle n'a pas servi pendant 90 jours (par exemple panneau éteint).
refusal-what-password-changed = Le mot de passe du compte de la salle a changé ou ses connexions ont été révoquées, ce qui a mis fin à la connexion du panneau.
refusal-what-blocked-by-policy = Une stratégie d'accès conditionnel bloque la connexion du compte de la salle sur ce panneau.
refusal-what-consent-required = L'inscription d'application n'a pas le consentement pour les autorisations dont le panneau a besoin.
refusal-what-account-blocked = Le compte de la salle est désactivé, verrouillé ou son mot de passe a expiré.
refusal-what-wrong-credentials = Microsoft 365 refuse le nom ou le mot de passe du compte de la salle.
refusal-what-throttled = Le service de connexion de Microsoft demande au panneau d'attendre avant de se reconnecter.
refusal-what-bad-answer = Le service de connexion a donné une réponse inutilisable pour le panneau (un proxy ou un pare-feu sur le chemin ?).
refusal-what-other = Microsoft 365 refuse de renouveler la connexion du panneau.
refusal-fix-device-code-blocked = Mettez le compte de la salle dans un groupe de sécurité exclu de la stratégie qui bloque le flux de code d'appareil (l'exception de Microsoft pour les appareils Teams Rooms ; avec les paramètres de sécurité par défaut, une stratégie d'accès conditionnel doit les remplacer), vérifiez-le dans les journaux de connexion, puis réassociez le panneau ; voir « Device code sign-in blocked » dans docs/microsoft-365-setup.md.
refusal-fix-mfa-required = Excluez le compte de la salle (ou cette application) de la stratégie d'accès conditionnel ou du paramètre par utilisateur qui exige la MFA ; le panneau se reconnecte tout seul.
refusal-fix-sign-in-frequency = Excluez le compte de la salle du contrôle de fréquence de connexion de l'accès conditionnel, puis réassociez le panneau.
refusal-fix-refresh-token-expired = Réassociez le panneau ; laissez-le allumé et connecté pour que sa connexion serve.
refusal-fix-password-changed = Réassociez le panneau avec le mot de passe actuel du compte de la salle.
refusal-fix-blocked-by-policy = Excluez le compte de la salle de la stratégie d'accès conditionnel qui bloque cette connexion ou cet appareil (voir les journaux de connexion Entra) ; le panneau se reconnecte tout seul.
refusal-fix-consent-required = Accordez le consentement administrateur pour les autorisations de l'application dans Entra ID (Autorisations d'API) ; le panneau se reconnecte tout seul.
refusal-fix-account-blocked = Activez ou déverrouillez le compte de la salle dans Entra ID, ou définissez un mot de passe qui n'expire pas ; le panneau se reconnecte tout seul.
refusal-fix-wrong-credentials = Vérifiez le mot de passe du compte de la salle dans Entra ID, puis réassociez le panneau.
refusal-fix-throttled = Rien à faire : le panneau attend comme demandé et réessaie tout seul.
refusal-fix-bad-answer = Vérifiez que le panneau atteint login.microsoftonline.com directement (proxy, inspection TLS, portail captif) ; le panneau réessaie tout seul.
refusal-fix-other = Consultez les connexions du compte de la salle dans le centre d'administration Entra pour la raison ci-dessous ; le panneau réessaie tout seul.
refusal-door-device-code-blocked = Cette organisation bloque la connexion par code ; un admin informatique doit l'autoriser pour le compte de la salle.
refusal-door-mfa-required = La stratégie de connexion de cette organisation refuse le panneau ; un admin informatique doit l'autoriser pour le compte de la salle.
refusal-door-refresh-token-expired = La connexion du panneau a expiré après une longue inactivité. Touchez « Obtenir un code » pour le réassocier.
refusal-door-password-changed = Le mot de passe du compte de la salle a changé. Touchez « Obtenir un code » pour le réassocier.
refusal-door-consent-required = L'application n'est pas encore approuvée dans Microsoft 365 ; un admin informatique doit donner son consentement.
refusal-door-account-blocked = Microsoft 365 refuse le compte de la salle ; un admin informatique doit le vérifier.
refusal-door-throttled = Microsoft 365 a refusé la connexion ; un admin informatique peut en voir la raison sur l'écran d'administration.

## Code PIN admin

pin-wrong = Code PIN incorrect
pin-too-many = Trop de codes PIN incorrects — réessayez dans { $wait }
wait-seconds = { $seconds } s
wait-minutes = { $minutes } min
wait-minutes-seconds = { $minutes } min { $seconds } s

## Écran d'administration

admin-title = Admin — { $room }
admin-version = Version
admin-room = Salle
admin-link-demo = non configuré (salle de démo)
admin-link-signed-in-as = connecté en tant que { $account }
admin-link-signed-in-app = connecté (application seule)
admin-link-unsaved = { $signed_in } — la connexion renouvelée ne peut pas être enregistrée (disque plein ou en lecture seule)
admin-link-pairing = association…
admin-link-not-paired = non associé
admin-link-not-paired-because = non associé : { $what } { $fix }
admin-link-no-room = connecté ; aucune salle choisie
admin-last-sync = Dernière synchro
admin-sync-failing = { $time } ; en échec depuis { $since }
admin-sync-never-failing = aucune ; en échec depuis { $since }
admin-sync-from = { $time } depuis { $source }
admin-sync-not-yet = pas encore
admin-last-error = Dernière erreur
admin-error-seen = { $what } ({ $code }, vue à { $seen })
admin-error-cleared = { $what } ({ $code }, vue à { $seen } ; résolue à { $cleared })
admin-fix = Solution
admin-sync-problem = Problème de synchro
admin-token-until = Jeton d'accès jusqu'à
admin-token-renewed = { $time } (renouvelé tout seul)
admin-no-token = aucun jeton
admin-certificate = Certificat
admin-check-in = Check-in
admin-check-in-on = activé ; { $who }
admin-check-in-off = désactivé
admin-lights = Voyants
admin-ip = Adresse IP
admin-ip-unknown = inconnue
admin-configuration = Configuration
admin-state = Dossier d'état
sync-reading = Lecture du calendrier de la salle…
sync-done = Calendrier de la salle lu à { $time }.
sync-failed = Le calendrier de la salle n'a pas pu être lu à { $time } ; voir « Dernière erreur » ci-dessous.
led-test-step = Test des voyants { $step }/{ $steps } : { $what }
led-test-done = Test des voyants terminé : les voyants montrent de nouveau l'état de la salle.
led-test-stopped = Test des voyants interrompu : les voyants montrent de nouveau l'état de la salle.
led-test-impossible = Les voyants ne peuvent pas être testés : { $health }. Lancez `roomsign leds test` pour vérifier le câblage.

## Test des voyants

led-alone = le voyant { $colour } seul, à fond
led-state = { $state } : { $light }
led-booking = Réservation en cours : { $light }
led-all-off = tout éteint
led-off = éteint
led-steady = { $colour } à { $brightness } %
led-pulse = { $colour }, pulsant à { $brightness } %
led-blink = { $colour }, clignotant à { $brightness } %
led-quick = { $colour }, pulsant vite à { $brightness } %
colour-green = vert
colour-amber = ambre
colour-red = rouge
colour-blue = bleu
colour-white = blanc
