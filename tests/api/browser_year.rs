//! The year's pages in a real browser: the settings page and the phase
//! confirmation used by keyboard and clicks, axe-core and the page width at
//! 1280px and 320px, and a screenshot of each page at both widths.

use std::path::PathBuf;

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::browser::Chrome;
use crate::helpers::{PASSWORD, spawn_app};
use laurel::domain::role::Role;

/// Where the screenshots go: a folder under the temporary directory.
fn screenshot_folder() -> PathBuf {
    let folder = std::env::temp_dir().join("laurel-screenshots").join("year");
    std::fs::create_dir_all(&folder).expect("screenshot folder");
    folder
}

/// At each width: no axe-core finding, nothing wider than the window, and a screenshot.
async fn check_at_both_widths(chrome: &Chrome, path: &str, name: &str) {
    for width in [1280u32, 320] {
        chrome
            .client
            .set_window_size(width, 900)
            .await
            .expect("window resized");
        chrome.client.refresh().await.expect("page reloads");
        chrome
            .assert_accessible(&format!("{path} at {width}px"))
            .await;
        let sizes = chrome
            .client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await
            .expect("sizes");
        let (scroll, inner) = (sizes[0].as_u64().unwrap(), sizes[1].as_u64().unwrap());
        assert!(
            scroll <= inner,
            "{path} at {width}px is {scroll}px wide in a {inner}px window"
        );
        let png = chrome.client.screenshot().await.expect("screenshot");
        std::fs::write(screenshot_folder().join(format!("{name}-{width}.png")), png)
            .expect("screenshot written");
    }
    chrome
        .client
        .set_window_size(1280, 900)
        .await
        .expect("window resized");
}

/// Moves to `id` with the Tab key, empties it with Backspace, and types `text`.
async fn retype(chrome: &Chrome, id: &str, text: &str) {
    chrome.tab_to(id).await;
    chrome.press(Key::End).await;
    for _ in 0..12 {
        chrome.press(Key::Backspace).await;
    }
    chrome.type_text(text).await;
}

#[tokio::test]
async fn an_organiser_sets_the_dates_and_closes_nominations_from_the_pages() {
    let app = spawn_app().await;
    app.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
        .await;
    let chrome = Chrome::start().await;
    chrome.goto(&app.url("/login")).await;
    chrome.tab_to("email").await;
    chrome.type_text("olive@awards.test").await;
    chrome.tab_to("password").await;
    chrome.type_text(PASSWORD).await;
    chrome.press(Key::Enter).await;
    chrome.wait_for_text("Organiser sections").await;

    chrome.goto(&app.url("/organiser/settings")).await;
    check_at_both_widths(&chrome, "/organiser/settings", "settings").await;
    let year = (chrono::Utc::now() + chrono::Duration::days(400))
        .format("%Y")
        .to_string();
    retype(&chrome, "nominations_close_at", "25").await;
    retype(&chrome, "nominations_close_at-month", "1").await;
    retype(&chrome, "nominations_close_at-year", &year).await;
    retype(&chrome, "nominations_close_at-time", "11:59pm").await;
    retype(&chrome, "judging_close_at", "1").await;
    retype(&chrome, "judging_close_at-month", "3").await;
    retype(&chrome, "judging_close_at-year", &year).await;
    retype(&chrome, "contact_email", "awards@charity.test").await;
    chrome.press(Key::Enter).await;
    chrome.wait_for_text("have been saved").await;

    chrome.goto(&app.url("/")).await;
    let home = chrome.wait_for_text("until").await;
    assert!(
        home.contains("11:59pm on ") && home.contains(&format!("25 January {year} (UK time)")),
        "{home}"
    );
    assert!(home.contains("awards@charity.test"), "{home}");

    chrome.goto(&app.url("/organiser")).await;
    check_at_both_widths(&chrome, "/organiser", "dashboard").await;
    chrome
        .client
        .find(Locator::LinkText("Close nominations and open judging now"))
        .await
        .expect("the next move")
        .click()
        .await
        .expect("clicked");
    chrome.wait_for_text("What will happen").await;
    check_at_both_widths(
        &chrome,
        "/organiser/phase/close-nominations",
        "close-nominations",
    )
    .await;
    chrome
        .client
        .find(Locator::Css(
            r#"form[action="/organiser/phase/close-nominations"] button"#,
        ))
        .await
        .expect("the button")
        .click()
        .await
        .expect("clicked");
    chrome.wait_for_text("Done:").await;

    chrome.goto(&app.url("/nominate/best-resource")).await;
    chrome.wait_for_text("See all the award categories").await;
    chrome.close().await;
}
