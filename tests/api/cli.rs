//! The `laurel` command: migrate, seed, create-user, and clear failures.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::helpers::{TestDatabase, laurel_binary, spawn_app};

fn laurel(database_url: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(laurel_binary())
        .args(args)
        .env_clear()
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run laurel");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn migrate_applies_the_migrations_once() {
    let database = TestDatabase::create();
    let first = laurel(&database.url, &["migrate"], "");
    assert!(first.status.success(), "{}", stderr(&first));
    let migrations = std::fs::read_dir(crate::helpers::repo_root().join("migrations"))
        .unwrap()
        .filter(|entry| entry.as_ref().unwrap().path().is_dir())
        .count();
    assert!(
        stdout(&first).contains(&format!("{migrations} migrations applied now")),
        "{}",
        stdout(&first)
    );
    let second = laurel(&database.url, &["migrate"], "");
    assert!(second.status.success());
    assert!(
        stdout(&second).contains("0 migrations applied now"),
        "{}",
        stdout(&second)
    );
}

#[test]
fn seed_loads_the_default_programme_into_an_empty_database_only() {
    let database = TestDatabase::create();
    let first = laurel(&database.url, &["seed"], "");
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("Loaded the default programme"));
    let second = laurel(&database.url, &["seed"], "");
    assert!(
        stdout(&second).contains("already has a cycle"),
        "{}",
        stdout(&second)
    );
}

#[test]
fn create_user_reads_the_password_from_standard_input() {
    let database = TestDatabase::create();
    let args = [
        "create-user",
        "--role",
        "organiser",
        "--email",
        "Org@Example.org",
        "--name",
        "Olive Organiser",
    ];
    let created = laurel(&database.url, &args, "a long enough passphrase\n");
    assert!(created.status.success(), "{}", stderr(&created));
    assert!(stdout(&created).contains("Created the organiser account org@example.org"));

    let again = laurel(&database.url, &args, "a long enough passphrase\n");
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn create_user_refuses_weak_passwords_and_bad_input_in_one_line() {
    let database = TestDatabase::create();
    let cases = [
        (
            "judge",
            "judge@example.org",
            "",
            "password: Enter a password",
            "empty",
        ),
        (
            "judge",
            "judge@example.org",
            "short\n",
            "password: Use at least 10 characters",
            "short",
        ),
        (
            "judge",
            "judge@example.org",
            "password123\n",
            "too common",
            "common",
        ),
        (
            "judge",
            "judge@example.org",
            "judge@example.org\n",
            "email address as your password",
            "the email",
        ),
        (
            "judge",
            "not-an-email",
            "a long enough passphrase\n",
            "email: Enter an email address in the right format",
            "bad email",
        ),
        (
            "admin",
            "judge@example.org",
            "a long enough passphrase\n",
            "invalid value 'admin'",
            "unknown role",
        ),
    ];
    for (role, email, password, expected, case) in cases {
        let output = laurel(
            &database.url,
            &[
                "create-user",
                "--role",
                role,
                "--email",
                email,
                "--name",
                "J",
            ],
            password,
        );
        assert!(!output.status.success(), "{case}");
        let error = stderr(&output);
        assert!(error.contains(expected), "{case}: {error}");
        assert!(!error.contains("panicked"), "{case}: {error}");
    }
}

#[test]
fn bad_settings_stop_the_program_with_one_clear_line() {
    let cases = [
        (
            "mysql://localhost/laurel",
            "setting DATABASE_URL:",
            "an unsupported database",
        ),
        (
            "postgres://nobody@127.0.0.1:1/laurel",
            "cannot connect to the database",
            "an unreachable database",
        ),
    ];
    for (url, expected, case) in cases {
        let output = laurel(url, &["migrate"], "");
        assert!(!output.status.success(), "{case}");
        let error = stderr(&output);
        assert!(
            error.starts_with("laurel: ") && error.contains(expected),
            "{case}: {error}"
        );
        assert_eq!(error.trim().lines().count(), 1, "{case}: one line: {error}");
    }
}

#[tokio::test]
async fn serve_on_a_port_in_use_says_so_in_one_line() {
    let app = spawn_app().await;
    let database = TestDatabase::create();
    let output = laurel(
        &database.url,
        &["serve", "--bind", &format!("127.0.0.1:{}", app.port)],
        "",
    );
    assert!(!output.status.success());
    let error = stderr(&output);
    assert!(
        error.contains(&format!("cannot listen on 127.0.0.1:{}", app.port)),
        "{error}"
    );
    assert!(
        error
            .lines()
            .filter(|line| line.starts_with("laurel: "))
            .count()
            == 1,
        "{error}"
    );
}

#[test]
fn a_bad_bind_address_is_named() {
    let database = TestDatabase::create();
    let output = laurel(&database.url, &["serve", "--bind", "localhost"], "");
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("setting --bind: \"localhost\" is not an address"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test]
async fn serve_runs_on_the_configured_database_and_says_where_it_listens() {
    use std::io::{BufRead, BufReader};
    let database = TestDatabase::create();
    let mut child = Command::new(laurel_binary())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env_clear()
        .env("DATABASE_URL", &database.url)
        .env("LAUREL_MAIL_DIR", tempfile::tempdir().unwrap().keep())
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .strip_prefix("Laurel is listening on ")
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned();
    let page = reqwest::get(format!("{address}/")).await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Best Self Management Resource")
    );
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("seeded the default programme"), "{log}");
    assert!(
        log.contains("request_id="),
        "every request's log line names it: {log}"
    );
}

#[tokio::test]
async fn seed_demo_fills_a_database_with_nominations_judges_assignments_and_reviews() {
    let database = TestDatabase::create();
    let output = laurel(
        &database.url,
        &[
            "seed-demo",
            "--nominations",
            "60",
            "--judges",
            "8",
            "--reviews",
        ],
        "",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("Added 60 nominations, 8 judges"), "{said}");
    let settings = crate::helpers::test_settings(&database.url, 1);
    let db = laurel::startup::open_database(&settings).unwrap();
    let (assignments, submitted) = db
        .run(|conn| {
            let cycle = laurel::store::cycles::list(conn)?.remove(0);
            let rows = laurel::store::assignments::for_cycle(conn, &cycle.id)?;
            let submitted = rows
                .iter()
                .filter(|row| row.status == "submitted" && row.weighted_score.is_some())
                .count();
            Ok((rows.len(), submitted))
        })
        .await
        .unwrap();
    assert!(
        assignments >= 60 * 3 - 10,
        "nearly every nomination has three judges: {assignments}"
    );
    assert_eq!(
        submitted, assignments,
        "every assignment has a submitted, scored review"
    );
    let again = laurel(
        &database.url,
        &["seed-demo", "--nominations", "6", "--judges", "2"],
        "",
    );
    assert!(
        again.status.success(),
        "running it twice adds more: {}",
        stderr(&again)
    );
}

#[tokio::test]
async fn seed_demo_gives_each_judge_a_few_conflicts_not_a_tenth_of_the_nominations() {
    let database = TestDatabase::create();
    let output = laurel(
        &database.url,
        &["seed-demo", "--nominations", "3000", "--judges", "60"],
        "",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let settings = crate::helpers::test_settings(&database.url, 1);
    let db = laurel::startup::open_database(&settings).unwrap();
    let pairs = db
        .run(|conn| {
            let cycle = laurel::store::cycles::list(conn)?.remove(0);
            Ok(laurel::store::conflicts::pairs_in_cycle(conn, &cycle.id)?)
        })
        .await
        .unwrap();
    let mut per_judge: std::collections::HashMap<String, usize> = Default::default();
    for (_, judge) in pairs {
        *per_judge.entry(judge).or_default() += 1;
    }
    let most = per_judge.values().copied().max().unwrap_or(0);
    assert!(
        (1..=30).contains(&most),
        "a judge with a conflict has a handful, of 3,000 nominations: {per_judge:?}"
    );
    assert!(
        per_judge.len() < 40,
        "most of the 60 judges have none: {}",
        per_judge.len()
    );
}
