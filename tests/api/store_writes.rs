//! Writes through `Db::write` (one shared transaction per batch on SQLite,
//! one each on PostgreSQL) and the programme kept in memory for the pages.

use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Integer};
use laurel::store::{DbConnection, write_transaction};

use crate::helpers::spawn_app;

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn insert_probe(conn: &mut DbConnection, n: i32) -> diesel::QueryResult<usize> {
    diesel::sql_query("INSERT INTO probe (n) VALUES ($1)")
        .bind::<Integer, _>(n)
        .execute(conn)
}

#[tokio::test]
async fn concurrent_writes_all_land_and_a_failing_one_leaves_no_trace() {
    let app = spawn_app().await;
    app.db
        .run(|conn| {
            Ok(diesel::sql_query("CREATE TABLE probe (n INTEGER PRIMARY KEY)").execute(conn)?)
        })
        .await
        .unwrap();

    // Many writers at once: the even ones succeed, the odd ones write and
    // then fail, which must undo their own row and nothing else.
    let writes = (0..200).map(|n| {
        let db = app.db.clone();
        tokio::spawn(async move {
            db.write(move |conn| {
                insert_probe(conn, n)?;
                if n % 2 == 1 {
                    return Err(anyhow::anyhow!("write {n} changes its mind"));
                }
                Ok(n)
            })
            .await
        })
    });
    let outcomes = futures_util::future::join_all(writes).await;
    for (n, outcome) in (0..).zip(outcomes) {
        let outcome = outcome.unwrap();
        if n % 2 == 0 {
            assert_eq!(outcome.unwrap(), n);
        } else {
            assert_eq!(
                outcome.unwrap_err().to_string(),
                format!("write {n} changes its mind")
            );
        }
    }
    let rows: Vec<Count> = app
        .db
        .run(|conn| {
            Ok(diesel::sql_query(
                "SELECT COUNT(*) AS n FROM probe WHERE n % 2 = 0 \
                 UNION ALL SELECT COUNT(*) AS n FROM probe WHERE n % 2 = 1",
            )
            .load(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(rows.iter().map(|row| row.n).collect::<Vec<_>>(), [100, 0]);

    // A write that fails on a database error (a duplicate key) is refused on
    // its own, and a write_transaction inside a write becomes a savepoint.
    let duplicate = app
        .db
        .write(|conn| Ok::<_, anyhow::Error>(insert_probe(conn, 0)?))
        .await;
    assert!(duplicate.is_err(), "key 0 is taken");
    let nested = app
        .db
        .write(|conn| {
            insert_probe(conn, 1000)?;
            let inner: anyhow::Result<()> = write_transaction(conn, |conn| {
                insert_probe(conn, 1001)?;
                Err(anyhow::anyhow!("the inner part fails"))
            });
            assert!(inner.is_err());
            Ok::<_, anyhow::Error>(())
        })
        .await;
    assert!(nested.is_ok());
    let rows: Vec<Count> = app
        .db
        .run(|conn| {
            Ok(diesel::sql_query("SELECT COUNT(*) AS n FROM probe WHERE n >= 1000").load(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(rows[0].n, 1, "only the outer write's row is kept");
}

#[tokio::test]
async fn a_changed_cycle_shows_on_the_public_pages_at_once() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    // The first visit keeps the programme in memory ...
    let before = app.get("/").await.text().await.unwrap();
    assert!(before.contains("Self Management Awards 2016"));
    // ... and a change made through the API replaces it straight away.
    let (status, _) = app
        .patch_cycle(
            &token,
            serde_json::json!({"title": "Self Management Awards 2017"}),
        )
        .await;
    assert_eq!(status, 200);
    let after = app.get("/").await.text().await.unwrap();
    assert!(
        after.contains("Self Management Awards 2017"),
        "the new title is shown"
    );
    let form = app
        .get("/nominate/best-resource")
        .await
        .text()
        .await
        .unwrap();
    assert!(form.contains("Self Management Awards 2017"));
}
