//! A small server-rendered chart of each judge's scores: one strip per
//! judge with a dot per submitted score on the 0-10 scale, a tick at the
//! judge's mean, and their fitted leniency written beside it.

use crate::services::results::JudgeScores;

/// Where the scale starts and ends, in SVG units.
const LEFT: f64 = 190.0;
const RIGHT: f64 = 560.0;
const ROW: f64 = 30.0;
const TOP: f64 = 30.0;
const WIDTH: f64 = 640.0;

/// One judge's strip, laid out.
#[derive(Debug, Clone)]
pub struct Strip {
    pub name: String,
    pub y: f64,
    pub text_y: f64,
    pub dots: Vec<f64>,
    pub mean_x: Option<f64>,
    pub reviews: usize,
    pub mean: String,
    pub low: String,
    pub high: String,
    pub offset: String,
    pub offset_words: String,
}

/// A tick of the 0-10 axis.
#[derive(Debug, Clone)]
pub struct Tick {
    pub x: f64,
    pub label: u32,
}

#[derive(Debug, Clone)]
pub struct Chart {
    pub strips: Vec<Strip>,
    pub ticks: Vec<Tick>,
    pub height: f64,
    pub axis_y: f64,
    pub left: f64,
    pub right: f64,
    pub offset_x: f64,
    pub width: f64,
}

fn x_of(score: f64) -> f64 {
    LEFT + (RIGHT - LEFT) * score.clamp(0.0, 10.0) / 10.0
}

/// A leniency as words a reader can follow: "+1.2 (marks higher)".
pub fn describe_offset(offset: Option<f64>) -> String {
    match offset {
        None => "not measurable (shares no nomination with another judge)".to_owned(),
        Some(o) if o.abs() < 0.05 => "0.0 (in line with the others)".to_owned(),
        Some(o) if o > 0.0 => format!("+{o:.1} (marks higher than the others)"),
        Some(o) => format!("{o:.1} (marks lower than the others)"),
    }
}

pub fn layout(judges: &[JudgeScores]) -> Chart {
    let strips: Vec<Strip> = (judges.iter().enumerate())
        .map(|(i, judge)| {
            let y = TOP + ROW * i as f64 + ROW / 2.0;
            let count = judge.scores.len();
            let mean = (count > 0).then(|| judge.scores.iter().sum::<f64>() / count as f64);
            let fmt = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
            Strip {
                name: judge.name.clone(),
                y,
                text_y: y + 5.0,
                dots: judge.scores.iter().map(|&s| x_of(s)).collect(),
                mean_x: mean.map(x_of),
                reviews: count,
                mean: fmt(mean),
                low: fmt(judge.scores.first().copied()),
                high: fmt(judge.scores.last().copied()),
                offset_words: describe_offset(judge.offset),
                offset: match judge.offset {
                    Some(o) => format!("{o:+.1}"),
                    None => "n/a".to_owned(),
                },
            }
        })
        .collect();
    let axis_y = TOP + ROW * strips.len() as f64 + 4.0;
    Chart {
        ticks: (0..=10)
            .step_by(2)
            .map(|label| Tick {
                x: x_of(f64::from(label)),
                label,
            })
            .collect(),
        height: axis_y + 30.0,
        axis_y,
        left: LEFT,
        right: RIGHT,
        offset_x: RIGHT + 20.0,
        width: WIDTH,
        strips,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::UserId;

    #[test]
    fn each_judge_gets_a_strip_with_a_dot_per_score_on_the_scale() {
        let judges = [JudgeScores {
            judge_id: UserId::new(),
            name: "Ann".into(),
            scores: vec![0.0, 5.0, 10.0],
            offset: Some(1.25),
        }];
        let chart = layout(&judges);
        let strip = &chart.strips[0];
        assert_eq!(strip.dots, [LEFT, (LEFT + RIGHT) / 2.0, RIGHT]);
        assert_eq!(strip.offset, "+1.2");
        assert_eq!(strip.mean, "5.0");
        assert_eq!(chart.ticks.len(), 6);
        assert!(describe_offset(Some(-0.7)).contains("lower"));
        assert!(describe_offset(None).contains("not measurable"));
    }
}
