//! In a real browser: a judge signs in, declares a conflict on one
//! nomination, and scores another by keyboard alone; axe-core checks each page.

use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

use crate::browser::Chrome;
use crate::helpers::{PASSWORD, spawn_app};

/// Waits until the keyboard has chosen `value` in the criterion's radio group.
async fn wait_until_checked(chrome: &Chrome, key: &str, value: usize) {
    let script = format!(
        "const c = document.querySelector('input[name=score_{key}]:checked'); return c ? c.value : '';"
    );
    crate::helpers::eventually(
        std::time::Duration::from_secs(5),
        "the radio to be chosen",
        || async {
            let chosen = chrome.client.execute(&script, vec![]).await.ok()?;
            (chosen.as_str() == Some(value.to_string().as_str())).then_some(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_judge_declares_a_conflict_and_scores_a_nomination_by_keyboard() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    for n in 0..3 {
        app.judge_with_panel(
            &organiser,
            &format!("judge{n}@judges.test"),
            "",
            &["best-resource"],
        )
        .await;
    }
    app.nominate("best-resource", "Pacing booklet").await;
    app.nominate("best-resource", "Fatigue app").await;
    let cycle = app.cycle_id().await;
    let response = app
        .api(
            reqwest::Method::POST,
            &format!("/api/v1/cycles/{cycle}/assignments/auto"),
            Some(&organiser),
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);

    let chrome = Chrome::start().await;
    chrome.goto(&app.url("/login")).await;
    chrome.tab_to("email").await;
    chrome.type_text("judge0@judges.test").await;
    chrome.tab_to("password").await;
    chrome.type_text(PASSWORD).await;
    chrome.press(Key::Enter).await;
    assert_eq!(chrome.heading().await, "My judging");
    chrome.assert_accessible("the judge's dashboard").await;

    // The first nomination: a conflict of interest.
    let links = chrome
        .client
        .find_all(Locator::Css("tbody td:first-child a"))
        .await
        .unwrap();
    assert_eq!(links.len(), 2);
    links[0].click().await.unwrap();
    chrome.assert_accessible("a nomination's review page").await;
    chrome.tab_to("kind-personal").await;
    chrome.press(Key::Space).await;
    chrome.tab_to("conflict-reason").await;
    chrome.type_text("She is my neighbour").await;
    chrome.press(Key::Tab).await;
    chrome.press(Key::Enter).await;
    assert_eq!(chrome.heading().await, "My judging");
    assert_eq!(
        chrome
            .client
            .find_all(Locator::Css("tbody td:first-child a"))
            .await
            .unwrap()
            .len(),
        1,
        "the conflicted nomination is gone"
    );

    // The other: scored by keyboard, first with one criterion missing.
    chrome
        .client
        .find(Locator::Css("tbody td:first-child a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let radios = chrome
        .client
        .find_all(Locator::Css("input[type=radio][name^=score_]"))
        .await
        .unwrap();
    let mut groups = Vec::new();
    for radio in &radios {
        let name = radio.attr("name").await.unwrap().unwrap();
        if !groups.contains(&name) {
            groups.push(name);
        }
    }
    for (n, group) in groups.iter().enumerate().skip(1) {
        let key = group.trim_start_matches("score_");
        chrome.tab_to(&format!("score-{key}-0")).await;
        // Arrow keys move through a radio group and choose.
        for _ in 0..(5 + n) {
            chrome.press(Key::Right).await;
        }
        wait_until_checked(&chrome, key, 5 + n).await;
    }
    chrome.tab_to("comment").await;
    chrome.type_text("Practical and kind.").await;
    let submit = chrome
        .client
        .find(Locator::Css("button[value=submit]"))
        .await
        .unwrap();
    submit.click().await.unwrap();
    // One criterion was left out: the page comes back with an error summary.
    let source = chrome.wait_for_text("There is a problem").await;
    assert!(source.contains("There is a problem"));
    chrome
        .assert_accessible("the review page with an error")
        .await;

    let first = groups[0].trim_start_matches("score_").to_owned();
    chrome.tab_to(&format!("score-{first}-0")).await;
    for _ in 0..8 {
        chrome.press(Key::Right).await;
    }
    wait_until_checked(&chrome, &first, 8).await;
    chrome
        .client
        .find(Locator::Css("button[value=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    chrome.wait_for_text("You submitted this review").await;
    chrome.assert_accessible("a submitted review").await;
    chrome.close().await;
}

#[tokio::test]
async fn the_organisers_judging_pages_pass_axe_core() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    for n in 0..3 {
        app.judge_with_panel(
            &organiser,
            &format!("judge{n}@judges.test"),
            "The Pain Association",
            &["best-resource"],
        )
        .await;
    }
    app.insert_nomination(crate::judging_helpers::Nominated {
        category: "best-resource",
        nominee: "Pacing booklet",
        nominator_organisation: "Pain Association",
        nominee_email: "",
    })
    .await;
    let chrome = Chrome::start().await;
    chrome
        .sign_in(
            &app.url("/login"),
            "olive@awards.test",
            PASSWORD,
            "/organiser",
        )
        .await;
    chrome.goto(&app.url("/organiser/assignments")).await;
    chrome.assert_accessible("the assignments page").await;
    chrome
        .client
        .find(Locator::Css("button[value=preview]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The page says "Preview" before the click too; only the plan has this sentence.
    let plan = chrome.wait_for_text("This would add <strong>").await;
    assert!(
        plan.contains("Save these assignments and email the judges"),
        "the preview offers to save the plan"
    );
    chrome.assert_accessible("the assignment preview").await;
    for path in ["/organiser/progress", "/organiser/conflicts"] {
        chrome.goto(&app.url(path)).await;
        chrome.assert_accessible(path).await;
    }
    chrome.close().await;
}
