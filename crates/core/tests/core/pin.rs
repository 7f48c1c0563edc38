//! The admin PIN pad's guard: a few wrong PINs are free, then the pad waits, longer after each
//! further wrong one; what the pad says.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use roomsign_core::pin::{pin_words, wait_after, PinGuard, PinOutcome, FREE_TRIES};
use roomsign_core::Language;

fn t0() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().expect("instant")
}

#[test]
fn the_wait_grows_after_five_wrong_pins() {
    let rows = [
        (0, None),
        (4, None),
        (5, Some(30)),
        (6, Some(60)),
        (7, Some(120)),
        (9, Some(480)),
        (10, Some(900)),
        (300, Some(900)),
        (u32::MAX, Some(900)),
    ];
    for (wrong, secs) in rows {
        assert_eq!(wait_after(wrong), secs.map(Duration::seconds), "{wrong}");
    }
}

#[test]
fn the_pad_says_how_long_it_waits() {
    let mut guard = PinGuard::default();
    let now = t0();
    for n in 1..FREE_TRIES {
        let outcome = guard.entered(now, false);
        assert_eq!(
            pin_words(outcome, Language::English),
            "Wrong PIN",
            "try {n}"
        );
    }
    let outcome = guard.entered(now, false);
    assert_eq!(
        pin_words(outcome, Language::English),
        "Too many wrong PINs \u{2014} try again in 30 s"
    );
    // Even the right PIN is not compared while the pad waits.
    let later = now + Duration::seconds(10);
    assert_eq!(
        guard.entered(later, true),
        PinOutcome::Waiting {
            left: Duration::seconds(20)
        }
    );
    assert_eq!(
        pin_words(guard.entered(later, true), Language::English),
        "Too many wrong PINs \u{2014} try again in 20 s"
    );
    // After the wait, one more wrong PIN doubles it.
    let after = now + Duration::seconds(30);
    assert_eq!(
        pin_words(guard.entered(after, false), Language::English),
        "Too many wrong PINs \u{2014} try again in 1 min"
    );
    // The right PIN after the wait opens the pad and forgets the wrong ones.
    let open = after + Duration::seconds(60);
    assert_eq!(guard.entered(open, true), PinOutcome::Open);
    assert_eq!(guard, PinGuard::default());
    assert_eq!(pin_words(PinOutcome::Open, Language::English), "");
    assert_eq!(
        pin_words(
            PinOutcome::Waiting {
                left: Duration::milliseconds(90_500)
            },
            Language::English
        ),
        "Too many wrong PINs \u{2014} try again in 1 min 31 s"
    );
}

proptest! {
    /// 300 PINs at two a second (the attack that went through): at most the free tries and a
    /// handful more are compared, and the right one among them can only open the pad when it is
    /// compared.
    #[test]
    fn a_stream_of_tries_is_slowed_down(
        every_ms in 100i64..2000,
        tries in 50usize..400,
    ) {
        let mut guard = PinGuard::default();
        let mut compared = 0usize;
        let start = t0();
        for i in 0..tries {
            let now = start + Duration::milliseconds(every_ms * i as i64);
            if guard.accepts(now) {
                compared += 1;
            }
            let outcome = guard.entered(now, false);
            prop_assert_ne!(outcome, PinOutcome::Open);
        }
        let span = Duration::milliseconds(every_ms * tries as i64);
        // Free tries, then at most one try per wait, the waits doubling from 30 s.
        let mut allowed = FREE_TRIES as usize;
        let mut waited = Duration::zero();
        let mut n = FREE_TRIES;
        while let Some(w) = wait_after(n) {
            if waited > span {
                break;
            }
            waited += w;
            allowed += 1;
            n += 1;
        }
        prop_assert!(compared <= allowed, "{} compared, {} allowed in {:?}", compared, allowed, span);
    }

    /// The wait never shrinks as wrong PINs add up, and never exceeds 15 minutes.
    #[test]
    fn the_wait_never_shrinks(wrong in 0u32..10_000) {
        let a = wait_after(wrong).unwrap_or_default();
        let b = wait_after(wrong + 1).unwrap_or_default();
        prop_assert!(a <= b);
        prop_assert!(b <= Duration::minutes(15));
    }
}
