//! What makes an acknowledged write last: the settings in force on the very
//! connections Laurel writes through, and a full disk refused with a clear
//! answer while nothing acknowledged is lost.

use std::path::Path;
use std::process::Command;

use diesel::sql_types::{Integer, Text};
use diesel::{QueryableByName, RunQueryDsl};
use laurel::store::{Db, DbConnection};

use crate::helpers::{TestDatabase, eventually, spawn_app, spawn_app_on, test_backend};

#[derive(QueryableByName)]
struct Synchronous {
    #[diesel(sql_type = Integer)]
    synchronous: i32,
}

#[derive(QueryableByName)]
struct JournalMode {
    #[diesel(sql_type = Text)]
    journal_mode: String,
}

#[derive(QueryableByName)]
struct Setting {
    #[diesel(sql_type = Text)]
    value: String,
}

/// The durability settings of one connection, as `name = value` lines.
fn durability_of(conn: &mut DbConnection) -> diesel::QueryResult<Vec<(String, String)>> {
    Ok(match conn {
        DbConnection::Sqlite(sqlite) => {
            let synchronous =
                diesel::sql_query("PRAGMA synchronous").get_result::<Synchronous>(sqlite)?;
            let journal =
                diesel::sql_query("PRAGMA journal_mode").get_result::<JournalMode>(sqlite)?;
            vec![
                ("synchronous".into(), synchronous.synchronous.to_string()),
                ("journal_mode".into(), journal.journal_mode.to_lowercase()),
            ]
        }
        DbConnection::Postgres(pg) => {
            let mut settings = Vec::new();
            for name in ["synchronous_commit", "fsync"] {
                let setting =
                    diesel::sql_query(format!("SELECT current_setting('{name}') AS value"))
                        .get_result::<Setting>(pg)?;
                settings.push((name.to_owned(), setting.value));
            }
            settings
        }
    })
}

/// The settings that make a commit survive a power cut, by each database's
/// documentation: SQLite `synchronous = FULL` (2) in WAL mode; PostgreSQL
/// `fsync = on` and `synchronous_commit` not `off`.
fn assert_durable(settings: &[(String, String)], which: &str) {
    for (name, value) in settings {
        let durable = match name.as_str() {
            "synchronous" => value == "2" || value == "3",
            "journal_mode" => value == "wal",
            "fsync" => value == "on",
            "synchronous_commit" => value != "off",
            other => panic!("unknown setting {other}"),
        };
        assert!(
            durable,
            "{which}: {name} = {value} does not make commits durable"
        );
    }
}

async fn writer_settings(db: &Db) -> Vec<(String, String)> {
    db.write(|conn| durability_of(conn).map_err(anyhow::Error::from))
        .await
        .expect("the writer thread answers")
}

#[tokio::test]
async fn the_connections_laurel_writes_through_make_commits_durable() {
    let app = spawn_app().await;
    let pooled = {
        let mut conn = app.db.get().expect("a pooled connection");
        durability_of(&mut conn).expect("the settings are read")
    };
    assert_durable(&pooled, "a pooled connection");
    assert_durable(
        &writer_settings(&app.db).await,
        "the writer thread's connection",
    );
}

/// A small filesystem of the test's own, removed when the test ends.
struct SmallDisk {
    folder: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> Result<SmallDisk, String> {
        let folder = tempfile::tempdir().map_err(|error| error.to_string())?;
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(folder.path())
            .output()
            .map_err(|error| error.to_string())?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).into_owned());
        }
        Ok(SmallDisk { folder })
    }

    fn path(&self) -> &Path {
        self.folder.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.folder.path())
            .status();
    }
}

#[tokio::test]
async fn a_full_disk_answers_503_and_loses_no_acknowledged_nomination() {
    if test_backend() != "sqlite" {
        eprintln!("skipped: the full disk test runs on the SQLite run only");
        return;
    }
    let disk = match SmallDisk::mount("8m") {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("skipped: cannot mount a small filesystem (needs root): {why}");
            return;
        }
    };
    let url = format!("sqlite://{}", disk.path().join("laurel.db").display());
    let app = spawn_app_on(TestDatabase::at(&url), |settings| {
        settings.public_rate_per_minute = 0;
    })
    .await;
    let token = app.organiser_token().await;
    let body = app.nomination_body("best-resource").await;
    // Leave the database little room, so a few nominations fill it.
    let filler = disk.path().join("filler");
    let free = fs_free_bytes(disk.path());
    std::fs::write(&filler, vec![0_u8; free.saturating_sub(64 * 1024) as usize])
        .expect("fill the disk");

    let mut acknowledged = Vec::new();
    let mut refused = None;
    for _ in 0..2000 {
        let (status, answer) = app.post_nomination(&body, None).await;
        match status {
            201 => acknowledged.push(answer["id"].as_str().unwrap().to_owned()),
            503 => {
                refused = Some(answer);
                break;
            }
            other => panic!("a nomination on a full disk answered {other}: {answer}"),
        }
    }
    let refused = refused.expect("the disk filled up");
    let message = refused["error"].as_str().unwrap();
    assert!(message.contains("storage space"), "{message}");
    let response = app
        .api(reqwest::Method::POST, "/api/v1/nominations", None)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert!(response.headers().contains_key("retry-after"));

    std::fs::remove_file(&filler).expect("free the disk");
    eventually(
        std::time::Duration::from_secs(10),
        "a nomination once there is room",
        || async {
            let (status, answer) = app.post_nomination(&body, None).await;
            (status == 201).then(|| answer["id"].as_str().unwrap().to_owned())
        },
    )
    .await;
    let (status, stored) = app.get_json_with(&token, "/api/v1/nominations").await;
    assert_eq!(status, 200, "{stored}");
    let stored: Vec<&str> = (stored.as_array().unwrap().iter())
        .map(|nomination| nomination["id"].as_str().unwrap())
        .collect();
    for id in &acknowledged {
        assert!(
            stored.contains(&id.as_str()),
            "nomination {id} answered 201 but is lost"
        );
    }
}

/// The bytes free on the filesystem holding `path`.
fn fs_free_bytes(path: &Path) -> u64 {
    let output = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(path)
        .output()
        .expect("df runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .nth(1)
        .and_then(|line| line.trim().parse().ok())
        .expect("df answers the free space")
}
