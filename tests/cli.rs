//! CLI tests: run the real binary on fixture files and check what people and scripts see.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_retrace"));
    c.env_remove("RETRACE_DIR").env("NO_COLOR", "1");
    // Never the user's cache of parsed incidents.
    c.env("RETRACE_NO_CACHE", "1");
    c
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run retrace")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn stats_json_follows_the_contract() {
    let o = run(&[
        "stats",
        "--json",
        fixture("checkout.yaml").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let obj = v.as_object().unwrap();
    assert_eq!(
        obj.keys().collect::<Vec<_>>(),
        ["errors", "incidents", "patterns", "summary"]
    );
    let inc = &v["incidents"][0];
    assert_eq!(
        inc["title"],
        "Checkout slowdown from an unindexed report query"
    );
    assert_eq!(inc["started"], "2024-08-15T10:30:00Z");
    assert_eq!(inc["detected"], "2024-08-15T10:30:00Z");
    assert_eq!(inc["acknowledged"], "2024-08-15T10:35:00Z");
    assert_eq!(inc["identified"], "2024-08-15T11:45:00Z");
    assert_eq!(inc["mitigated"], "2024-08-15T12:00:00Z");
    assert_eq!(inc["resolved"], "2024-08-15T12:45:00Z");
    assert_eq!(inc["ttd_s"], 0);
    assert_eq!(inc["tta_s"], 300);
    assert_eq!(inc["tti_s"], 4500);
    assert_eq!(inc["ttm_s"], 5400);
    assert_eq!(inc["ttr_s"], 8100);
    assert_eq!(inc["detour_s"], 1800);
    assert_eq!(inc["events"], 10);
    let detours = inc["detours"].as_array().unwrap();
    assert_eq!(detours.len(), 2);
    assert_eq!(detours[0]["start"], "2024-08-15T10:45:00Z");
    assert_eq!(detours[0]["end"], "2024-08-15T11:00:00Z");
    assert_eq!(detours[0]["duration_s"], 900);
    assert_eq!(detours[1]["start"], "2024-08-15T11:30:00Z");
    assert_eq!(detours[1]["end"], "2024-08-15T11:45:00Z");
    assert!(
        detours[1]["summary"]
            .as_str()
            .unwrap()
            .contains("Network latency")
    );
    assert_eq!(v["summary"]["count"], 1);
    assert_eq!(v["summary"]["ttr"]["median"], 8100);
    assert_eq!(v["summary"]["ttr"]["p90"], 8100);
    assert_eq!(v["summary"]["ttr"]["max"], 8100);
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn summary_uses_median_and_p90_over_many() {
    let dir = tempfile::tempdir().unwrap();
    for (i, minutes) in [10, 20, 30, 40, 600].iter().enumerate() {
        let text = format!(
            "title: Incident {i}\ndate: 2024-03-0{}\nstarted: \"10:00\"\nresolved: \"{:02}:{:02}\"\ntimeline:\n  - at: \"10:00\"\n    kind: detection\n    text: alert\n",
            i + 1,
            10 + minutes / 60,
            minutes % 60
        );
        std::fs::write(dir.path().join(format!("i{i}.yaml")), text).unwrap();
    }
    let o = run(&["stats", "--json", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["summary"]["count"], 5);
    assert_eq!(v["summary"]["ttr"]["count"], 5);
    assert_eq!(v["summary"]["ttr"]["median"], 1800);
    assert_eq!(v["summary"]["ttr"]["p90"], 36000);
    assert_eq!(v["summary"]["ttr"]["max"], 36000);
    // A missing milestone is null, never a guess.
    assert_eq!(v["incidents"][0]["acknowledged"], serde_json::Value::Null);
    assert_eq!(v["incidents"][0]["tta_s"], serde_json::Value::Null);
}

#[test]
fn one_bad_file_in_a_folder_is_reported_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("checkout.yaml"), dir.path().join("good.yaml")).unwrap();
    std::fs::copy(fixture("broken.yaml"), dir.path().join("broken.yaml")).unwrap();
    std::fs::write(dir.path().join("binary.yaml"), b"title: x\0\x01\x02").unwrap();
    let o = run(&["stats", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a failed file makes the exit status 1"
    );
    let v = json(&o);
    assert_eq!(v["incidents"].as_array().unwrap().len(), 1);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    let broken = errors
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with("broken.yaml"))
        .unwrap();
    assert!(broken["line"].as_u64().unwrap() >= 6, "{broken}");
    assert!(broken["hint"].is_string());
    let binary = errors
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with("binary.yaml"))
        .unwrap();
    assert!(
        binary["message"].as_str().unwrap().contains("binary"),
        "{binary}"
    );
}

#[test]
fn malformed_file_gets_a_located_error_and_a_hint() {
    let path = fixture("broken.yaml");
    let o = run(&["stats", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let first = err
        .lines()
        .find(|l| l.contains("broken.yaml"))
        .unwrap_or_else(|| panic!("{err}"));
    let loc = format!("{}:", path.display());
    assert!(first.starts_with(&loc), "{first}");
    let rest = &first[loc.len()..];
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no line in {first}"));
    let col: usize = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no col in {first}"));
    assert!(line >= 6 && col >= 1, "{first}");
    assert!(err.contains("hint:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn lint_reports_locations_and_strict_fails() {
    let path = fixture("lintme.yaml");
    let o = run(&["lint", path.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "warnings alone do not fail: {}",
        stdout(&o)
    );
    let out = stdout(&o);
    let p = path.display().to_string();
    assert!(
        out.contains(&format!(
            "{p}:11:5: warning: unknown key `timeline.1.colour`"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("{p}:8:5: warning: `08:50` comes 23h50m after")),
        "{out}"
    );
    assert!(
        out.contains(&format!("{p}:12:5: warning: `2024-02-02 09:30` is earlier")),
        "{out}"
    );
    assert!(out.contains("branch `dns` is not declared"), "{out}");
    assert!(
        out.contains(&format!(
            "{p}:16:1: warning: no `kind:`; read as `resolution` (from \"resolved\")"
        )),
        "{out}"
    );
    assert!(
        out.contains("is before `started`") || out.contains("before `detected`"),
        "{out}"
    );
    assert!(
        out.contains("milestones not stated: acknowledged, identified, mitigated"),
        "{out}"
    );
    let strict = run(&["lint", "--strict", path.to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn import_writes_yaml_that_loads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.yaml");
    let o = run(&[
        "import",
        fixture("checkout.yaml").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = json(&run(&[
        "stats",
        "--json",
        fixture("checkout.yaml").to_str().unwrap(),
    ]));
    let after = json(&run(&["stats", "--json", out.to_str().unwrap()]));
    for key in [
        "started",
        "detected",
        "acknowledged",
        "identified",
        "mitigated",
        "resolved",
        "ttr_s",
        "detour_s",
        "events",
    ] {
        assert_eq!(
            before["incidents"][0][key], after["incidents"][0][key],
            "{key}"
        );
    }
    assert_eq!(
        before["incidents"][0]["detours"],
        after["incidents"][0]["detours"]
    );
}

#[test]
fn import_explain_names_sources() {
    let o = run(&[
        "import",
        "--explain",
        fixture("checkout.yaml").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Milestones:"), "{out}");
    assert!(
        out.contains("started      2024-08-15 10:30  stated in the file"),
        "{out}"
    );
    assert!(out.contains("first `acknowledge` event"), "{out}");
    assert!(out.contains("ruled out after 15m"), "{out}");
    assert!(
        !out.contains("title:"),
        "--explain without -o prints the explanation, not YAML"
    );
}

#[test]
fn huge_and_binary_input_fail_fast() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.md");
    let f = std::fs::File::create(&huge).unwrap();
    // Over what any machine lets one file take (`ingest::max_file_bytes`), sparse.
    f.set_len((4 << 30) + 1).unwrap();
    let started = std::time::Instant::now();
    let o = run(&["stats", huge.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("over the"), "{}", stderr(&o));
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn missing_path_is_an_error_not_a_panic() {
    let o = run(&["stats", "/definitely/not/here.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/definitely/not/here.yaml"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn help_documents_every_subcommand() {
    let o = run(&["--help"]);
    let out = stdout(&o);
    for sub in ["stats", "import", "lint", "schema"] {
        assert!(out.contains(sub), "{sub} missing from --help:\n{out}");
    }
    let o = run(&["stats", "--help"]);
    assert!(stdout(&o).contains("--json"));
}

#[test]
fn schema_file_is_up_to_date() {
    let o = run(&["schema"]);
    assert!(o.status.success());
    let generated: serde_json::Value = json(&o);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/incident.schema.json");
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        generated, committed,
        "docs/incident.schema.json is stale: run `cargo run -- schema > docs/incident.schema.json`"
    );
    assert!(generated["properties"]["timeline"].is_object());
}

#[test]
fn bundled_samples_load_and_yaml_ones_lint_clean() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut yaml: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.display().to_string())
        .collect();
    yaml.sort();
    assert!(yaml.len() >= 8, "{yaml:?}");
    let mut args = vec!["lint", "--strict"];
    args.extend(yaml.iter().map(String::as_str));
    let o = run(&args);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(
        stdout(&o).ends_with("0 failed to load, 0 warnings\n"),
        "{}",
        stdout(&o)
    );

    // The seed's story in YAML gives the seed's numbers.
    let o = run(&[
        "stats",
        "--json",
        data.join("2024-08-15-checkout-slow-queries.yaml")
            .to_str()
            .unwrap(),
    ]);
    let v = json(&o);
    let inc = &v["incidents"][0];
    assert_eq!(
        (
            inc["events"].as_u64(),
            inc["ttr_s"].as_i64(),
            inc["detour_s"].as_i64()
        ),
        (Some(10), Some(8100), Some(1800))
    );
    assert_eq!(inc["detours"].as_array().unwrap().len(), 2);
}

#[test]
fn seed_style_postmortem_imports_with_the_seed_numbers() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/seed.md");
    let o = run(&["stats", "--json", seed.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let inc = &v["incidents"][0];
    assert_eq!(inc["format"], "markdown");
    for (key, want) in [
        ("started", "2024-08-15T10:30:00Z"),
        ("detected", "2024-08-15T10:30:00Z"),
        ("acknowledged", "2024-08-15T10:35:00Z"),
        ("identified", "2024-08-15T11:45:00Z"),
        ("mitigated", "2024-08-15T12:00:00Z"),
        ("resolved", "2024-08-15T12:45:00Z"),
    ] {
        assert_eq!(inc[key], want, "{key}");
    }
    assert_eq!(inc["ttd_s"], 0);
    assert_eq!(inc["tta_s"], 300);
    assert_eq!(inc["ttm_s"], 5400);
    assert_eq!(inc["ttr_s"], 8100);
    assert_eq!(inc["events"], 10);
    let d = inc["detours"].as_array().unwrap();
    assert_eq!(d.len(), 2);
    assert_eq!(
        (d[0]["start"].as_str(), d[0]["end"].as_str()),
        (Some("2024-08-15T10:45:00Z"), Some("2024-08-15T11:00:00Z"))
    );
    assert_eq!(
        (d[1]["start"].as_str(), d[1]["end"].as_str()),
        (Some("2024-08-15T11:30:00Z"), Some("2024-08-15T11:45:00Z"))
    );

    // --explain names the words behind each inference.
    let o = run(&["import", "--explain", seed.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(out.contains("[milestone:duration:"), "{out}");
    // A milestone reasoned from other moments says so, with its rule's explanation.
    let line = out
        .lines()
        .find(|l| l.contains("[milestone:duration:"))
        .expect("a milestone from a stated duration");
    assert!(line.contains("inferred") && line.contains(" — "), "{line}");
    assert!(
        out.contains("[detour:ruled-out: \"issue persisted\"]"),
        "{out}"
    );
}

#[test]
fn live_needs_a_terminal_and_new_still_prints_the_path_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&[
        "new",
        "Checkout latency",
        "--dir",
        dir.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = stdout(&o).trim().to_string();
    assert!(Path::new(&path).is_file(), "{path}");
    assert!(stderr(&o).contains("retrace live"));
    let o = run(&["live", &path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("needs a terminal"), "{}", stderr(&o));
}

/// `search` without a path looks where every other command looks ($RETRACE_DIR here), not in
/// the current folder.
#[test]
fn search_without_a_path_uses_retrace_dir() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("checkout.yaml"), dir.path().join("checkout.yaml")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let o = bin()
        .args(["search", "'monitoring", "--no-cache"])
        .env("RETRACE_DIR", dir.path())
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("checkout.yaml"), "{}", stdout(&o));
}

/// `--theme` and `--no-cache` are in the help of the commands they change, and only there; given
/// before a subcommand that ignores them, they are refused rather than silently dropped, and
/// given before one that uses them, they still apply.
#[test]
fn theme_and_no_cache_are_offered_only_where_they_mean_something() {
    let offers = |args: &[&str]| {
        let o = run(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let help = stdout(&o);
        (help.contains("--theme"), help.contains("--no-cache"))
    };
    assert_eq!(offers(&["--help"]), (true, true), "the TUI");
    for (cmd, want) in [
        ("import", (false, false)),
        ("schema", (false, false)),
        ("samples", (false, false)),
        ("note", (false, false)),
        ("stats", (false, true)),
        ("search", (false, true)),
        ("lint", (false, true)),
        ("export", (false, true)),
        ("present", (true, false)),
        ("live", (true, false)),
        ("new", (true, false)),
    ] {
        assert_eq!(offers(&[cmd, "--help"]), want, "retrace {cmd} --help");
    }
    // After the subcommand: only where it is offered.
    let o = run(&["import", "--theme", "light", "x.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let checkout = fixture("checkout.yaml");
    let checkout = checkout.to_str().unwrap();
    let o = run(&["lint", "--no-cache", checkout]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Before the subcommand: applies where it means something, refused where it does not.
    let o = run(&["--no-cache", "lint", checkout]);
    assert!(o.status.success(), "{}", stderr(&o));
    for args in [
        ["--theme", "light", "import", checkout],
        ["--no-cache", "import", checkout, "--explain"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("has no effect on `retrace import`"), "{err}");
        assert!(err.contains("hint:"), "{err}");
        assert!(o.stdout.is_empty(), "nothing imported");
    }
}
