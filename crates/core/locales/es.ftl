# Roomsign en español. Los mismos mensajes que en.ftl (una prueba lo comprueba).
# Breve y claro, para quien pasa por delante de la puerta.

## Inicio

headline-free = Libre
headline-busy = Ocupada
headline-check-in = ¿Check-in?
headline-unknown = Desconocido
headline-starting-soon = empieza pronto
rest-of-day = el resto del día
until-time = hasta { HOUR_ARTICLE($time) } { $time }
until-day-time = hasta el { $weekday } { $time }
soon-subject-at = { $subject } a { HOUR_ARTICLE($time) } { $time }
released-at = Liberada a { HOUR_ARTICLE($time) } { $time } — nadie hizo check-in
awaiting-release-at = Se libera a { HOUR_ARTICLE($time) } { $time } si nadie hace check-in
awaiting-release-soon = Se libera pronto si nadie hace check-in
awaiting-no-release = Toque para confirmar la reunión
unknown-never-synced = Esperando el calendario de la sala
unknown-clock-unset = Esperando a que se ajuste la hora
unknown-no-schedule = Aún no hay agenda para hoy
unknown-no-schedule-offline = No hay agenda para hoy — sin conexión desde { $since }
weekday-time = { $weekday } { $time }
notice-offline = Sin conexión desde { $since } — última agenda conocida
notice-offline-stale = Sin conexión desde { $since } — puede que esta agenda no esté al día
notice-refused = Acceso al calendario denegado desde { $since } — última agenda conocida
notice-refused-stale = Acceso al calendario denegado desde { $since } — puede que esta agenda no esté al día
offline-cannot-book = Sin conexión — no se puede reservar
offline-cannot-search = Sin conexión — no se puede buscar
agenda-empty = Nada más por hoy
agenda-unknown = La agenda aún no se conoce
all-day = Todo el día
all-day-note = Todo el día · { $subject }
subject-private = Reunión privada
subject-booked = Reservado

## Duraciones

span-minutes = { $minutes } min
span-hours = { $hours } h
span-hours-minutes = { $hours } h { $minutes } min
minutes-long = { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}
starts-in = empieza en { $span }
time-left = quedan { $span }

## Reservar

chip-minutes = { $minutes } min
chip-until-next = Hasta { HOUR_ARTICLE($time) } { $time }
chip-meeting-at = Reunión a { HOUR_ARTICLE($time) } { $time }
chip-over-limit = Máx. { $span }
chip-under = Mín. { $minutes } min
book-title = Reservar { $room } desde { HOUR_ARTICLE($time) } { $time }
book-minutes = Reservar { $minutes } min
extend-minutes = +{ $minutes } min

## Etiquetas fijas

label-book-now = Reservar
label-take-room = Usar la sala
label-check-in = Check-in
label-end-now = Terminar
label-find-room = Buscar sala libre
label-later-today = Más tarde
label-how-long = ¿Cuánto tiempo necesita la sala?
label-cancel = Cancelar
label-book = Reservar
label-done = Listo
label-pin-prompt = PIN de admin
label-pin-ok = OK
label-sync-now = Sincronizar
label-change-room = Cambiar de sala
label-pair-again = Volver a vincular
label-unpair = Desvincular
label-led-test = Probar las luces
label-close = Cerrar
label-diagnostics-caption = Escanee para el diagnóstico de este panel
label-which-room = ¿Para qué sala es este panel?
label-search-rooms = Buscar salas
label-free-rooms-now = Salas libres ahora
label-back = Volver
label-sign-in-step = Inicie sesión con la cuenta de sistema de la sala
label-code-step = Escriba este código:
label-not-paired = Este panel aún no está vinculado con Microsoft 365.
label-get-code = Obtener un código
label-language = Idioma: { $name }

## Mientras se hace

progress-book = Reservando…
progress-book-room = Reservando { $room }…
progress-check-in = Haciendo check-in…
progress-end-early = Terminando la reunión…
progress-extend = Ampliando…

## Resultados

booked-until = Reservada hasta { HOUR_ARTICLE($time) } { $time }
booked-body = La sala es suya. ¡Que vaya bien la reunión!
booked-room-until = { $room } está reservada hasta { HOUR_ARTICLE($time) } { $time }
booked-room-body = La sala aceptó la reserva. Vaya para allá: es suya.
declined = La sala rechazó la reserva: { $reason }
declined-body = No se ha reservado nada. Elija otra hora.
pending = Esperando la confirmación de la sala
pending-body = Puede tardar un minuto; la pantalla se actualiza sola.
ended = Reunión terminada
ended-body = La sala vuelve a estar libre. ¡Gracias!
extended-until = Ampliada hasta { HOUR_ARTICLE($time) } { $time }
change-declined = La sala rechazó el cambio: { $reason }
change-declined-body = Su reserva no ha cambiado.
checked-in = Check-in hecho
checked-in-body = La sala queda reservada para su reunión.

## Por qué una sala rechazó

decline-booked-first = alguien la reservó antes
decline-not-a-room = { $room } no es una sala de aquí
decline-booked-from = la sala está reservada desde { HOUR_ARTICLE($time) } { $time }
decline-not-free-for-longer = la sala no está libre más tiempo

## Por qué no se hizo

refusal-no-calendar = El calendario de la sala aún no está disponible en este panel.
refusal-booking-in-flight = La última reserva aún espera la respuesta de la sala. Inténtelo de nuevo en un momento.
refusal-slot-gone = Esa hora ya no está libre. Elija otra duración.
refusal-nothing-to-check-in = Ahora mismo ninguna reunión espera check-in.
refusal-end-early-off = Terminar reuniones antes de tiempo está desactivado en esta sala.
refusal-extend-off = Ampliar reuniones está desactivado en esta sala.
refusal-not-booked-here = Aquí solo se puede cambiar una reunión reservada en este panel.
refusal-not-booked = No se pudo reservar — no se puede acceder al calendario de la sala. Inténtelo de nuevo en un minuto.
refusal-not-ended = No se pudo terminar la reunión — no se puede acceder al calendario de la sala. Inténtelo de nuevo en un minuto.
refusal-not-extended = No se pudo ampliar la reunión — no se puede acceder al calendario de la sala. Inténtelo de nuevo en un minuto.

## Confirmaciones

confirm-end-now = ¿Terminar esta reunión ahora?
confirm-end-now-detail = La sala queda libre para otros al instante.
confirm-end-now-no = Mantener la reunión
confirm-pair-again = ¿Cerrar sesión y volver a vincular?
confirm-pair-again-detail = El panel olvida su sesión en Microsoft 365 y muestra un código nuevo. Hasta que alguien inicie sesión con él, no se muestra el calendario de la sala.
confirm-pair-again-yes = Cerrar sesión y vincular
confirm-unpair = ¿Desvincular este panel?
confirm-unpair-detail = El panel olvida su sesión en Microsoft 365 y no muestra ningún calendario hasta que se vuelva a vincular.
confirm-change-room = ¿Elegir otra sala?
confirm-change-room-detail = El panel muestra la lista de salas; no muestra ningún calendario hasta que se elija una.
confirm-book-room = ¿Reservar { $room } durante { $minutes } min?
confirm-book-room-detail = Es otra sala, no la de esta puerta.
change-room-configured = La sala está fijada en la configuración (mailbox en [room] de { $config }): cámbiela allí para mostrar otra sala.

## Buscar sala libre

free-room-until = Libre hasta { HOUR_ARTICLE($time) } { $time }
free-room-rest-of-day = Libre el resto del día
free-rooms-looking = Buscando salas libres…
free-rooms-none = Ahora no hay otra sala libre durante { $duration }.
free-rooms-failed = Ahora no se pueden consultar otras salas. Inténtelo de nuevo en un minuto.

## Elegir la sala

search-hint = Buscar por nombre, edificio o planta ({ $total ->
    [one] { $total } sala
   *[other] { $total } salas
})
no-match = Ninguna sala coincide con «{ $query }».
room-floor = Planta { $floor }
room-seats = { $seats ->
    [one] { $seats } plaza
   *[other] { $seats } plazas
}

## Vincular

pairing-title = { $room } — vincular con Microsoft 365
open-step = Escanee el código o abra { $url }
qr-label = Código QR de { $url }
pairing-new-code-in = Código nuevo en { $left }
pairing-phone-says-blocked = Si el teléfono dice que el inicio de sesión está bloqueado, un administrador de TI debe eximir la cuenta de la sala: vea { $docs }.
link-pairing-declined = Se rechazó el inicio de sesión en el teléfono. Toque «Obtener un código» para volver a intentarlo.
link-pairing-stopped = La vinculación se detuvo: { $error }. Toque «Obtener un código» para volver a intentarlo.
link-pairing-retrying = { $error }. Nuevo intento en un minuto.
link-cannot-list-rooms = No se pueden listar las salas: { $error }
link-unpaired = Este panel se desvinculó en su pantalla de administración. Toque «Obtener un código» para vincularlo de nuevo.
link-no-rooms = Microsoft 365 no muestra salas para esta cuenta (directorio Places). Indique mailbox en [room], o dé a la cuenta Place.Read.All con consentimiento de administrador.

## Pantallas de problema

problem-credentials-title = Microsoft 365 rechaza este panel
problem-credentials-fix = Corrija el registro de la aplicación o su secreto como se indica y reinicie Roomsign.
problem-sign-in-title = Microsoft 365 rechaza el inicio de sesión de este panel
problem-calendar-title = No se puede leer el calendario de la sala
problem-calendar-fix = El panel lo vuelve a intentar solo; el cambio puede tardar unos minutos en llegar a Microsoft 365.
refusal-what-device-code-blocked = La directiva de inicio de sesión de la organización bloquea el inicio de sesión con código (el flujo de código de dispositivo), con el que se vincula este panel.
refusal-what-mfa-required = Microsoft 365 pide a la cuenta de la sala autenticación multifactor, que un panel en la pared no puede dar.
refusal-what-sign-in-frequency = Una directiva de frecuencia de inicio de sesión cerró la sesión del panel; un panel en la pared no puede volver a iniciar sesión solo.
refusal-what-refresh-token-expired = La sesión del panel caducó: no se usó durante 90 días (por ejemplo, con el panel apagado).
refusal-what-password-changed = La contraseña de la cuenta de la sala cambió o se revocaron sus sesiones, y con ello terminó la sesión del panel.
refusal-what-blocked-by-policy = Una directiva de acceso condicional bloquea el inicio de sesión de la cuenta de la sala en este panel.
refusal-what-consent-required = Al registro de la aplicación le falta el consentimiento para los permisos que necesita el panel.
refusal-what-account-blocked = La cuenta de la sala está deshabilitada, bloqueada o su contraseña ha caducado.
refusal-what-wrong-credentials = Microsoft 365 rechaza el nombre o la contraseña de la cuenta de la sala.
refusal-what-throttled = El servicio de inicio de sesión de Microsoft pide al panel que espere antes de volver a iniciar sesión.
refusal-what-bad-answer = El servicio de inicio de sesión dio una respuesta que el panel no puede usar (¿un proxy o un cortafuegos de por medio?).
refusal-what-other = Microsoft 365 se niega a renovar la sesión del panel.
refusal-fix-device-code-blocked = Ponga la cuenta de la sala en un grupo de seguridad excluido de la directiva que bloquea el flujo de código de dispositivo (la excepción de Microsoft para dispositivos Teams Rooms; con los valores predeterminados de seguridad, una directiva de acceso condicional debe sustituirlos), compruébelo en los registros de inicio de sesión y vuelva a vincular el panel; vea «Device code sign-in blocked» en docs/microsoft-365-setup.md.
refusal-fix-mfa-required = Excluya la cuenta de la sala (o esta aplicación) de la directiva de acceso condicional o del ajuste por usuario que exige MFA; el panel vuelve a iniciar sesión solo.
refusal-fix-sign-in-frequency = Excluya la cuenta de la sala del control de frecuencia de inicio de sesión del acceso condicional y vuelva a vincular el panel.
refusal-fix-refresh-token-expired = Vuelva a vincular el panel; manténgalo encendido y conectado para que su sesión se use.
refusal-fix-password-changed = Vuelva a vincular el panel con la contraseña actual de la cuenta de la sala.
refusal-fix-blocked-by-policy = Excluya la cuenta de la sala de la directiva de acceso condicional que bloquea este inicio de sesión o este dispositivo (vea los registros de inicio de sesión de Entra); el panel vuelve a iniciar sesión solo.
refusal-fix-consent-required = Conceda el consentimiento de administrador para los permisos de la aplicación en Entra ID (permisos de API); el panel vuelve a iniciar sesión solo.
refusal-fix-account-blocked = Habilite o desbloquee la cuenta de la sala en Entra ID, o ponga una contraseña que no caduque; el panel vuelve a iniciar sesión solo.
refusal-fix-wrong-credentials = Compruebe la contraseña de la cuenta de la sala en Entra ID y vuelva a vincular el panel.
refusal-fix-throttled = Nada que hacer: el panel espera lo indicado y lo vuelve a intentar solo.
refusal-fix-bad-answer = Compruebe que el panel llega directamente a login.microsoftonline.com (proxy, inspección TLS, portal cautivo); el panel lo vuelve a intentar solo.
refusal-fix-other = Consulte los inicios de sesión de la cuenta de la sala en el centro de administración de Entra para ver el motivo de abajo; el panel lo vuelve a intentar solo.
refusal-door-device-code-blocked = Esta organización bloquea el inicio de sesión con código; un administrador de TI debe permitirlo para la cuenta de la sala.
refusal-door-mfa-required = La directiva de inicio de sesión de esta organización rechaza el panel; un administrador de TI debe permitirlo para la cuenta de la sala.
refusal-door-refresh-token-expired = La sesión del panel caducó tras mucho tiempo sin uso. Toque «Obtener un código» para volver a vincularlo.
refusal-door-password-changed = La contraseña de la cuenta de la sala cambió. Toque «Obtener un código» para volver a vincularlo.
refusal-door-consent-required = La aplicación aún no está aprobada en Microsoft 365; un administrador de TI debe dar su consentimiento.
refusal-door-account-blocked = Microsoft 365 rechaza la cuenta de la sala; un administrador de TI debe revisarla.
refusal-door-throttled = Microsoft 365 rechazó el inicio de sesión; un administrador de TI puede ver el motivo en la pantalla de administración.

## PIN de admin

pin-wrong = PIN incorrecto
pin-too-many = Demasiados PIN incorrectos — vuelva a intentarlo en { $wait }
wait-seconds = { $seconds } s
wait-minutes = { $minutes } min
wait-minutes-seconds = { $minutes } min { $seconds } s

## Pantalla de administración

admin-title = Admin — { $room }
admin-version = Versión
admin-room = Sala
admin-link-demo = sin configurar (sala de demostración)
admin-link-signed-in-as = sesión iniciada como { $account }
admin-link-signed-in-app = sesión iniciada (solo aplicación)
admin-link-unsaved = { $signed_in } — la sesión renovada no se puede guardar (disco lleno o de solo lectura)
admin-link-pairing = vinculando…
admin-link-not-paired = sin vincular
admin-link-not-paired-because = sin vincular: { $what } { $fix }
admin-link-no-room = sesión iniciada; ninguna sala elegida
admin-last-sync = Última sincronización
admin-sync-failing = { $time }; falla desde { $since }
admin-sync-never-failing = ninguna; falla desde { $since }
admin-sync-from = { $time } desde { $source }
admin-sync-not-yet = aún no
admin-last-error = Último error
admin-error-seen = { $what } ({ $code }, visto a { HOUR_ARTICLE($seen) } { $seen })
admin-error-cleared = { $what } ({ $code }, visto a { HOUR_ARTICLE($seen) } { $seen }; resuelto a { HOUR_ARTICLE($cleared) } { $cleared })
admin-fix = Solución
admin-sync-problem = Problema de sincronización
admin-token-until = Token de acceso hasta
admin-token-renewed = { $time } (se renueva solo)
admin-no-token = sin token
admin-certificate = Certificado
admin-check-in = Check-in
admin-check-in-on = activado; { $who }
admin-check-in-off = desactivado
admin-lights = Luces
admin-ip = Dirección IP
admin-ip-unknown = desconocida
admin-configuration = Configuración
admin-state = Directorio de estado
sync-reading = Leyendo el calendario de la sala…
sync-done = Calendario de la sala leído a { HOUR_ARTICLE($time) } { $time }.
sync-failed = No se pudo leer el calendario de la sala a { HOUR_ARTICLE($time) } { $time }; vea «Último error» abajo.
led-test-step = Prueba de luces { $step }/{ $steps }: { $what }
led-test-done = Prueba de luces terminada: las luces vuelven a mostrar el estado de la sala.
led-test-stopped = Prueba de luces detenida: las luces vuelven a mostrar el estado de la sala.
led-test-impossible = No se pueden probar las luces: { $health }. Ejecute `roomsign leds test` para comprobar el cableado.

## Prueba de luces

led-alone = solo el LED { $colour }, al máximo
led-state = { $state }: { $light }
led-booking = Reserva en curso: { $light }
led-all-off = todo apagado
led-off = apagado
led-steady = { $colour } al { $brightness } %
led-pulse = { $colour }, pulsando al { $brightness } %
led-blink = { $colour }, parpadeando al { $brightness } %
led-quick = { $colour }, pulsando rápido al { $brightness } %
colour-green = verde
colour-amber = ámbar
colour-red = rojo
colour-blue = azul
colour-white = blanco
