//! The flood guard: a token bucket per user, so one person sending hundreds of messages a minute
//! cannot make the desk answer, log and write for each of them.
//!
//! In memory on purpose: the guard protects this process's work, a bucket is a few bytes, and a
//! restart refilling every bucket is what a minute of quiet would do anyway. Persisting it would
//! add a database write to every update — the very cost the guard exists to avoid. With several
//! instances behind webhooks each instance limits on its own, so the effective limit is at most
//! `instances × per_minute`, which still stops a flood.
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::Mutex;

/// What to do with one update from a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Within the limit: handle it.
    Admit,
    /// Over the limit, and the user has not been told in this window: tell them, handle nothing.
    Warn,
    /// Over the limit and already told: drop it silently.
    Drop,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: DateTime<Utc>,
    warned_at: Option<DateTime<Utc>>,
}

/// `per_minute` updates a minute per user, with bursts of up to `per_minute`; 0 turns it off.
#[derive(Debug)]
pub struct FloodGuard {
    per_minute: u32,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

/// Buckets kept before idle (full) ones are forgotten, so the map cannot grow without bound.
const PRUNE_ABOVE: usize = 10_000;

fn window() -> Duration {
    Duration::minutes(1)
}

impl FloodGuard {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    /// One update from `user` at `now` (the update's time, so tests need no clock).
    pub fn check(&self, user: i64, now: DateTime<Utc>) -> Verdict {
        if self.per_minute == 0 {
            return Verdict::Admit;
        }
        let capacity = f64::from(self.per_minute);
        let per_ms = capacity / 60_000.0;
        // A poisoned lock only means another handler panicked mid-update; the counts are still
        // numbers, so keep using them rather than letting every later update fail.
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            buckets.retain(|_, b| refilled(b, now, per_ms, capacity) < capacity);
        }
        let bucket = buckets.entry(user).or_insert(Bucket {
            tokens: capacity,
            at: now,
            warned_at: None,
        });
        bucket.tokens = refilled(bucket, now, per_ms, capacity);
        bucket.at = bucket.at.max(now);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Verdict::Admit;
        }
        match bucket.warned_at {
            Some(at) if now < at + window() => Verdict::Drop,
            _ => {
                bucket.warned_at = Some(now);
                Verdict::Warn
            }
        }
    }
}

/// The bucket's tokens at `now`; time running backwards (clock skew) adds nothing.
fn refilled(bucket: &Bucket, now: DateTime<Utc>, per_ms: f64, capacity: f64) -> f64 {
    let elapsed = (now - bucket.at).num_milliseconds().max(0);
    // Milliseconds in any realistic gap fit an f64 exactly; a huge gap just fills the bucket.
    let gained = elapsed as f64 * per_ms;
    (bucket.tokens + gained).min(capacity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 5, 2, 0, 0)
            .single()
            .expect("valid")
    }

    #[test]
    fn a_burst_up_to_the_limit_passes_then_one_warning_then_silence() {
        let guard = FloodGuard::new(30);
        let now = t0();
        let verdicts: Vec<_> = (0..40).map(|_| guard.check(7, now)).collect();
        assert!(verdicts[..30].iter().all(|v| *v == Verdict::Admit));
        assert_eq!(verdicts[30], Verdict::Warn);
        assert!(verdicts[31..].iter().all(|v| *v == Verdict::Drop));
    }

    #[test]
    fn tokens_come_back_at_the_configured_rate() {
        let guard = FloodGuard::new(30);
        let now = t0();
        for _ in 0..30 {
            assert_eq!(guard.check(7, now), Verdict::Admit);
        }
        assert_eq!(guard.check(7, now), Verdict::Warn);
        // 30 a minute is one every two seconds.
        assert_eq!(guard.check(7, now + Duration::seconds(1)), Verdict::Drop);
        assert_eq!(guard.check(7, now + Duration::seconds(2)), Verdict::Admit);
        assert_eq!(guard.check(7, now + Duration::seconds(2)), Verdict::Drop);
        // A minute after the warning, a user still flooding is told again, once.
        let later = now + Duration::seconds(61);
        let first_refused = (0..31)
            .map(|_| guard.check(7, later))
            .find(|v| *v != Verdict::Admit);
        assert_eq!(first_refused, Some(Verdict::Warn));
        assert_eq!(guard.check(7, later), Verdict::Drop);
    }

    #[test]
    fn users_have_their_own_buckets_and_zero_turns_the_guard_off() {
        let guard = FloodGuard::new(2);
        let now = t0();
        assert_eq!(guard.check(1, now), Verdict::Admit);
        assert_eq!(guard.check(1, now), Verdict::Admit);
        assert_eq!(guard.check(1, now), Verdict::Warn);
        assert_eq!(guard.check(2, now), Verdict::Admit);
        let off = FloodGuard::new(0);
        assert!((0..1000).all(|_| off.check(1, now) == Verdict::Admit));
    }

    #[test]
    fn a_clock_going_backwards_grants_nothing() {
        let guard = FloodGuard::new(1);
        let now = t0();
        assert_eq!(guard.check(1, now), Verdict::Admit);
        assert_eq!(
            guard.check(1, now - Duration::hours(5)),
            Verdict::Warn,
            "an earlier time must not refill the bucket"
        );
    }

    #[test]
    fn idle_buckets_are_forgotten_when_the_map_grows() {
        let guard = FloodGuard::new(5);
        let now = t0();
        for user in 0..=i64::try_from(PRUNE_ABOVE).expect("fits") {
            guard.check(user, now);
        }
        guard.check(-1, now + Duration::minutes(5));
        let kept = guard.buckets.lock().expect("lock").len();
        assert_eq!(kept, 1, "only the user just seen remains");
    }
}
