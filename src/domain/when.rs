//! Dates and times as people read them, in the organisation's time zone:
//! "5pm on Friday 5 August 2016 (UK time)". Stored times stay UTC; this
//! module turns them into words and reads what organisers type back.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// The organisation's time zone, with the words that name it on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone(Tz);

/// Why a typed local date and time cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    #[error("that time does not exist on that day, because the clocks go forward")]
    DoesNotExist,
}

impl Default for Zone {
    fn default() -> Zone {
        Zone(chrono_tz::Europe::London)
    }
}

impl Zone {
    /// An IANA time zone name such as `Europe/London`.
    pub fn parse(name: &str) -> Option<Zone> {
        name.trim().parse::<Tz>().ok().map(Zone)
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// How the zone is named after a time: "UK time", else its abbreviation.
    fn label(&self, at: DateTime<Utc>) -> String {
        if self.0 == chrono_tz::Europe::London {
            return "UK time".into();
        }
        let abbreviation = at.with_timezone(&self.0).format("%Z").to_string();
        if abbreviation.chars().all(|c| c.is_ascii_alphabetic()) {
            abbreviation
        } else {
            format!("{} time", self.0.name())
        }
    }

    /// A moment: "5pm on Friday 5 August 2016 (UK time)".
    pub fn moment(&self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&self.0);
        format!(
            "{} on {} ({})",
            clock(local.time()),
            local.format("%A %-d %B %Y"),
            self.label(at)
        )
    }

    /// The end of a period, which belongs to the next one: a period ending at
    /// midnight runs "until 11:59pm" on the day before.
    pub fn deadline(&self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&self.0);
        if local.time() == NaiveTime::MIN {
            self.moment(at - Duration::minutes(1))
        } else {
            self.moment(at)
        }
    }

    /// Only the day: "Friday 5 August 2016".
    pub fn day(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.0).format("%A %-d %B %Y").to_string()
    }

    /// The local date and the time as typed in a form ("17:00"), for a
    /// deadline shown the way [`Zone::deadline`] reads it.
    pub fn form_parts(&self, at: DateTime<Utc>, is_deadline: bool) -> (NaiveDate, String) {
        let mut local = at.with_timezone(&self.0);
        if is_deadline && local.time() == NaiveTime::MIN {
            local -= Duration::minutes(1);
        }
        (local.date_naive(), local.format("%H:%M").to_string())
    }

    /// The UTC moment of a local date and time. A deadline typed as 11:59pm
    /// lasts to the end of that minute. An hour the clocks skip is refused;
    /// an hour they repeat means its first time.
    pub fn from_local(
        &self,
        date: NaiveDate,
        time: NaiveTime,
        is_deadline: bool,
    ) -> Result<DateTime<Utc>, LocalTimeError> {
        let at = match self.0.from_local_datetime(&date.and_time(time)) {
            LocalResult::Single(at) => at,
            LocalResult::Ambiguous(first, _) => first,
            LocalResult::None => return Err(LocalTimeError::DoesNotExist),
        }
        .with_timezone(&Utc);
        if is_deadline && time.hour() == 23 && time.minute() == 59 {
            Ok(at + Duration::minutes(1))
        } else {
            Ok(at)
        }
    }
}

/// Reads a date typed in the three boxes of a date input and a time of day,
/// in `zone`; the error says what to fix, in words for the page.
pub fn read_local(
    zone: &Zone,
    (day, month, year): (&str, &str, &str),
    time: &str,
    is_deadline: bool,
) -> Result<DateTime<Utc>, &'static str> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Err("Enter the date");
    }
    let number = |text: &str| text.parse::<u32>().ok();
    let (Some(day), Some(month), Some(year)) = (number(day), number(month), number(year)) else {
        return Err("Enter the day, month and year as numbers, like 25 1 2027");
    };
    if !(2000..=2200).contains(&year) {
        return Err("Enter the year as four digits, like 2027");
    }
    let year = i32::try_from(year).map_err(|_| "Enter the year as four digits, like 2027")?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or("Enter a real date")?;
    if time.trim().is_empty() {
        return Err("Enter the time, like 5pm or 17:00");
    }
    let time = parse_time(time).ok_or("Enter the time like 5pm, 5:30pm or 17:00")?;
    zone.from_local(date, time, is_deadline)
        .map_err(|_| "That time does not exist on that day because the clocks go forward: enter a time an hour later")
}

/// A time of day the GOV.UK way: "9am", "5:30pm", "midday".
fn clock(time: NaiveTime) -> String {
    let (pm, hour) = time.hour12();
    match (time.hour(), time.minute()) {
        (12, 0) => "midday".into(),
        (_, 0) => format!("{hour}{}", if pm { "pm" } else { "am" }),
        (_, minute) => format!("{hour}:{minute:02}{}", if pm { "pm" } else { "am" }),
    }
}

/// Reads a typed time of day: "17:00", "5pm", "5:30pm", "5.30 pm", "midday".
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim().to_ascii_lowercase().replace(' ', "");
    match text.as_str() {
        "midday" | "noon" => return NaiveTime::from_hms_opt(12, 0, 0),
        "midnight" => return Some(NaiveTime::MIN),
        _ => {}
    }
    let (digits, offset) = if let Some(rest) = text.strip_suffix("am") {
        (rest, Some(0))
    } else if let Some(rest) = text.strip_suffix("pm") {
        (rest, Some(12))
    } else {
        (text.as_str(), None)
    };
    let (hour, minute) = match digits.split_once([':', '.']) {
        Some((hour, minute)) if minute.len() == 2 => {
            (hour.parse::<u32>().ok()?, minute.parse().ok()?)
        }
        None if !digits.is_empty() && digits.len() <= 2 && offset.is_some() => {
            (digits.parse().ok()?, 0)
        }
        _ => return None,
    };
    let hour = match offset {
        Some(add) if (1..=12).contains(&hour) => hour % 12 + add,
        Some(_) => return None,
        None => hour,
    };
    NaiveTime::from_hms_opt(hour, minute, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn a_midnight_deadline_reads_as_a_minute_before_on_the_day_before() {
        let zone = Zone::default();
        // 26 January is winter: UK time is UTC.
        assert_eq!(
            zone.deadline(utc(2027, 1, 26, 0, 0)),
            "11:59pm on Monday 25 January 2027 (UK time)"
        );
        assert_eq!(
            zone.moment(utc(2027, 1, 26, 0, 0)),
            "12am on Tuesday 26 January 2027 (UK time)"
        );
    }

    #[test]
    fn both_sides_of_a_clock_change_read_in_local_time() {
        let zone = Zone::default();
        // Clocks went forward at 1am UTC on 28 March 2027.
        assert_eq!(
            zone.moment(utc(2027, 3, 28, 0, 30)),
            "12:30am on Sunday 28 March 2027 (UK time)"
        );
        assert_eq!(
            zone.moment(utc(2027, 3, 28, 1, 30)),
            "2:30am on Sunday 28 March 2027 (UK time)"
        );
        // Summer: 5pm UK time is 4pm UTC.
        assert_eq!(
            zone.moment(utc(2016, 8, 5, 16, 0)),
            "5pm on Friday 5 August 2016 (UK time)"
        );
        assert_eq!(
            zone.moment(utc(2016, 8, 5, 11, 0)),
            "midday on Friday 5 August 2016 (UK time)"
        );
    }

    #[test]
    fn typed_local_times_become_utc_on_both_sides_of_a_clock_change() {
        let zone = Zone::default();
        let winter = NaiveDate::from_ymd_opt(2027, 1, 25).unwrap();
        let summer = NaiveDate::from_ymd_opt(2027, 8, 5).unwrap();
        assert_eq!(
            zone.from_local(winter, time(17, 0), false),
            Ok(utc(2027, 1, 25, 17, 0))
        );
        assert_eq!(
            zone.from_local(summer, time(17, 0), false),
            Ok(utc(2027, 8, 5, 16, 0))
        );
        assert_eq!(
            zone.from_local(winter, time(23, 59), true),
            Ok(utc(2027, 1, 26, 0, 0)),
            "a deadline of 11:59pm lasts the whole day"
        );
        let spring = NaiveDate::from_ymd_opt(2027, 3, 28).unwrap();
        assert_eq!(
            zone.from_local(spring, time(1, 30), false),
            Err(LocalTimeError::DoesNotExist)
        );
        let autumn = NaiveDate::from_ymd_opt(2027, 10, 31).unwrap();
        assert_eq!(
            zone.from_local(autumn, time(1, 30), false),
            Ok(utc(2027, 10, 31, 0, 30)),
            "a repeated hour means its first time"
        );
    }

    #[test]
    fn form_parts_round_trip_a_deadline() {
        let zone = Zone::default();
        let at = utc(2027, 1, 26, 0, 0);
        let (date, typed) = zone.form_parts(at, true);
        assert_eq!(
            (date, typed.as_str()),
            (NaiveDate::from_ymd_opt(2027, 1, 25).unwrap(), "23:59")
        );
        let back = zone.from_local(date, parse_time(&typed).unwrap(), true);
        assert_eq!(back, Ok(at));
    }

    #[test]
    fn other_zones_are_named_by_their_abbreviation() {
        let zone = Zone::parse("Europe/Paris").unwrap();
        assert_eq!(
            zone.moment(utc(2027, 1, 25, 16, 0)),
            "5pm on Monday 25 January 2027 (CET)"
        );
        assert!(Zone::parse("Mars/Olympus").is_none());
    }

    #[test]
    fn date_inputs_are_read_or_refused_in_words() {
        let zone = Zone::default();
        assert_eq!(
            read_local(&zone, ("25", "1", "2027"), "11:59pm", true),
            Ok(utc(2027, 1, 26, 0, 0))
        );
        let bad = [
            (("", "", ""), "5pm", "Enter the date"),
            (("31", "2", "2027"), "5pm", "Enter a real date"),
            (
                ("x", "2", "2027"),
                "5pm",
                "Enter the day, month and year as numbers, like 25 1 2027",
            ),
            (
                ("1", "2", "27"),
                "5pm",
                "Enter the year as four digits, like 2027",
            ),
            (("1", "2", "2027"), "", "Enter the time, like 5pm or 17:00"),
            (
                ("1", "2", "2027"),
                "teatime",
                "Enter the time like 5pm, 5:30pm or 17:00",
            ),
        ];
        for (date, time, message) in bad {
            assert_eq!(
                read_local(&zone, date, time, false),
                Err(message),
                "{date:?} {time}"
            );
        }
        assert!(read_local(&zone, ("28", "3", "2027"), "1:30am", false).is_err());
    }

    #[test]
    fn typed_times_are_read_in_the_usual_ways() {
        let cases = [
            ("17:00", Some(time(17, 0))),
            ("5pm", Some(time(17, 0))),
            ("5:30 PM", Some(time(17, 30))),
            ("5.30pm", Some(time(17, 30))),
            ("12am", Some(time(0, 0))),
            ("12pm", Some(time(12, 0))),
            ("midday", Some(time(12, 0))),
            ("9:05", Some(time(9, 5))),
            ("25:00", None),
            ("13pm", None),
            ("17", None),
            ("", None),
            ("soon", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_time(text), expected, "{text:?}");
        }
    }
}
