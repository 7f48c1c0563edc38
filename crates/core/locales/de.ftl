# Roomsign auf Deutsch. Dieselben Nachrichten wie en.ftl (ein Test prüft es).
# Kurz und schlicht, für jemanden, der vor der Tür steht.

## Home

headline-free = Frei
headline-busy = Belegt
headline-check-in = Einchecken?
headline-unknown = Unbekannt
headline-starting-soon = gleich belegt
rest-of-day = bis Tagesende
until-time = bis { $time }
until-day-time = bis { $weekday } { $time }
soon-subject-at = { $subject } um { $time }
released-at = Um { $time } freigegeben — niemand hat eingecheckt
awaiting-release-at = Wird um { $time } freigegeben, wenn niemand eincheckt
awaiting-release-soon = Wird bald freigegeben, wenn niemand eincheckt
awaiting-no-release = Tippen, um das Meeting zu bestätigen
unknown-never-synced = Warte auf den Kalender des Raums
unknown-clock-unset = Warte auf die Uhrzeit
unknown-no-schedule = Noch kein Plan für heute
unknown-no-schedule-offline = Kein Plan für heute — offline seit { $since }
weekday-time = { $weekday } { $time }
notice-offline = Offline seit { $since } — letzter bekannter Plan
notice-offline-stale = Offline seit { $since } — der Plan ist evtl. veraltet
notice-refused = Kalenderzugriff verweigert seit { $since } — letzter bekannter Plan
notice-refused-stale = Kalenderzugriff verweigert seit { $since } — der Plan ist evtl. veraltet
offline-cannot-book = Offline — Buchen nicht möglich
offline-cannot-search = Offline — Suchen nicht möglich
agenda-empty = Heute nichts mehr
agenda-unknown = Der Plan ist noch nicht bekannt
all-day = Ganztägig
all-day-note = Ganztägig · { $subject }
subject-private = Privater Termin
subject-booked = Gebucht

## Zeitspannen

span-minutes = { $minutes } Min.
span-hours = { $hours } Std.
span-hours-minutes = { $hours } Std. { $minutes } Min.
minutes-long = { $minutes ->
    [one] { $minutes } Minute
   *[other] { $minutes } Minuten
}
starts-in = beginnt in { $span }
time-left = noch { $span }

## Buchen

chip-minutes = { $minutes } Min.
chip-until-next = Bis { $time }
chip-meeting-at = Termin um { $time }
chip-over-limit = Max. { $span }
chip-under = Mind. { $minutes } Min.
book-title = { $room } ab { $time } buchen
book-minutes = { $minutes } Min. buchen
extend-minutes = +{ $minutes } Min.

## Feste Beschriftungen

label-book-now = Jetzt buchen
label-take-room = Raum nehmen
label-check-in = Einchecken
label-end-now = Beenden
label-find-room = Freien Raum finden
label-later-today = Später heute
label-how-long = Wie lange brauchen Sie den Raum?
label-cancel = Abbrechen
label-book = Buchen
label-done = Fertig
label-pin-prompt = Admin-PIN
label-pin-ok = OK
label-sync-now = Jetzt abgleichen
label-change-room = Raum wechseln
label-pair-again = Neu koppeln
label-unpair = Entkoppeln
label-led-test = Lichter testen
label-close = Schließen
label-diagnostics-caption = Scannen für die Diagnose dieses Panels
label-which-room = Für welchen Raum ist dieses Panel?
label-search-rooms = Räume suchen
label-free-rooms-now = Jetzt freie Räume
label-back = Zurück
label-sign-in-step = Mit dem Systemkonto des Raums anmelden
label-code-step = Diesen Code eingeben:
label-not-paired = Dieses Panel ist noch nicht mit Microsoft 365 gekoppelt.
label-get-code = Code anfordern
label-language = Sprache: { $name }

## Während ein Tippen ausgeführt wird

progress-book = Wird gebucht…
progress-book-room = { $room } wird gebucht…
progress-check-in = Wird eingecheckt…
progress-end-early = Meeting wird beendet…
progress-extend = Wird verlängert…

## Ergebnisse

booked-until = Gebucht bis { $time }
booked-body = Der Raum gehört Ihnen. Gutes Meeting!
booked-room-until = { $room } ist gebucht bis { $time }
booked-room-body = Der Raum hat die Buchung angenommen. Gehen Sie hin: Er gehört Ihnen.
declined = Der Raum hat abgelehnt: { $reason }
declined-body = Es wurde nichts gebucht. Wählen Sie eine andere Zeit.
pending = Warte auf die Bestätigung des Raums
pending-body = Das kann eine Minute dauern; die Anzeige aktualisiert sich selbst.
ended = Meeting beendet
ended-body = Der Raum ist wieder frei. Danke!
extended-until = Verlängert bis { $time }
change-declined = Der Raum hat die Änderung abgelehnt: { $reason }
change-declined-body = Ihre Buchung bleibt unverändert.
checked-in = Eingecheckt
checked-in-body = Der Raum ist für Ihr Meeting reserviert.

## Warum ein Raum abgelehnt hat

decline-booked-first = jemand anderes hat zuerst gebucht
decline-not-a-room = { $room } ist hier kein Raum
decline-booked-from = der Raum ist ab { $time } gebucht
decline-not-free-for-longer = der Raum ist nicht länger frei

## Warum ein Tippen nicht ausgeführt wurde

refusal-no-calendar = Der Kalender des Raums ist auf diesem Panel noch nicht verfügbar.
refusal-booking-in-flight = Die letzte Buchung wartet noch auf die Antwort des Raums. Bitte gleich erneut versuchen.
refusal-slot-gone = Diese Zeit ist nicht mehr frei. Wählen Sie eine andere Dauer.
refusal-nothing-to-check-in = Gerade wartet kein Meeting auf das Einchecken.
refusal-end-early-off = Meetings vorzeitig beenden ist für diesen Raum ausgeschaltet.
refusal-extend-off = Meetings verlängern ist für diesen Raum ausgeschaltet.
refusal-not-booked-here = Hier lässt sich nur ein an diesem Panel gebuchtes Meeting ändern.
refusal-not-booked = Buchung fehlgeschlagen — der Kalender des Raums ist nicht erreichbar. Bitte in einer Minute erneut versuchen.
refusal-not-ended = Beenden fehlgeschlagen — der Kalender des Raums ist nicht erreichbar. Bitte in einer Minute erneut versuchen.
refusal-not-extended = Verlängern fehlgeschlagen — der Kalender des Raums ist nicht erreichbar. Bitte in einer Minute erneut versuchen.

## Rückfragen

confirm-end-now = Dieses Meeting jetzt beenden?
confirm-end-now-detail = Der Raum wird sofort für andere frei.
confirm-end-now-no = Meeting behalten
confirm-pair-again = Abmelden und neu koppeln?
confirm-pair-again-detail = Das Panel vergisst seine Anmeldung bei Microsoft 365 und zeigt einen neuen Code. Bis sich jemand damit anmeldet, wird der Kalender des Raums nicht angezeigt.
confirm-pair-again-yes = Abmelden und koppeln
confirm-unpair = Dieses Panel entkoppeln?
confirm-unpair-detail = Das Panel vergisst seine Anmeldung bei Microsoft 365 und zeigt keinen Kalender, bis es wieder gekoppelt ist.
confirm-change-room = Einen anderen Raum wählen?
confirm-change-room-detail = Das Panel zeigt die Liste der Räume; bis ein Raum gewählt ist, zeigt es keinen Kalender.
confirm-book-room = { $room } für { $minutes } Min. buchen?
confirm-book-room-detail = Das ist ein anderer Raum, nicht der an dieser Tür.
change-room-configured = Der Raum ist in der Konfiguration festgelegt (mailbox in [room] von { $config }): Ändern Sie ihn dort, um einen anderen Raum zu zeigen.

## Freien Raum finden

free-room-until = Frei bis { $time }
free-room-rest-of-day = Frei bis Tagesende
free-rooms-looking = Suche freie Räume…
free-rooms-none = Gerade ist kein anderer Raum für { $duration } frei.
free-rooms-failed = Andere Räume lassen sich gerade nicht abfragen. Bitte in einer Minute erneut versuchen.

## Raumauswahl

search-hint = Nach Name, Gebäude oder Etage suchen ({ $total ->
    [one] { $total } Raum
   *[other] { $total } Räume
})
no-match = Kein Raum passt zu „{ $query }“.
room-floor = Etage { $floor }
room-seats = { $seats ->
    [one] { $seats } Platz
   *[other] { $seats } Plätze
}

## Koppeln

pairing-title = { $room } — mit Microsoft 365 koppeln
open-step = Code scannen oder { $url } öffnen
qr-label = QR-Code für { $url }
pairing-new-code-in = Neuer Code in { $left }
pairing-phone-says-blocked = Meldet das Telefon, die Anmeldung sei blockiert, muss die IT das Raumkonto ausnehmen: siehe { $docs }.
link-pairing-declined = Die Anmeldung wurde auf dem Telefon abgelehnt. Tippen Sie auf „Code anfordern“, um es noch einmal zu versuchen.
link-pairing-stopped = Koppeln abgebrochen: { $error }. Tippen Sie auf „Code anfordern“, um es noch einmal zu versuchen.
link-pairing-retrying = { $error }. Neuer Versuch in einer Minute.
link-cannot-list-rooms = Die Räume lassen sich nicht auflisten: { $error }
link-unpaired = Dieses Panel wurde auf seiner Admin-Seite entkoppelt. Tippen Sie auf „Code anfordern“, um es wieder zu koppeln.
link-no-rooms = Microsoft 365 führt für dieses Konto keine Räume (Places-Verzeichnis). Setzen Sie mailbox in [room] oder geben Sie dem Konto Place.Read.All mit Administratorzustimmung.

## Problemseiten

problem-credentials-title = Microsoft 365 weist dieses Panel ab
problem-credentials-fix = Korrigieren Sie die App-Registrierung oder ihr Geheimnis wie beschrieben und starten Sie Roomsign neu.
problem-sign-in-title = Microsoft 365 weist die Anmeldung dieses Panels ab
problem-calendar-title = Der Kalender des Raums lässt sich nicht lesen
problem-calendar-fix = Das Panel versucht es von selbst wieder; die Änderung kann ein paar Minuten brauchen, bis sie bei Microsoft 365 ankommt.
refusal-what-device-code-blocked = Die Anmelderichtlinie der Organisation sperrt die Anmeldung mit Code (Device-Code-Flow), mit der dieses Panel gekoppelt wird.
refusal-what-mfa-required = Microsoft 365 verlangt vom Raumkonto eine Mehrfaktor-Authentifizierung, die ein Panel an der Wand nicht leisten kann.
refusal-what-sign-in-frequency = Eine Richtlinie zur Anmeldehäufigkeit hat die Anmeldung des Panels beendet; ein Panel an der Wand kann sich nicht selbst neu anmelden.
refusal-what-refresh-token-expired = Die Anmeldung des Panels ist abgelaufen: Sie wurde 90 Tage nicht genutzt (etwa weil das Panel ausgeschaltet war).
refusal-what-password-changed = Das Passwort des Raumkontos wurde geändert oder seine Anmeldungen wurden widerrufen; damit endete die Anmeldung des Panels.
refusal-what-blocked-by-policy = Eine Richtlinie für bedingten Zugriff sperrt die Anmeldung des Raumkontos auf diesem Panel.
refusal-what-consent-required = Der App-Registrierung fehlt die Zustimmung für die Berechtigungen, die das Panel braucht.
refusal-what-account-blocked = Das Raumkonto ist deaktiviert, gesperrt oder sein Passwort ist abgelaufen.
refusal-what-wrong-credentials = Microsoft 365 weist den Namen oder das Passwort des Raumkontos ab.
refusal-what-throttled = Der Anmeldedienst von Microsoft bittet das Panel, vor der nächsten Anmeldung zu warten.
refusal-what-bad-answer = Der Anmeldedienst hat eine Antwort gegeben, mit der das Panel nichts anfangen kann (ein Proxy oder eine Firewall dazwischen?).
refusal-what-other = Microsoft 365 verweigert die Erneuerung der Anmeldung des Panels.
refusal-fix-device-code-blocked = Nehmen Sie das Raumkonto in eine Sicherheitsgruppe auf, die von der Richtlinie gegen den Device-Code-Flow ausgenommen ist (Microsofts Ausnahme für Teams-Rooms-Geräte; bei Sicherheitsstandards muss eine Richtlinie für bedingten Zugriff sie ersetzen), prüfen Sie es in den Anmeldeprotokollen und koppeln Sie das Panel dann neu; siehe „Device code sign-in blocked“ in docs/microsoft-365-setup.md.
refusal-fix-mfa-required = Nehmen Sie das Raumkonto (oder diese App) von der Richtlinie für bedingten Zugriff oder der Benutzereinstellung aus, die MFA verlangt; das Panel meldet sich dann von selbst wieder an.
refusal-fix-sign-in-frequency = Nehmen Sie das Raumkonto von der Steuerung der Anmeldehäufigkeit im bedingten Zugriff aus und koppeln Sie das Panel dann neu.
refusal-fix-refresh-token-expired = Koppeln Sie das Panel neu; lassen Sie es eingeschaltet und verbunden, damit seine Anmeldung genutzt wird.
refusal-fix-password-changed = Koppeln Sie das Panel mit dem aktuellen Passwort des Raumkontos neu.
refusal-fix-blocked-by-policy = Nehmen Sie das Raumkonto von der Richtlinie für bedingten Zugriff aus, die diese Anmeldung oder dieses Gerät sperrt (siehe Entra-Anmeldeprotokolle); das Panel meldet sich dann von selbst wieder an.
refusal-fix-consent-required = Erteilen Sie in Entra ID die Administratorzustimmung für die Berechtigungen der App (API-Berechtigungen); das Panel meldet sich dann von selbst wieder an.
refusal-fix-account-blocked = Aktivieren oder entsperren Sie das Raumkonto in Entra ID oder setzen Sie ein Passwort, das nicht abläuft; das Panel meldet sich dann von selbst wieder an.
refusal-fix-wrong-credentials = Prüfen Sie das Passwort des Raumkontos in Entra ID und koppeln Sie das Panel dann neu.
refusal-fix-throttled = Nichts zu tun: Das Panel wartet wie verlangt und versucht es von selbst wieder.
refusal-fix-bad-answer = Prüfen Sie, ob das Panel login.microsoftonline.com direkt erreicht (Proxy, TLS-Inspektion, Captive Portal); das Panel versucht es von selbst wieder.
refusal-fix-other = Sehen Sie in den Anmeldungen des Raumkontos im Entra Admin Center nach dem Grund unten; das Panel versucht es von selbst wieder.
refusal-door-device-code-blocked = Diese Organisation sperrt die Anmeldung mit Code; die IT muss sie für das Raumkonto erlauben.
refusal-door-mfa-required = Die Anmelderichtlinie dieser Organisation weist das Panel ab; die IT muss es für das Raumkonto erlauben.
refusal-door-refresh-token-expired = Die Anmeldung des Panels ist nach langer Nichtnutzung abgelaufen. Tippen Sie auf „Code anfordern“, um neu zu koppeln.
refusal-door-password-changed = Das Passwort des Raumkontos wurde geändert. Tippen Sie auf „Code anfordern“, um neu zu koppeln.
refusal-door-consent-required = Die App ist in Microsoft 365 noch nicht freigegeben; die IT muss zustimmen.
refusal-door-account-blocked = Microsoft 365 weist das Raumkonto ab; die IT muss es prüfen.
refusal-door-throttled = Microsoft 365 hat die Anmeldung abgewiesen; die IT sieht den Grund auf der Admin-Seite.

## Admin-PIN

pin-wrong = Falsche PIN
pin-too-many = Zu viele falsche PINs — erneut in { $wait }
wait-seconds = { $seconds } s
wait-minutes = { $minutes } Min.
wait-minutes-seconds = { $minutes } Min. { $seconds } s

## Admin-Seite

admin-title = Admin — { $room }
admin-version = Version
admin-room = Raum
admin-link-demo = nicht eingerichtet (Demo-Raum)
admin-link-signed-in-as = angemeldet als { $account }
admin-link-signed-in-app = angemeldet (nur App)
admin-link-unsaved = { $signed_in } — die erneuerte Anmeldung lässt sich nicht speichern (Datenträger voll oder schreibgeschützt)
admin-link-pairing = wird gekoppelt…
admin-link-not-paired = nicht gekoppelt
admin-link-not-paired-because = nicht gekoppelt: { $what } { $fix }
admin-link-no-room = angemeldet; kein Raum gewählt
admin-last-sync = Letzter Abgleich
admin-sync-failing = { $time }; scheitert seit { $since }
admin-sync-never-failing = keiner; scheitert seit { $since }
admin-sync-from = { $time } aus { $source }
admin-sync-not-yet = noch keiner
admin-last-error = Letzter Fehler
admin-error-seen = { $what } ({ $code }, gesehen um { $seen })
admin-error-cleared = { $what } ({ $code }, gesehen um { $seen }; behoben um { $cleared })
admin-fix = Abhilfe
admin-sync-problem = Abgleichsproblem
admin-token-until = Zugriffstoken bis
admin-token-renewed = { $time } (erneuert sich selbst)
admin-no-token = kein Token
admin-certificate = Zertifikat
admin-check-in = Einchecken
admin-check-in-on = an; { $who }
admin-check-in-off = aus
admin-lights = Lichter
admin-ip = IP-Adresse
admin-ip-unknown = unbekannt
admin-configuration = Konfiguration
admin-state = Zustandsverzeichnis
sync-reading = Lese den Kalender des Raums…
sync-done = Kalender des Raums um { $time } gelesen.
sync-failed = Der Kalender des Raums ließ sich um { $time } nicht lesen; siehe „Letzter Fehler“ unten.
led-test-step = Lichttest { $step }/{ $steps }: { $what }
led-test-done = Lichttest fertig: Die Lichter zeigen wieder den Zustand des Raums.
led-test-stopped = Lichttest abgebrochen: Die Lichter zeigen wieder den Zustand des Raums.
led-test-impossible = Die Lichter lassen sich nicht testen: { $health }. Prüfen Sie die Verkabelung mit `roomsign leds test`.

## Lichttest

led-alone = nur die LED { $colour }, volle Helligkeit
led-state = { $state }: { $light }
led-booking = Buchung läuft: { $light }
led-all-off = alles aus
led-off = aus
led-steady = { $colour } mit { $brightness } %
led-pulse = { $colour }, pulsierend mit { $brightness } %
led-blink = { $colour }, blinkend mit { $brightness } %
led-quick = { $colour }, schnell pulsierend mit { $brightness } %
colour-green = Grün
colour-amber = Gelb
colour-red = Rot
colour-blue = Blau
colour-white = Weiß
