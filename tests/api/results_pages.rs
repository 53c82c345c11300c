//! The organisers' results page: sorting, flags, the judges' chart, and
//! decisions made through its forms.

use crate::helpers::spawn_app;

fn position(page: &str, text: &str) -> usize {
    page.find(text)
        .unwrap_or_else(|| panic!("{text:?} is on the page"))
}

#[tokio::test]
async fn the_results_page_ranks_sorts_and_draws_the_judges_chart() {
    let app = spawn_app().await;
    let _judged = app.judged_with_leniency().await;
    let browser = app.browser_as_organiser().await;
    let response = browser
        .get("/organiser/results?category=best-resource")
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("<caption>Best"), "a table caption");
    assert!(page.contains(r#"<th scope="row">Nominee A</th>"#));
    assert!(page.contains(r#"aria-sort="ascending""#), "sorted by rank");
    assert!(page.contains("Normalised (ranking)"));
    assert!(page.contains(r#"<svg role="img""#) && page.contains("<title id=\"chart-title\">"));
    assert!(page.contains("Judge lenient@judges.test") && page.contains("marks higher"));
    assert!(
        page.contains("Few reviews"),
        "the unreviewed nomination is flagged"
    );
    assert!(position(&page, "Nominee A") < position(&page, "Nominee B"));
    assert!(page.contains("sort=mean"), "a sort link per column");

    let by_name = browser
        .get("/organiser/results?category=best-resource&sort=nominee&dir=desc")
        .await
        .text()
        .await
        .unwrap();
    assert!(position(&by_name, ">Nominee U<") < position(&by_name, ">Nominee A<"));
    let by_mean = browser
        .get("/organiser/results?category=best-resource&rank_by=mean")
        .await
        .text()
        .await
        .unwrap();
    assert!(by_mean.contains("Mean (ranking)"));
    assert!(position(&by_mean, ">Nominee B<") < position(&by_mean, ">Nominee A<"));
}

#[tokio::test]
async fn decisions_are_made_by_hand_and_from_the_suggestion_on_the_page() {
    let app = spawn_app().await;
    let judged = app.judged_with_leniency().await;
    let browser = app.browser_as_organiser().await;
    let page = "/organiser/results?category=best-resource";
    let response = browser
        .submit(
            page,
            "/organiser/results/decision",
            &[
                ("nomination_id", judged.nominations[7].as_str()),
                ("decision", "ineligible"),
                ("back", "category=best-resource&rank_by=normalised"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/organiser/results?category=best-resource"),
        "{location}"
    );
    let response = browser
        .submit(
            page,
            "/organiser/results/suggest",
            &[("category", "best-resource"), ("rank_by", "normalised")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let (_, rows) = app
        .get_json_with(
            &judged.organiser,
            &format!(
                "/api/v1/cycles/{}/results?category=best-resource",
                judged.cycle
            ),
        )
        .await;
    let decision = |n: usize| rows[n]["decision"].as_str().unwrap_or("none").to_owned();
    assert_eq!(decision(0), "shortlisted");
    assert_eq!(decision(3), "not_shortlisted");
    assert_eq!(decision(7), "ineligible", "kept through the suggestion");
    let after = browser.get(page).await.text().await.unwrap();
    assert!(after.contains("Ineligible"));
}
