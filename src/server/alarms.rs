//! The deadlines of store work (`work`): one thread for the whole process cancels each
//! job's token at its deadline, or at the end of the budget of an evaluation on a
//! connection's thread, at most a few milliseconds late.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Condvar, Mutex, OnceLock, Weak};
use std::time::Duration;

use oxigraph::sparql::CancellationToken;

/// Cancels the tokens of jobs at their deadlines (and of evaluations on a connection's
/// thread at the end of their budget), from one thread for the whole process: cheaper per request than a timer task each (a spawn, and an abort that wakes a
/// worker thread when the job ends first). A job's token is held weakly: the alarm of a job
/// that has ended does nothing, and is dropped at its deadline or by the next sweep.
pub struct Alarms {
    queue: Mutex<AlarmQueue>,
    changed: Condvar,
}

/// The armed alarms, the earliest first.
struct AlarmQueue {
    heap: BinaryHeap<Reverse<Alarm>>,
    /// The size at which the alarms of ended jobs are swept out.
    sweep_at: usize,
    /// When the thread wakes next, if it waits for an alarm.
    wakes_at: Option<std::time::Instant>,
}

/// How late an alarm may go off: the thread wakes this long after the earliest alarm and
/// serves all those due by then. Without it, the alarms of quick requests evaluated inline
/// (one per request, `work::INLINE_BUDGET` ahead, mostly ended long before) would wake the
/// thread once per request; with it, at most once per grain.
const ALARM_GRAIN: Duration = Duration::from_millis(5);

/// The alarms kept at least before a sweep: a few hundred jobs are admitted at once.
const ALARMS_SWEPT_FROM: usize = 1024;

struct Alarm {
    at: std::time::Instant,
    token: Weak<CancellationToken>,
}

impl PartialEq for Alarm {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl Eq for Alarm {}

impl PartialOrd for Alarm {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Alarm {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.at.cmp(&other.at)
    }
}

/// The process's alarms; their thread starts with the first.
pub fn alarms() -> &'static Alarms {
    static ALARMS: OnceLock<&'static Alarms> = OnceLock::new();
    ALARMS.get_or_init(|| {
        let alarms: &'static Alarms = Box::leak(Box::new(Alarms {
            queue: Mutex::new(AlarmQueue { heap: BinaryHeap::new(), sweep_at: ALARMS_SWEPT_FROM, wakes_at: None }),
            changed: Condvar::new(),
        }));
        std::thread::Builder::new().name("nkkg-deadlines".into()).spawn(move || alarms.run()).expect("cannot start the deadline thread");
        alarms
    })
}

impl Alarms {
    /// Cancels `token` at `at` (at most [`ALARM_GRAIN`] later), if it is still held then.
    pub fn set(&self, at: std::time::Instant, token: Weak<CancellationToken>) {
        let mut queue = self.queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if queue.heap.len() >= queue.sweep_at {
            queue.heap.retain(|Reverse(alarm)| alarm.token.strong_count() > 0);
            queue.sweep_at = ALARMS_SWEPT_FROM.max(2 * queue.heap.len());
        }
        queue.heap.push(Reverse(Alarm { at, token }));
        // The thread sleeps until its next wake: woken only when this alarm is due more
        // than a grain before then (with one time limit for all and a steady flow of
        // requests, hardly ever).
        let wake = queue.wakes_at.is_none_or(|wakes_at| at + ALARM_GRAIN < wakes_at);
        drop(queue);
        if wake {
            self.changed.notify_one();
        }
    }

    fn run(&self) {
        let mut queue = self.queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        loop {
            let now = std::time::Instant::now();
            while queue.heap.peek().is_some_and(|Reverse(first)| first.at <= now) {
                if let Some(Reverse(alarm)) = queue.heap.pop() {
                    if let Some(token) = alarm.token.upgrade() {
                        token.cancel();
                    }
                }
            }
            let next = queue.heap.peek().map(|Reverse(first)| first.at + ALARM_GRAIN);
            queue.wakes_at = next;
            queue = match next {
                Some(next) => self.changed.wait_timeout(queue, next - now).unwrap_or_else(std::sync::PoisonError::into_inner).0,
                None => self.changed.wait(queue).unwrap_or_else(std::sync::PoisonError::into_inner),
            };
        }
    }
}
