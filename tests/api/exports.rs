//! Exports: the shortlist as CSV and Excel, every review's scores, the
//! nominations; formulas written as text.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, spawn_app};
use crate::results_helpers::{Judged, call};

async fn download(app: &TestApp, token: &str, path: &str) -> (u16, String, Vec<u8>) {
    let response = app
        .api(Method::GET, path, Some(token))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, response.bytes().await.unwrap().to_vec())
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

async fn shortlisted(app: &TestApp) -> Judged {
    let judged = app.judged_with_leniency().await;
    let (status, _) = call(
        app,
        Method::POST,
        &judged.organiser,
        &format!("/api/v1/cycles/{}/decisions/suggested", judged.cycle),
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    judged
}

#[tokio::test]
async fn the_shortlist_exports_as_csv_and_xlsx_with_a_header_row() {
    let app = spawn_app().await;
    let judged = shortlisted(&app).await;
    let base = format!("/api/v1/cycles/{}/export", judged.cycle);
    let (status, kind, bytes) = download(
        &app,
        &judged.organiser,
        &format!("{base}/shortlist.csv?category=best-resource"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/csv"));
    let rows = csv_rows(&bytes);
    assert_eq!(
        rows[0][..5],
        ["Category", "Decision", "Rank", "Reference", "Nominee"]
    );
    let nominees: Vec<&str> = rows[1..].iter().map(|r| r[4].as_str()).collect();
    assert_eq!(nominees, ["Nominee A", "Nominee B", "Nominee C"]);
    assert_eq!(rows[1][1], "Shortlisted");

    let (status, kind, bytes) =
        download(&app, &judged.organiser, &format!("{base}/shortlist.xlsx")).await;
    assert_eq!(status, 200);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let mut workbook = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = workbook.worksheet_range("Shortlist").unwrap();
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(cells[0][3], "Reference");
    assert_eq!(cells.len(), 4, "a header and three shortlisted");
    assert_eq!(cells[1][4], "Nominee A");
    assert_eq!(cells[1][2], "1", "the rank is a number");

    let (status, _, _) = download(&app, &judged.organiser, &format!("{base}/secrets.csv")).await;
    assert_eq!(status, 404);
    let (_, judge) = &judged.judges[0];
    let (status, _, _) = download(&app, judge, &format!("{base}/scores.csv")).await;
    assert_eq!(status, 403, "judges cannot export");
}

#[tokio::test]
async fn scores_export_one_row_per_submitted_review_with_criterion_columns() {
    let app = spawn_app().await;
    let judged = shortlisted(&app).await;
    let (status, _, bytes) = download(
        &app,
        &judged.organiser,
        &format!(
            "/api/v1/cycles/{}/export/scores.csv?category=best-resource",
            judged.cycle
        ),
    )
    .await;
    assert_eq!(status, 200);
    let rows = csv_rows(&bytes);
    assert_eq!(rows.len(), 1 + 16, "a header and 16 reviews");
    let criteria = app.criteria_of("best-resource").await.len();
    assert_eq!(rows[0].len(), 6 + criteria + 1);
    assert_eq!(rows[0][5], "Weighted score");
    let lenient_on_b: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[2] == "Nominee B" && r[3] == "Judge lenient@judges.test")
        .collect();
    assert_eq!(lenient_on_b.len(), 1);
    assert_eq!(lenient_on_b[0][5], "10.00");
    assert!(
        lenient_on_b[0][6..6 + criteria]
            .iter()
            .all(|c| c == "10.00")
    );
    assert_eq!(lenient_on_b[0].last().unwrap(), "Scored 10");
}

#[tokio::test]
async fn cells_that_look_like_formulas_are_exported_as_text_and_exports_are_audited() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let cycle = app.cycle_id().await;
    app.nominate("best-resource", "=HYPERLINK(\"http://evil\",\"x\")")
        .await;
    app.nominate("transformational-story", "@Ann").await;
    let (status, _, bytes) = download(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/export/nominations.csv"),
    )
    .await;
    assert_eq!(status, 200);
    let rows = csv_rows(&bytes);
    assert_eq!(rows[0][1], "Reference");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][3], "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(rows[2][3], "'@Ann");
    let (_, _, only_stories) = download(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/export/nominations.csv?category=transformational-story"),
    )
    .await;
    let filtered = csv_rows(&only_stories);
    assert_eq!(filtered.len(), 2);
    let audit = app
        .browser_as_organiser()
        .await
        .get("/organiser/audit?action=export")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        audit.contains("nominations.csv"),
        "exports are audit-logged"
    );
}
