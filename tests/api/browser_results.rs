//! The results, broadcast, category and winners pages in a real browser,
//! checked with axe-core.

use fantoccini::key::Key;

use crate::browser::Chrome;
use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn the_results_broadcast_category_and_winners_pages_pass_axe_core() {
    let app = spawn_app().await;
    app.judged_with_leniency().await;
    let chrome = Chrome::start().await;
    chrome.goto(&app.url("/login")).await;
    chrome.tab_to("email").await;
    chrome.type_text("olive@awards.test").await;
    chrome.tab_to("password").await;
    chrome.type_text(PASSWORD).await;
    chrome.press(Key::Enter).await;
    for path in [
        "/organiser/results?category=best-resource",
        "/organiser/results?category=best-resource&rank_by=mean&sort=spread&dir=desc",
        "/organiser/broadcasts",
        "/organiser/categories",
        "/organiser/categories/best-resource",
        "/winners",
    ] {
        chrome.goto(&app.url(path)).await;
        assert_ne!(
            chrome.heading().await,
            "Sign in",
            "{path} is shown signed in"
        );
        chrome.assert_accessible(path).await;
    }
    chrome.close().await;
}
