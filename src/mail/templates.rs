//! Email templates. Each email is three askama files under
//! `templates/emails/<name>/`: `subject.txt`, `text.txt` and `html.html`
//! (which extends the shared HTML layout). The data struct is shared by all
//! three, so a field can never be forgotten in one part.

/// An email rendered and ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEmail {
    pub template: &'static str,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Data that renders into an email.
pub trait EmailTemplate {
    fn render(&self) -> askama::Result<RenderedEmail>;
}

/// Declares the data struct of an email and its three templates.
macro_rules! email_template {
    (
        $(#[$meta:meta])*
        $name:ident, $template:literal, $subject:literal, $text:literal, $html:literal,
        { $($(#[$field_meta:meta])* $field:ident : $ty:ty),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $ty,)*
        }

        const _: () = {
            use askama::Template;

            #[derive(Template)]
            #[template(path = $subject)]
            #[allow(dead_code, reason = "a subject line may not need the email's fields")]
            struct Subject<'a> {
                email: &'a $name,
            }

            #[derive(Template)]
            #[template(path = $text)]
            struct Text<'a> {
                email: &'a $name,
            }

            #[derive(Template)]
            #[template(path = $html)]
            struct Html<'a> {
                email: &'a $name,
            }

            impl $crate::mail::templates::EmailTemplate for $name {
                fn render(&self) -> askama::Result<$crate::mail::templates::RenderedEmail> {
                    Ok($crate::mail::templates::RenderedEmail {
                        template: $template,
                        subject: Subject { email: self }.render()?.trim().to_owned(),
                        text: Text { email: self }.render()?,
                        html: Html { email: self }.render()?,
                    })
                }
            }
        };
    };
}

email_template!(
    /// A message that proves the mail settings work.
    TestEmail,
    "test",
    "emails/test/subject.txt",
    "emails/test/text.txt",
    "emails/test/html.html",
    {
        /// Who asked for it, for the body.
        requested_by: String,
        public_url: String,
    }
);

email_template!(
    /// An organiser invites a judge to set a password.
    InvitationEmail,
    "invitation",
    "emails/invitation/subject.txt",
    "emails/invitation/text.txt",
    "emails/invitation/html.html",
    {
        judge_name: String,
        programme: String,
        invited_by: String,
        link: String,
        expires: String,
    }
);

email_template!(
    /// A link to choose a new password.
    PasswordResetEmail,
    "password_reset",
    "emails/password_reset/subject.txt",
    "emails/password_reset/text.txt",
    "emails/password_reset/html.html",
    {
        name: String,
        link: String,
        expires: String,
    }
);

/// One line of a nomination's summary in an email: a question and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryLine {
    pub label: String,
    pub value: String,
}

email_template!(
    /// A nominator saved a draft: the private link to come back to it.
    NominationDraftEmail,
    "nomination_draft",
    "emails/nomination_draft/subject.txt",
    "emails/nomination_draft/text.txt",
    "emails/nomination_draft/html.html",
    {
        nominator_name: String,
        programme: String,
        category: String,
        nominee_name: String,
        link: String,
        deadline: String,
    }
);

email_template!(
    /// A nomination was received: its reference, a summary and the private link.
    NominationReceivedEmail,
    "nomination_received",
    "emails/nomination_received/subject.txt",
    "emails/nomination_received/text.txt",
    "emails/nomination_received/html.html",
    {
        nominator_name: String,
        programme: String,
        category: String,
        reference: String,
        nominee_name: String,
        summary: Vec<SummaryLine>,
        link: String,
        deadline: String,
        /// How staff received it ("phone", "paper"), when they entered it.
        entered_by_staff: Option<String>,
        /// Whether the nominee will be emailed to ask for their agreement.
        nominee_asked: bool,
    }
);

email_template!(
    /// A nominator changed a submitted nomination.
    NominationChangedEmail,
    "nomination_changed",
    "emails/nomination_changed/subject.txt",
    "emails/nomination_changed/text.txt",
    "emails/nomination_changed/html.html",
    {
        nominator_name: String,
        programme: String,
        reference: String,
        changed: Vec<String>,
        summary: Vec<SummaryLine>,
        link: String,
        deadline: String,
    }
);

email_template!(
    /// A nominator withdrew a nomination.
    NominationWithdrawnEmail,
    "nomination_withdrawn",
    "emails/nomination_withdrawn/subject.txt",
    "emails/nomination_withdrawn/text.txt",
    "emails/nomination_withdrawn/html.html",
    {
        nominator_name: String,
        programme: String,
        reference: String,
        nominee_name: String,
    }
);

email_template!(
    /// The nominee is asked to agree to the nomination and to its publication.
    ConsentRequestEmail,
    "consent_request",
    "emails/consent_request/subject.txt",
    "emails/consent_request/text.txt",
    "emails/consent_request/html.html",
    {
        nominee_name: String,
        nominator_name: String,
        programme: String,
        category: String,
        link: String,
    }
);

/// One line of a judge's digest.
#[derive(Debug, Clone)]
pub struct DigestLine {
    pub reference: String,
    pub nominee: String,
    pub category: String,
}

email_template!(
    /// The nominations newly assigned to a judge, in one email.
    AssignmentDigestEmail,
    "assignment_digest",
    "emails/assignment_digest/subject.txt",
    "emails/assignment_digest/text.txt",
    "emails/assignment_digest/html.html",
    {
        judge_name: String,
        programme: String,
        lines: Vec<DigestLine>,
        link: String,
        deadline: String,
    }
);

email_template!(
    /// A reminder of reviews still to do.
    ReviewReminderEmail,
    "review_reminder",
    "emails/review_reminder/subject.txt",
    "emails/review_reminder/text.txt",
    "emails/review_reminder/html.html",
    {
        judge_name: String,
        programme: String,
        outstanding: usize,
        submitted: usize,
        total: usize,
        link: String,
        deadline: String,
    }
);

email_template!(
    /// An organiser's message to an audience, already merged for one
    /// recipient. The text is the organiser's, never a template: the HTML
    /// part escapes it, paragraph by paragraph.
    BroadcastEmail,
    "broadcast",
    "emails/broadcast/subject.txt",
    "emails/broadcast/text.txt",
    "emails/broadcast/html.html",
    {
        subject: String,
        text: String,
        paragraphs: Vec<String>,
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_renders_a_subject_a_text_part_and_an_escaped_html_part() {
        let email = TestEmail {
            requested_by: "<b>Ann</b>".into(),
            public_url: "http://127.0.0.1:8080/".into(),
        };
        let rendered = email.render().unwrap();
        assert_eq!(rendered.template, "test");
        assert!(!rendered.subject.is_empty() && !rendered.subject.contains('\n'));
        assert!(
            rendered.text.contains("<b>Ann</b>"),
            "text is not escaped: {}",
            rendered.text
        );
        assert!(
            rendered.html.contains("&#60;b&#62;Ann") || rendered.html.contains("&lt;b&gt;Ann"),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains("<html"));
    }
}
