//! This process's CPU time, for `examples/cpu_cost.rs` and `examples/open_large.rs` (a machine
//! shared with other work, where wall-clock figures mostly measure the wait for a core).

/// User + system CPU time of this process (all threads), in milliseconds, from
/// `/proc/self/stat` (Linux only; 0 elsewhere); steps of 10 ms.
pub fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|s| s.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|s| s.parse().ok()).unwrap_or(0.0);
    // USER_HZ is 100 on Linux.
    ticks * 10.0
}
