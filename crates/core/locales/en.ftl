# Roomsign's words in English: the reference catalogue. Every other catalogue has exactly these
# messages (a test checks it); a message missing in one falls back to this one.
# Short, plain, for someone walking up to the door.

## Home: the state, read from three metres

headline-free = Free
headline-busy = Busy
headline-check-in = Check in?
headline-unknown = Unknown
headline-starting-soon = starting soon
rest-of-day = for the rest of the day
until-time = until { $time }
# A later day: "until Tue 09:00".
until-day-time = until { $weekday } { $time }
# Free, the next meeting soon: "Design review at 14:00".
soon-subject-at = { $subject } at { $time }
released-at = Released at { $time } — nobody checked in
awaiting-release-at = Released at { $time } if nobody checks in
awaiting-release-soon = Released soon if nobody checks in
awaiting-no-release = Tap to say the meeting is on
unknown-never-synced = Waiting for the room's calendar
unknown-clock-unset = Waiting for the clock to be set
unknown-no-schedule = No schedule for today yet
unknown-no-schedule-offline = No schedule for today — offline since { $since }
# An earlier day this week: "Sun 20:20".
weekday-time = { $weekday } { $time }
notice-offline = Offline since { $since } — showing the last known schedule
notice-offline-stale = Offline since { $since } — this schedule may be out of date
notice-refused = Calendar access refused since { $since } — showing the last known schedule
notice-refused-stale = Calendar access refused since { $since } — this schedule may be out of date
offline-cannot-book = Offline — can't book now
offline-cannot-search = Offline — can't search now
agenda-empty = Nothing else today
agenda-unknown = The schedule is not known yet
all-day = All day
all-day-note = All day · { $subject }
subject-private = Private meeting
subject-booked = Booked

## Spans of time

span-minutes = { $minutes } min
span-hours = { $hours } h
span-hours-minutes = { $hours } h { $minutes } min
minutes-long = { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
starts-in = starts in { $span }
time-left = { $span } left

## The Book sheet

chip-minutes = { $minutes } min
chip-until-next = Until { $time }
chip-meeting-at = Meeting at { $time }
chip-over-limit = Over the { $span } limit
chip-under = Under { $minutes } min
book-title = Book { $room } from { $time }
book-minutes = Book { $minutes } min
extend-minutes = +{ $minutes } min

## Fixed labels

label-book-now = Book now
label-take-room = Take the room
label-check-in = Check in
label-end-now = End now
label-find-room = Find a free room
label-later-today = Later today
label-how-long = How long do you need the room?
label-cancel = Cancel
label-book = Book
label-done = Done
label-pin-prompt = Admin PIN
label-pin-ok = OK
label-sync-now = Sync now
label-change-room = Change room
label-pair-again = Pair again
label-unpair = Unpair
label-led-test = Test the lights
label-close = Close
label-diagnostics-caption = Scan for this panel's diagnostics
label-which-room = Which room is this panel for?
label-search-rooms = Search rooms
label-free-rooms-now = Free rooms now
label-back = Back
label-sign-in-step = Sign in with the room's system account
label-code-step = Enter this code:
label-not-paired = This panel is not paired with Microsoft 365 yet.
label-get-code = Get a code
# The language button, for a screen reader.
label-language = Language: { $name }

## While a tap is carried out

progress-book = Booking…
progress-book-room = Booking { $room }…
progress-check-in = Checking in…
progress-end-early = Ending the meeting…
progress-extend = Extending…

## Results

booked-until = Booked until { $time }
booked-body = The room is yours. Enjoy your meeting.
booked-room-until = { $room } is booked until { $time }
booked-room-body = The room accepted the booking. Head over: it is yours.
declined = The room declined: { $reason }
declined-body = Nothing was booked. Pick another time.
pending = Waiting for the room to confirm
pending-body = This can take a minute; the screen updates by itself.
ended = Meeting ended
ended-body = The room is free again. Thank you!
extended-until = Extended until { $time }
change-declined = The room declined the change: { $reason }
change-declined-body = Your booking is unchanged.
checked-in = Checked in
checked-in-body = The room is held for your meeting.

## Why a room declined (after "The room declined: ")

decline-booked-first = someone booked it first
decline-not-a-room = { $room } is not a room here
decline-booked-from = the room is booked from { $time }
decline-not-free-for-longer = the room is not free for longer

## Why a tap was not carried out

refusal-no-calendar = The room's calendar is not available on this panel yet.
refusal-booking-in-flight = The last booking is still waiting for the room's answer. Try again in a moment.
refusal-slot-gone = That time is no longer free. Pick another duration.
refusal-nothing-to-check-in = No meeting is waiting for check-in right now.
refusal-end-early-off = Ending meetings early is switched off for this room.
refusal-extend-off = Extending meetings is switched off for this room.
refusal-not-booked-here = Only a meeting booked at this panel can be changed here.
refusal-not-booked = Couldn't book — the room's calendar can't be reached. Try again in a minute.
refusal-not-ended = Couldn't end the meeting — the room's calendar can't be reached. Try again in a minute.
refusal-not-extended = Couldn't extend the meeting — the room's calendar can't be reached. Try again in a minute.

## Confirm sheets

confirm-end-now = End this meeting now?
confirm-end-now-detail = The room becomes free for others at once.
confirm-end-now-no = Keep the meeting
confirm-pair-again = Sign out and pair again?
confirm-pair-again-detail = The panel forgets its sign-in to Microsoft 365 and shows a new code. Until someone signs in with it, the room's calendar is not shown.
confirm-pair-again-yes = Sign out and pair
confirm-unpair = Unpair this panel?
confirm-unpair-detail = The panel forgets its sign-in to Microsoft 365 and shows no calendar until it is paired again.
confirm-change-room = Choose another room?
confirm-change-room-detail = The panel shows the list of rooms; it shows no calendar until a room is picked.
confirm-book-room = Book { $room } for { $minutes } min?
confirm-book-room-detail = That is another room, not the one at this door.
change-room-configured = The room is set in the configuration (mailbox in [room] of { $config }): change it there to show another room.

## Find a free room

free-room-until = Free until { $time }
free-room-rest-of-day = Free for the rest of the day
free-rooms-looking = Looking for free rooms…
free-rooms-none = No other room is free for { $duration } now.
free-rooms-failed = Other rooms can't be looked up right now. Try again in a minute.

## The Room picker

search-hint = Search by name, building or floor ({ $total ->
    [one] { $total } room
   *[other] { $total } rooms
})
no-match = No room matches “{ $query }”.
room-floor = Floor { $floor }
room-seats = { $seats ->
    [one] { $seats } seat
   *[other] { $seats } seats
}

## Pairing

pairing-title = { $room } — pair with Microsoft 365
open-step = Scan the code, or open { $url }
qr-label = QR code for { $url }
pairing-new-code-in = New code in { $left }
pairing-phone-says-blocked = If the phone says the sign-in is blocked, an IT admin must exempt the room account: see { $docs }.
link-pairing-declined = The sign-in was declined on the phone. Tap “Get a code” to try again.
link-pairing-stopped = Pairing stopped: { $error }. Tap “Get a code” to try again.
link-pairing-retrying = { $error }. Trying again in a minute.
link-cannot-list-rooms = Cannot list the rooms: { $error }
link-unpaired = This panel was unpaired on its admin screen. Tap “Get a code” to pair it again.
link-no-rooms = Microsoft 365 lists no rooms for this account (Places directory). Set mailbox in [room], or give the account Place.Read.All with admin consent.

## Problem screens

problem-credentials-title = Microsoft 365 refuses this panel
problem-credentials-fix = Fix the app registration or its secret as described, then restart Roomsign.
problem-sign-in-title = Microsoft 365 refuses this panel's sign-in
problem-calendar-title = Cannot read the room's calendar
problem-calendar-fix = The panel tries again by itself; the change may take a few minutes to reach Microsoft 365.

refusal-what-device-code-blocked = The organisation's sign-in policy blocks signing in with a code (the device code flow), which this panel pairs with.
refusal-what-mfa-required = Microsoft 365 asks the room account for multi-factor authentication, which a panel on the wall cannot give.
refusal-what-sign-in-frequency = A sign-in frequency policy ended the panel's sign-in; a panel on the wall cannot sign in again by itself.
refusal-what-refresh-token-expired = The panel's sign-in expired: it was not used for 90 days (for example while the panel was switched off).
refusal-what-password-changed = The room account's password was changed or its sign-ins were revoked, which ended the panel's sign-in.
refusal-what-blocked-by-policy = A Conditional Access policy blocks the room account's sign-in on this panel.
refusal-what-consent-required = The app registration lacks consent for the permissions the panel needs.
refusal-what-account-blocked = The room account is disabled, locked or its password has expired.
refusal-what-wrong-credentials = Microsoft 365 refuses the room account's name or password.
refusal-what-throttled = Microsoft's sign-in service asks the panel to wait before signing in again.
refusal-what-bad-answer = The sign-in service gave an answer the panel cannot use (a proxy or firewall in the way?).
refusal-what-other = Microsoft 365 refuses to renew the panel's sign-in.
refusal-fix-device-code-blocked = Put the room account in a security group excluded from the policy that blocks the device code flow (Microsoft's exception for Teams Rooms devices; with security defaults, a Conditional Access policy must replace them), check it in the sign-in logs, then pair the panel again; see “Device code sign-in blocked” in docs/microsoft-365-setup.md.
refusal-fix-mfa-required = Exclude the room account (or this app) from the Conditional Access policy or per-user setting that requires MFA; the panel signs in again by itself.
refusal-fix-sign-in-frequency = Exclude the room account from the Conditional Access sign-in frequency control, then pair the panel again.
refusal-fix-refresh-token-expired = Pair the panel again; keep it switched on and connected so its sign-in is used.
refusal-fix-password-changed = Pair the panel again with the room account's current password.
refusal-fix-blocked-by-policy = Exclude the room account from the Conditional Access policy that blocks this sign-in or this device (see the Entra sign-in logs); the panel signs in again by itself.
refusal-fix-consent-required = Grant admin consent for the app's permissions in Entra ID (API permissions); the panel signs in again by itself.
refusal-fix-account-blocked = Enable or unlock the room account in Entra ID, or set a password that does not expire; the panel signs in again by itself.
refusal-fix-wrong-credentials = Check the room account's password in Entra ID, then pair the panel again.
refusal-fix-throttled = Nothing to do: the panel waits as asked and tries again by itself.
refusal-fix-bad-answer = Check that the panel reaches login.microsoftonline.com directly (proxy, TLS inspection, captive portal); the panel tries again by itself.
refusal-fix-other = Check the room account's sign-ins in the Entra admin center for the reason below; the panel tries again by itself.
refusal-door-device-code-blocked = This organisation blocks signing in with a code; an IT admin must allow it for the room account.
refusal-door-mfa-required = This organisation's sign-in policy refuses the panel; an IT admin must allow it for the room account.
refusal-door-refresh-token-expired = The panel's sign-in expired after a long time unused. Tap “Get a code” to pair again.
refusal-door-password-changed = The room account's password changed. Tap “Get a code” to pair again.
refusal-door-consent-required = The app is not yet approved in Microsoft 365; an IT admin must grant consent.
refusal-door-account-blocked = Microsoft 365 refuses the room account; an IT admin must check it.
refusal-door-throttled = Microsoft 365 refused the sign-in; an IT admin can see why on the admin screen.

## The admin PIN

pin-wrong = Wrong PIN
pin-too-many = Too many wrong PINs — try again in { $wait }
wait-seconds = { $seconds } s
wait-minutes = { $minutes } min
wait-minutes-seconds = { $minutes } min { $seconds } s

## The admin screen

admin-title = Admin — { $room }
admin-version = Version
admin-room = Room
admin-link-demo = not configured (demo room)
admin-link-signed-in-as = signed in as { $account }
admin-link-signed-in-app = signed in (app-only)
admin-link-unsaved = { $signed_in } — the renewed sign-in cannot be saved (disk full or read-only)
admin-link-pairing = pairing…
admin-link-not-paired = not paired
admin-link-not-paired-because = not paired: { $what } { $fix }
admin-link-no-room = signed in; no room chosen
admin-last-sync = Last sync
admin-sync-failing = { $time }; failing since { $since }
admin-sync-never-failing = none; failing since { $since }
admin-sync-from = { $time } from { $source }
admin-sync-not-yet = not yet
admin-last-error = Last error
admin-error-seen = { $what } ({ $code }, seen at { $seen })
admin-error-cleared = { $what } ({ $code }, seen at { $seen }; cleared at { $cleared })
admin-fix = Fix
admin-sync-problem = Sync problem
admin-token-until = Access token until
admin-token-renewed = { $time } (renewed by itself)
admin-no-token = no token
admin-certificate = Certificate
admin-check-in = Check-in
admin-check-in-on = on; { $who }
admin-check-in-off = off
admin-lights = Lights
admin-ip = IP address
admin-ip-unknown = unknown
admin-configuration = Configuration
admin-state = State
sync-reading = Reading the room's calendar…
sync-done = Read the room's calendar at { $time }.
sync-failed = The room's calendar could not be read at { $time }; see Last error below.
led-test-step = Lights test { $step }/{ $steps }: { $what }
led-test-done = Lights test done: the lights show the room's state again.
led-test-stopped = Lights test stopped: the lights show the room's state again.
led-test-impossible = The lights cannot be tested: { $health }. Run `roomsign leds test` to check the wiring.

## The lights test (the admin screen and `roomsign leds test`)

led-alone = the { $colour } LED alone, full
led-state = { $state }: { $light }
led-booking = Booking in progress: { $light }
led-all-off = all off
led-off = off
led-steady = { $colour } at { $brightness } %
led-pulse = { $colour }, pulsing at { $brightness } %
led-blink = { $colour }, blinking at { $brightness } %
led-quick = { $colour }, pulsing quickly at { $brightness } %
colour-green = green
colour-amber = amber
colour-red = red
colour-blue = blue
colour-white = white
