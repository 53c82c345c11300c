//! Who the demonstration nominations are by and about, and who judges them:
//! names, organisations and answers drawn from [`super::lists`]. Nominators
//! and nominees mostly belong to one of thousands of local groups and judges
//! seldom do, so a judge has a few dozen conflicts to be seen at most, as in
//! a real programme, not a tenth of every nomination.

use rand::Rng;
use rand::rngs::StdRng;

use super::lists::{BODIES, FIRST, GROUP_KINDS, LAST, PLACES, WORDS};

pub fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

pub fn person(rng: &mut StdRng) -> String {
    format!("{} {}", pick(rng, FIRST), pick(rng, LAST))
}

pub fn place(rng: &mut StdRng) -> &'static str {
    pick(rng, PLACES)
}

pub fn sentence(rng: &mut StdRng, words: usize) -> String {
    let mut text = String::new();
    for n in 0..words {
        if n > 0 {
            text.push(' ');
        }
        text.push_str(pick(rng, WORDS));
    }
    text.push('.');
    text
}

/// One of the local groups, like "Dundee Stroke Club".
fn local_group(rng: &mut StdRng) -> String {
    format!("{} {}", place(rng), pick(rng, GROUP_KINDS))
}

/// A judge's organisation: none for most, a health board, university or
/// national charity for some, and a local group now and then.
pub fn judge_organisation(rng: &mut StdRng) -> String {
    let roll: f64 = rng.random();
    if roll < 0.1 {
        local_group(rng)
    } else if roll < 0.4 {
        pick(rng, BODIES).to_owned()
    } else {
        String::new()
    }
}

/// The nominator's and the nominee's organisations: mostly local groups,
/// often the same one, a national body for one nominator in a hundred.
pub fn nomination_organisations(rng: &mut StdRng) -> (String, String) {
    let roll: f64 = rng.random();
    let nominator = if roll < 0.85 {
        local_group(rng)
    } else if roll < 0.86 {
        pick(rng, BODIES).to_owned()
    } else {
        String::new()
    };
    let roll: f64 = rng.random();
    let nominee = if roll < 0.5 {
        nominator.clone()
    } else if roll < 0.8 {
        local_group(rng)
    } else {
        String::new()
    };
    (nominator, nominee)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    use rand::SeedableRng;

    use super::*;
    use crate::domain::conflicts::organisation_key;

    /// How many nominations share an organisation with each judge, as
    /// Laurel's proposals would see it.
    fn conflicts_per_judge(nominations: usize, judges: usize) -> Vec<usize> {
        let mut rng = StdRng::seed_from_u64(7);
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for _ in 0..nominations {
            let (nominator, nominee) = nomination_organisations(&mut rng);
            let keys: BTreeSet<String> = [nominator, nominee]
                .iter()
                .filter_map(|organisation| organisation_key(organisation))
                .collect();
            for key in keys {
                *by_key.entry(key).or_default() += 1;
            }
        }
        (0..judges)
            .map(|_| {
                organisation_key(&judge_organisation(&mut rng))
                    .and_then(|key| by_key.get(&key).copied())
                    .unwrap_or(0)
            })
            .collect()
    }

    #[test]
    fn a_judge_shares_an_organisation_with_a_few_dozen_nominations_at_most() {
        let conflicts = conflicts_per_judge(20_000, 500);
        let most = conflicts.iter().copied().max().unwrap_or(0);
        assert!(
            most <= 40,
            "one judge shares an organisation with {most} of 20,000 nominations"
        );
        let with_any = conflicts.iter().filter(|&&n| n > 0).count();
        assert!(
            (10..=250).contains(&with_any),
            "some judges, not most, have a conflict to be seen: {with_any} of 500"
        );
    }

    #[test]
    fn local_groups_are_thousands_of_distinct_organisations() {
        let mut rng = StdRng::seed_from_u64(1);
        let distinct: BTreeSet<String> = (0..50_000)
            .filter_map(|_| organisation_key(&local_group(&mut rng)))
            .collect();
        assert!(distinct.len() >= 2_000, "{} groups", distinct.len());
    }
}
