//! Exports for organisers: the shortlist (CSV or Excel), every submitted
//! review's scores, and the nominations; each optionally of one category,
//! and each recorded in the audit log.

pub mod format;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use self::format::{Cell, Table};
use crate::domain::decision::Decision;
use crate::domain::ids::CycleId;
use crate::domain::scoring::RankBy;
use crate::error::AppError;
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles::{self, CycleView};
use crate::services::results::{self, category_by_slug};
use crate::store::results as store;
use crate::store::{Db, DbConnection, from_db_time};

/// What can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    ShortlistCsv,
    ShortlistXlsx,
    ScoresCsv,
    NominationsCsv,
}

impl ExportKind {
    pub fn file_name(self) -> &'static str {
        match self {
            ExportKind::ShortlistCsv => "shortlist.csv",
            ExportKind::ShortlistXlsx => "shortlist.xlsx",
            ExportKind::ScoresCsv => "scores.csv",
            ExportKind::NominationsCsv => "nominations.csv",
        }
    }

    pub fn parse(name: &str) -> Option<ExportKind> {
        [
            ExportKind::ShortlistCsv,
            ExportKind::ShortlistXlsx,
            ExportKind::ScoresCsv,
            ExportKind::NominationsCsv,
        ]
        .into_iter()
        .find(|kind| kind.file_name() == name)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportKind::ShortlistXlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            _ => "text/csv; charset=utf-8",
        }
    }
}

/// A file to download.
#[derive(Debug, Clone)]
pub struct ExportFile {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

fn text(value: &str) -> Cell {
    Cell::text(value)
}

fn shortlist(
    conn: &mut DbConnection,
    cycle: &CycleView,
    category: Option<&str>,
) -> anyhow::Result<Table> {
    let loaded = results::load(conn, cycle.id)?;
    let (rows, _) = results::compute(cycle, &loaded, RankBy::Normalised)?;
    let published = [Decision::Shortlisted, Decision::Winner].map(Decision::as_str);
    let details = store::decided_details(conn, &cycle.id.to_string(), &published)?;
    let by_id: HashMap<&str, _> = details.iter().map(|n| (n.id.as_str(), n)).collect();
    let header = [
        "Category",
        "Decision",
        "Rank",
        "Reference",
        "Nominee",
        "Name on certificate",
        "Organisation",
        "Locality",
        "Nominator",
        "Nominator email",
        "Normalised",
        "Mean",
        "Median",
        "Reviews",
    ];
    let mut table = Table {
        header: header.map(str::to_owned).to_vec(),
        rows: Vec::new(),
    };
    for row in rows.iter().filter(|row| {
        category.is_none_or(|c| c == row.category)
            && row.decision.is_some_and(Decision::is_published)
    }) {
        let Some(n) = by_id.get(row.nomination_id.to_string().as_str()).copied() else {
            continue;
        };
        table.rows.push(vec![
            text(&row.category_name),
            text(row.decision.map_or("", Decision::label)),
            Cell::Number(row.rank.map(f64::from)),
            text(&row.reference),
            text(&n.nominee_name),
            text(&n.certificate_name),
            text(&n.nominee_organisation),
            text(&n.nominee_locality),
            text(&n.nominator_name),
            text(&n.nominator_email),
            Cell::Number(row.normalised),
            Cell::Number(row.mean),
            Cell::Number(row.median),
            Cell::Number(Some(f64::from(row.reviews))),
        ]);
    }
    Ok(table)
}

fn scores(
    conn: &mut DbConnection,
    cycle: &CycleView,
    category: Option<&str>,
) -> anyhow::Result<Table> {
    let cycle_id = cycle.id.to_string();
    let submitted = store::nominations(conn, &cycle_id)?;
    let reviews = store::review_details(conn, &cycle_id)?;
    let judges = results::judge_names(conn, reviews.iter().map(|r| r.judge_id.as_str()))?;
    let chosen: Vec<_> = (cycle.categories.iter())
        .filter(|c| category.is_none_or(|slug| slug == c.slug))
        .collect();
    let mut criteria: Vec<(String, String)> = Vec::new();
    for c in &chosen {
        for criterion in &c.criteria {
            if !criteria.iter().any(|(key, _)| *key == criterion.key) {
                criteria.push((criterion.key.clone(), criterion.name.clone()));
            }
        }
    }
    let categories: HashMap<String, &str> = (chosen.iter())
        .map(|c| (c.id.to_string(), c.name.as_str()))
        .collect();
    let nominations: HashMap<&str, _> = (submitted.iter())
        .filter(|n| categories.contains_key(&n.category_id))
        .map(|n| (n.id.as_str(), n))
        .collect();
    let mut header: Vec<String> = [
        "Category",
        "Reference",
        "Nominee",
        "Judge",
        "Submitted at",
        "Weighted score",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(criteria.iter().map(|(_, name)| name.clone()));
    header.push("Comment".into());
    let mut table = Table {
        header,
        rows: Vec::new(),
    };
    for review in &reviews {
        let Some(n) = nominations.get(review.nomination_id.as_str()) else {
            continue;
        };
        let given: BTreeMap<String, f64> = serde_json::from_str(&review.scores).unwrap_or_default();
        let mut row = vec![
            text(categories.get(&n.category_id).copied().unwrap_or_default()),
            text(n.reference.as_deref().unwrap_or_default()),
            text(&n.nominee_name),
            text(judges.get(&review.judge_id).map_or("", String::as_str)),
            text(
                &review
                    .submitted_at
                    .map(|at| from_db_time(at).to_rfc3339())
                    .unwrap_or_default(),
            ),
            Cell::Number(review.weighted_score),
        ];
        row.extend(
            criteria
                .iter()
                .map(|(key, _)| Cell::Number(given.get(key).copied())),
        );
        row.push(text(&review.comment));
        table.rows.push(row);
    }
    Ok(table)
}

fn nominations(
    conn: &mut DbConnection,
    cycle: &CycleView,
    category: Option<&str>,
) -> anyhow::Result<Table> {
    let cycle_id = cycle.id.to_string();
    let details = store::nomination_details(conn, &cycle_id)?;
    let decisions: HashMap<String, String> =
        store::decisions(conn, &cycle_id)?.into_iter().collect();
    let header = [
        "Category",
        "Reference",
        "Submitted at",
        "Nominee",
        "Nominee email",
        "Organisation",
        "Locality",
        "Name on certificate",
        "Nominator",
        "Nominator email",
        "Nominator organisation",
        "Decision",
    ];
    let mut table = Table {
        header: header.map(str::to_owned).to_vec(),
        rows: Vec::new(),
    };
    for n in &details {
        let Some(c) = cycle
            .categories
            .iter()
            .find(|c| c.id.to_string() == n.category_id)
        else {
            continue;
        };
        if category.is_some_and(|slug| slug != c.slug) {
            continue;
        }
        let decision = decisions.get(&n.id).and_then(|d| Decision::parse(d));
        table.rows.push(vec![
            text(&c.name),
            text(n.reference.as_deref().unwrap_or_default()),
            text(
                &n.submitted_at
                    .map(|at| from_db_time(at).to_rfc3339())
                    .unwrap_or_default(),
            ),
            text(&n.nominee_name),
            text(&n.nominee_email),
            text(&n.nominee_organisation),
            text(&n.nominee_locality),
            text(&n.certificate_name),
            text(&n.nominator_name),
            text(&n.nominator_email),
            text(&n.nominator_organisation),
            text(decision.map_or("", Decision::label)),
        ]);
    }
    Ok(table)
}

/// Builds an export of the cycle (organisers; audit-logged).
#[tracing::instrument(skip(db, principal, ip), fields(cycle = %cycle_id))]
pub async fn export(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
    kind: ExportKind,
    category: Option<&str>,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<ExportFile, AppError> {
    require_organiser(principal)?;
    let cycle = cycles::get(db, cycle_id, now).await?;
    let category = category_by_slug(&cycle, category)?.map(|c| c.slug);
    let principal = principal.clone();
    let ip = ip.to_owned();
    let file_name = match &category {
        Some(slug) => format!("{}-{slug}-{}", cycle.slug, kind.file_name()),
        None => format!("{}-{}", cycle.slug, kind.file_name()),
    };
    let slug = category.clone();
    let bytes = db
        .run(move |conn| {
            let slug = slug.as_deref();
            let bytes = match kind {
                ExportKind::ShortlistCsv => format::to_csv(&shortlist(conn, &cycle, slug)?)?,
                ExportKind::ShortlistXlsx => {
                    format::to_xlsx(&shortlist(conn, &cycle, slug)?, "Shortlist")?
                }
                ExportKind::ScoresCsv => format::to_csv(&scores(conn, &cycle, slug)?)?,
                ExportKind::NominationsCsv => format::to_csv(&nominations(conn, &cycle, slug)?)?,
            };
            Ok(bytes)
        })
        .await?;
    // Recorded before the file is handed over: no export goes unrecorded.
    db.write(move |conn| {
        audit::record(
            conn,
            &principal.actor(),
            Entry {
                action: "export.downloaded",
                subject_type: "cycle",
                subject_id: cycle_id.to_string(),
                detail: format!(
                    "{} {}",
                    kind.file_name(),
                    category.as_deref().unwrap_or("all categories")
                ),
            },
            &ip,
            now,
        )
        .map_err(AppError::from)
    })
    .await?;
    Ok(ExportFile {
        file_name,
        content_type: kind.content_type(),
        bytes,
    })
}
